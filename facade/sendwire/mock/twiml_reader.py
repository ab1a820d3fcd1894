"""Reading an app's TwiML answer to an incoming message, safely.

The document comes from the app under test, so it is hostile until checked: it is read with
defusedxml (no DTDs, so no entity expansion and no external entities), bounded in size,
and only the messaging verbs the mock can carry out are accepted.
"""

from __future__ import annotations

from typing import NamedTuple
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from .._schema.formats import is_phone_number, is_uri
from .spec import MAX_MEDIA_URLS

MAX_DOCUMENT_BYTES = 64 * 1024
MAX_MEDIA = MAX_MEDIA_URLS or 10
MAX_MESSAGES = 10
MAX_BODY = 1600
# The service's debugger codes for a TwiML answer it cannot use.
PARSE_FAILURE = 12100
SCHEMA_WARNING = 12200


class TwimlError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Reply(NamedTuple):
    body: str
    media: tuple[str, ...]
    to: str | None
    from_: str | None
    status_callback: str | None


def _text(element: Element) -> str:
    return "".join(element.itertext())


def _message(element: Element) -> Reply:
    children = list(element)
    if children:
        unknown = sorted({child.tag for child in children} - {"Body", "Media"})
        if unknown:
            raise TwimlError(SCHEMA_WARNING, f"<Message> cannot hold <{unknown[0]}>")
        body = "".join(_text(child) for child in children if child.tag == "Body")
        media = tuple(_text(child).strip() for child in children if child.tag == "Media")
    else:
        body, media = _text(element), ()
    to, from_ = element.get("to"), element.get("from")
    callback = element.get("statusCallback")
    if not body and not media:
        raise TwimlError(SCHEMA_WARNING, "<Message> has neither a body nor media")
    if len(body) > MAX_BODY:
        raise TwimlError(SCHEMA_WARNING, f"<Message> body is longer than {MAX_BODY} characters")
    if len(media) > MAX_MEDIA or not all(is_uri(url) for url in media):
        raise TwimlError(SCHEMA_WARNING, f"<Media> must be up to {MAX_MEDIA} URLs")
    for name, value in (("to", to), ("from", from_)):
        if value is not None and not is_phone_number(value):
            raise TwimlError(SCHEMA_WARNING, f"<Message {name}> is not a phone number")
    if callback is not None and not is_uri(callback):
        raise TwimlError(SCHEMA_WARNING, "<Message statusCallback> is not a URL")
    return Reply(body, media, to, from_, callback)


def read_messaging_twiml(document: bytes) -> list[Reply]:
    """The replies a `<Response>` asks for; an empty answer asks for none."""
    if not document.strip():
        return []
    if len(document) > MAX_DOCUMENT_BYTES:
        raise TwimlError(PARSE_FAILURE, f"the answer is larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        root = SafeTree.fromstring(document, forbid_dtd=True)
    except DefusedXmlException:
        raise TwimlError(PARSE_FAILURE, "the answer declares a DTD or entities") from None
    except SafeTree.ParseError as exc:
        raise TwimlError(PARSE_FAILURE, f"the answer is not XML ({exc})") from None
    if root.tag != "Response":
        raise TwimlError(PARSE_FAILURE, f"the root element is <{root.tag}>, not <Response>")
    verbs = list(root)
    unknown = sorted({verb.tag for verb in verbs} - {"Message"})
    if unknown:
        raise TwimlError(SCHEMA_WARNING, f"<{unknown[0]}> is not a verb the mock carries out")
    if len(verbs) > MAX_MESSAGES:
        raise TwimlError(SCHEMA_WARNING, f"more than {MAX_MESSAGES} <Message> verbs")
    return [_message(verb) for verb in verbs]
