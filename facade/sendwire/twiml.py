"""Building a TwiML messaging answer: what an incoming-message webhook sends back.

    reply = MessagingResponse()
    reply.message("Thanks, we got it")
    reply.message("A picture", media=["https://example.com/cat.png"])
    return str(reply), {"Content-Type": MessagingResponse.CONTENT_TYPE}

Every text and attribute is escaped; text XML cannot carry (most control characters) is
refused with a ValidationError rather than sent as a document the service cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

import attrs

from .errors import ValidationError

__all__ = ["MessagingResponse", "TwimlMessage"]

# Characters XML 1.0 does not allow anywhere in a document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _checked(text: str, field: str) -> str:
    if not isinstance(text, str):
        raise ValidationError(f"{field} must be a string", field=field)
    if _NOT_XML.search(text):
        raise ValidationError(f"{field} holds a character XML cannot carry", field=field)
    return text


@attrs.frozen
class TwimlMessage:
    """One ``<Message>``: sent to ``to`` (default: whoever texted) from ``from_``
    (default: the number that was texted)."""

    body: str = ""
    media: tuple[str, ...] = ()
    to: str | None = None
    from_: str | None = None
    status_callback: str | None = None

    def render(self) -> str:
        attributes = "".join(
            f" {name}={quoteattr(_checked(value, name))}"
            for name, value in (
                ("to", self.to),
                ("from", self.from_),
                ("statusCallback", self.status_callback),
            )
            if value is not None
        )
        if not self.media:
            return f"<Message{attributes}>{escape(_checked(self.body, 'body'))}</Message>"
        parts = [f"<Body>{escape(_checked(self.body, 'body'))}</Body>"] if self.body else []
        parts += [f"<Media>{escape(_checked(url, 'media'))}</Media>" for url in self.media]
        return f"<Message{attributes}>{''.join(parts)}</Message>"


class MessagingResponse:
    """A ``<Response>`` of ``<Message>`` verbs; ``str()`` gives the XML document."""

    CONTENT_TYPE = "application/xml"

    def __init__(self) -> None:
        self.messages: list[TwimlMessage] = []

    def message(
        self,
        body: str = "",
        *,
        media: Iterable[str] = (),
        to: str | None = None,
        from_: str | None = None,
        status_callback: str | None = None,
    ) -> TwimlMessage:
        """Add a reply; returns it. At least a body or one media URL is needed."""
        added = TwimlMessage(body, tuple(media), to, from_, status_callback)
        if not added.body and not added.media:
            raise ValidationError("a message needs a body or media", field="body")
        added.render()  # refuse bad text now, not when the answer is sent
        self.messages.append(added)
        return added

    def __str__(self) -> str:
        inner = "".join(message.render() for message in self.messages)
        return f'<?xml version="1.0" encoding="UTF-8"?><Response>{inner}</Response>'

    def __repr__(self) -> str:
        return f"MessagingResponse(messages={len(self.messages)})"
