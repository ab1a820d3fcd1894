"""Checking that a webhook request came from the service, reading status callbacks and
incoming messages, and answering an incoming message with TwiML (``MessagingResponse``).

The service signs each request it sends to your URLs with ``X-Twilio-Signature``: the base64
HMAC-SHA1, keyed with the account's auth token, of the full URL followed by every form parameter
name and value, names in sorted order. For a JSON body the URL carries ``bodySHA256`` (the hex
SHA-256 of the body) and no parameters are appended::

    validator = RequestValidator(auth_token)
    ok = validator.validate(url, form_params, request.headers["X-Twilio-Signature"])
    ok = validator.validate(url_with_body_sha256, raw_json_body, signature)

``url`` is the URL the service called, exactly as configured (scheme, host, path, query).
Proxies often add or drop the default port, so a signature made over the URL with or without
``:443`` (https) or ``:80`` (http) is accepted. A form parameter that occurs several times
contributes each value, in the order received, under its name. Signatures are compared in
constant time.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import attrs

from sendwire._generated.operations import CREATE_MESSAGE

from ._core.convert import to_int
from .enums import MessageStatus
from .errors import ValidationError
from .twiml import MessagingResponse, TwimlMessage

__all__ = [
    "FormParams",
    "IncomingMedia",
    "IncomingMessage",
    "MessagingResponse",
    "RequestValidator",
    "StatusCallbackEvent",
    "TwimlMessage",
    "parse_incoming_message",
    "parse_status_callback",
]

#: What the validator and the parser accept as form parameters: a mapping of names to a value or
#: a list of values, a multi-dict with ``getlist``/``multi_items`` (Django, Werkzeug, Starlette),
#: or a sequence of (name, value) pairs (``urllib.parse.parse_qsl``).
FormParams = Mapping[str, Any] | Iterable[tuple[str, str]]

_DEFAULT_PORTS = {"https": "443", "http": "80"}


def _pairs(params: FormParams | None) -> list[tuple[str, str]]:
    """Every (name, value) pair, repeated names included, in the order received."""
    if params is None:
        return []
    multi_items = getattr(params, "multi_items", None)
    if callable(multi_items):
        return [(str(k), str(v)) for k, v in multi_items()]
    getlist = getattr(params, "getlist", None)
    if callable(getlist) and isinstance(params, Mapping):
        return [(str(k), str(v)) for k in params for v in getlist(k)]
    if isinstance(params, Mapping):
        pairs: list[tuple[str, str]] = []
        for key, value in params.items():
            if isinstance(value, (list, tuple)):
                pairs.extend((str(key), str(v)) for v in value)
            else:
                pairs.append((str(key), str(value)))
        return pairs
    return [(str(k), str(v)) for k, v in params]


def _first_values(params: FormParams) -> dict[str, str]:
    """Each parameter's first value: a webhook form names each field once."""
    first: dict[str, str] = {}
    for name, value in _pairs(params):
        first.setdefault(name, value)
    return first


def _url_variants(url: str) -> list[str]:
    """The URL as given, and with the scheme's default port added or removed."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a broken IPv6 literal: only the URL exactly as given can match
        return [url]
    default = _DEFAULT_PORTS.get(parts.scheme.lower())
    if default is None:
        return [url]
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if hostport.startswith("["):  # IPv6 literal
        end = hostport.find("]") + 1
        host, rest = hostport[:end], hostport[end:]
        if rest and not rest.startswith(":"):
            return [url]  # text after the address is no port: this URL matches only as given
        port = rest[1:]
    else:
        host, _, port = hostport.partition(":")
    prefix = userinfo + at
    if port == "":
        other = urlunsplit(parts._replace(netloc=f"{prefix}{host}:{default}"))
    elif port == default:
        other = urlunsplit(parts._replace(netloc=f"{prefix}{host}"))
    else:
        return [url]
    return [url, other]


class RequestValidator:
    """Validates ``X-Twilio-Signature`` headers with an account's auth token."""

    __slots__ = ("_key",)

    def __init__(self, auth_token: str) -> None:
        if not isinstance(auth_token, str) or not auth_token:
            raise ValidationError("auth_token must be a non-empty string", field="auth_token")
        self._key = auth_token.encode("utf-8", "surrogatepass")

    def __repr__(self) -> str:
        return "RequestValidator(auth_token=<hidden>)"

    def compute_signature(self, url: str, params: FormParams | None = None) -> str:
        """The signature the service sends for ``url`` and form ``params``."""
        data = [url]
        for name, value in sorted(_pairs(params), key=lambda pair: pair[0]):
            data.append(name)
            data.append(value)
        message = "".join(data).encode("utf-8", "surrogatepass")
        digest = hmac.new(self._key, message, hashlib.sha1).digest()
        return base64.b64encode(digest).decode("ascii")

    def validate(
        self, url: str, params: FormParams | str | bytes | None, signature: str | None
    ) -> bool:
        """True if ``signature`` is the service's signature of this request.

        ``params`` is the form (any ``FormParams`` shape), or the raw body as ``str``/``bytes``
        for a JSON request, in which case ``url`` must carry ``bodySHA256`` and it must match.
        """
        if not signature or not isinstance(signature, str) or not isinstance(url, str):
            return False
        expected = signature.encode("utf-8", "surrogatepass")
        form: FormParams | None
        if isinstance(params, (str, bytes)):
            if not self._body_matches(url, params):
                return False
            form = None
        else:
            form = params
        valid = False
        for candidate in _url_variants(url):
            computed = self.compute_signature(candidate, form).encode("ascii")
            # Check every variant, so timing does not reveal which one matched.
            valid |= hmac.compare_digest(computed, expected)
        return valid

    @staticmethod
    def _body_matches(url: str, body: str | bytes) -> bool:
        try:
            query = urlsplit(url).query
        except ValueError:
            return False
        claimed = [v for k, v in parse_qsl(query, True) if k == "bodySHA256"]
        if len(claimed) != 1:
            return False
        raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        actual = hashlib.sha256(raw).hexdigest().encode("ascii")
        return hmac.compare_digest(actual, claimed[0].lower().encode("utf-8", "surrogatepass"))


@attrs.frozen(slots=True)
class StatusCallbackEvent:
    """A status-change notification the service posted to a ``StatusCallback`` URL."""

    message_sid: str
    status: MessageStatus
    account_sid: str
    error_code: int | None
    raw_dlr_done_date: dt.datetime | None
    from_: str | None
    to: str | None
    messaging_service_sid: str | None
    api_version: str | None
    #: Every parameter not mapped above (the set varies by channel and grows over time).
    extra: Mapping[str, str]


_MAPPED = frozenset(
    {
        "MessageSid",
        "MessageStatus",
        "AccountSid",
        "ErrorCode",
        "RawDlrDoneDate",
        "From",
        "To",
        "MessagingServiceSid",
        "ApiVersion",
        "SmsSid",
        "SmsStatus",
    }
)


def _raw_dlr_done_date(value: str | None) -> dt.datetime | None:
    """``YYMMDDhhmm`` from the carrier's receipt, read as UTC."""
    if value is None or len(value) != 10 or not value.isascii() or not value.isdigit():
        return None
    try:
        return dt.datetime(
            2000 + int(value[0:2]),
            int(value[2:4]),
            int(value[4:6]),
            int(value[6:8]),
            int(value[8:10]),
            tzinfo=dt.timezone.utc,
        )
    except ValueError:
        return None


def parse_status_callback(params: FormParams) -> StatusCallbackEvent:
    """Read a status-callback form into a typed event.

    ``MessageSid``, ``MessageStatus`` (or the older ``SmsSid``/``SmsStatus``) and
    ``AccountSid`` are required; anything else may be absent. Parameters this library does not
    map land in ``extra``, so no information is dropped. Verify the signature first.
    """
    first = _first_values(params)
    message_sid = first.get("MessageSid") or first.get("SmsSid")
    status = first.get("MessageStatus") or first.get("SmsStatus")
    account_sid = first.get("AccountSid")
    missing = [
        name
        for name, value in (
            ("MessageSid", message_sid),
            ("MessageStatus", status),
            ("AccountSid", account_sid),
        )
        if not value
    ]
    if missing or message_sid is None or status is None or account_sid is None:
        raise ValidationError(
            f"not a status callback: missing {', '.join(missing)}", field=missing[0]
        )
    error_code = first.get("ErrorCode")
    return StatusCallbackEvent(
        message_sid=message_sid,
        status=MessageStatus(status),
        account_sid=account_sid,
        error_code=to_int(error_code) if error_code else None,
        raw_dlr_done_date=_raw_dlr_done_date(first.get("RawDlrDoneDate")),
        from_=first.get("From"),
        to=first.get("To"),
        messaging_service_sid=first.get("MessagingServiceSid"),
        api_version=first.get("ApiVersion"),
        extra={k: v for k, v in first.items() if k not in _MAPPED},
    )


@attrs.frozen(slots=True)
class IncomingMedia:
    url: str
    content_type: str | None


@attrs.frozen(slots=True)
class IncomingMessage:
    """A message someone sent to one of your numbers, as the service posts it to your app."""

    message_sid: str
    account_sid: str
    from_: str
    to: str
    body: str
    media: tuple[IncomingMedia, ...]
    num_segments: int | None
    messaging_service_sid: str | None
    api_version: str | None
    #: Every parameter not mapped above (location fields, channel details, ...).
    extra: Mapping[str, str]


_INCOMING_MAPPED = frozenset(
    {
        "MessageSid",
        "SmsMessageSid",
        "SmsSid",
        "AccountSid",
        "From",
        "To",
        "Body",
        "NumMedia",
        "NumSegments",
        "MessagingServiceSid",
        "ApiVersion",
        "SmsStatus",
    }
)
_MEDIA_FIELD = re.compile(r"Media(Url|ContentType)[0-9]+\Z")
# A message carries at most the spec's MediaUrl bound; a bigger NumMedia is not followed.
_MAX_MEDIA = CREATE_MESSAGE.bound("body", "MediaUrl", "maxItems") or 10


def _media(first: Mapping[str, str]) -> tuple[IncomingMedia, ...]:
    claimed = first.get("NumMedia", "0")
    count = int(claimed) if claimed.isascii() and claimed.isdigit() else 0
    items = []
    for index in range(min(count, _MAX_MEDIA)):
        url = first.get(f"MediaUrl{index}")
        if url:
            items.append(IncomingMedia(url, first.get(f"MediaContentType{index}")))
    return tuple(items)


def parse_incoming_message(params: FormParams) -> IncomingMessage:
    """Read the form the service posts for an incoming message into a typed object.

    ``MessageSid`` (or ``SmsMessageSid``/``SmsSid``), ``AccountSid``, ``From`` and ``To`` are
    required; ``Body`` may be empty (a picture alone). ``MediaUrl0..`` with
    ``MediaContentType0..`` become ``media``. Verify the signature first.
    """
    first = _first_values(params)
    sid = first.get("MessageSid") or first.get("SmsMessageSid") or first.get("SmsSid")
    required = (
        ("MessageSid", sid),
        ("AccountSid", first.get("AccountSid")),
        ("From", first.get("From")),
        ("To", first.get("To")),
    )
    missing = [name for name, value in required if not value]
    if missing:
        raise ValidationError(
            f"not an incoming message: missing {', '.join(missing)}", field=missing[0]
        )
    segments = first.get("NumSegments", "")
    media = _media(first)
    return IncomingMessage(
        message_sid=sid or "",
        account_sid=first["AccountSid"],
        from_=first["From"],
        to=first["To"],
        body=first.get("Body", ""),
        media=media,
        num_segments=int(segments) if segments.isascii() and segments.isdigit() else None,
        messaging_service_sid=first.get("MessagingServiceSid"),
        api_version=first.get("ApiVersion"),
        extra={
            k: v
            for k, v in first.items()
            if k not in _INCOMING_MAPPED and not _MEDIA_FIELD.match(k)
        },
    )
