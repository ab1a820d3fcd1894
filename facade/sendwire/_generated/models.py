"""The resources calls return, typed as the spec describes them.

Generated from spec/messages.yaml by `make generate` (tools/codegen/facade); do not edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Generic, TypeVar

import attrs
from sendwire._core.convert import (
    as_object,
    parse_rfc2822,
    to_decimal,
    to_enum,
    to_int,
    to_items,
    to_str,
    to_str_map,
    unknown_properties,
)
from sendwire._core.resource import Resource, lazy
from sendwire._generated.enums import FeedbackOutcome, MessageDirection, MessageStatus

__all__ = [
    "Message",
    "Media",
    "Feedback",
    "PageData",
    "parse_message",
    "parse_media",
    "parse_feedback",
    "parse_message_list",
    "parse_media_list",
]

T = TypeVar("T")


@attrs.frozen(slots=True, kw_only=True)
class Message(Resource):
    """An inbound or outbound message."""

    sid: str
    #: The text content of the message (up to 1,600 characters).
    body: str | None = None
    #: How many SMS segments make up the message; `0` at first for a message sent with a Messaging
    #: Service, before a sender is chosen.
    num_segments: int | None = None
    #: `inbound` for received messages, `outbound-api` for messages created through this API,
    #: `outbound-call` for messages created during a call, `outbound-reply` for replies to an
    #: incoming message.
    direction: MessageDirection | None = None
    #: The sender: an E.164 phone number, alphanumeric sender ID, Wireless SIM, short code or
    #: channel address such as `whatsapp:+15554449999`.
    from_: str | None = None
    #: The recipient's E.164 phone number or channel address.
    to: str | None = None
    #: When the resource was last updated (RFC 2822, GMT).
    date_updated: dt.datetime | None = None
    #: The amount billed, in `price_unit`; filled in once the message has been sent or received,
    #: possibly later.
    price: Decimal | None = None
    #: A description of `error_code` when the status is `failed` or `undelivered`, otherwise null.
    #: Its wording may change; do not parse it.
    error_message: str | None = None
    #: The resource's URI, relative to the API's host.
    uri: str | None = None
    #: The SID of the Account the message belongs to.
    account_sid: str | None = None
    #: How many media files the message carries.
    num_media: int | None = None
    #: The message's status. Outbound: `accepted` and `scheduled` (Messaging Service only),
    #: `queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`, `read` (RCS and
    #: WhatsApp), `canceled` (a canceled scheduled message). Inbound: `receiving`, `received`.
    #: `partially_delivered` is deprecated.
    status: MessageStatus | None = None
    #: The SID of the Messaging Service used to send the message.
    messaging_service_sid: str | None = None
    #: When the message was sent (RFC 2822, GMT); for inbound messages, when the service called the
    #: incoming-message webhook.
    date_sent: dt.datetime | None = None
    #: When the resource was created (RFC 2822, GMT).
    date_created: dt.datetime | None = None
    #: The error code when the status is `failed` or `undelivered` (30001-30010 for carrier
    #: delivery, 63001-63014 for channels), otherwise null.
    error_code: int | None = None
    #: The ISO 4217 currency of `price`, e.g. `USD`.
    price_unit: str | None = None
    #: The API version that processed the message.
    api_version: str | None = None
    #: URIs of related resources (`media`, `feedback`), relative to the API's host.
    subresource_uris: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    #: Properties the service sent that this version of the spec does not list.
    extra_properties: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


_MESSAGE_KEYS = frozenset(
    [
        "account_sid",
        "api_version",
        "body",
        "date_created",
        "date_sent",
        "date_updated",
        "direction",
        "error_code",
        "error_message",
        "from",
        "messaging_service_sid",
        "num_media",
        "num_segments",
        "price",
        "price_unit",
        "sid",
        "status",
        "subresource_uris",
        "to",
        "uri",
    ]
)

Message._readers = {
    "sid": lambda d: to_str(d.get("sid")) or "",
    "body": lambda d: to_str(d.get("body")),
    "num_segments": lambda d: to_int(d.get("num_segments")),
    "direction": lambda d: to_enum(MessageDirection, d.get("direction")),
    "from_": lambda d: to_str(d.get("from")),
    "to": lambda d: to_str(d.get("to")),
    "date_updated": lambda d: parse_rfc2822(d.get("date_updated")),
    "price": lambda d: to_decimal(d.get("price")),
    "error_message": lambda d: to_str(d.get("error_message")),
    "uri": lambda d: to_str(d.get("uri")),
    "account_sid": lambda d: to_str(d.get("account_sid")),
    "num_media": lambda d: to_int(d.get("num_media")),
    "status": lambda d: to_enum(MessageStatus, d.get("status")),
    "messaging_service_sid": lambda d: to_str(d.get("messaging_service_sid")),
    "date_sent": lambda d: parse_rfc2822(d.get("date_sent")),
    "date_created": lambda d: parse_rfc2822(d.get("date_created")),
    "error_code": lambda d: to_int(d.get("error_code")),
    "price_unit": lambda d: to_str(d.get("price_unit")),
    "api_version": lambda d: to_str(d.get("api_version")),
    "subresource_uris": lambda d: to_str_map(d.get("subresource_uris")),
    "extra_properties": lambda d: unknown_properties(d, _MESSAGE_KEYS),
}
Message._wire_names = {"from_": "from"}


def parse_message(data: Any) -> Message:
    """A Message from its decoded JSON; each property is converted when first read."""
    return lazy(Message, as_object(data))


@attrs.frozen(slots=True, kw_only=True)
class Media(Resource):
    """A media file attached to a message."""

    sid: str
    #: The SID of the Account the media belongs to.
    account_sid: str | None = None
    #: The media's MIME type, e.g. `image/jpeg`.
    content_type: str | None = None
    #: When the resource was created (RFC 2822, GMT).
    date_created: dt.datetime | None = None
    #: When the resource was last updated (RFC 2822, GMT).
    date_updated: dt.datetime | None = None
    #: The SID of the message the media belongs to.
    parent_sid: str | None = None
    #: The resource's URI, relative to the API's host.
    uri: str | None = None
    #: Properties the service sent that this version of the spec does not list.
    extra_properties: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


_MEDIA_KEYS = frozenset(
    ["account_sid", "content_type", "date_created", "date_updated", "parent_sid", "sid", "uri"]
)

Media._readers = {
    "sid": lambda d: to_str(d.get("sid")) or "",
    "account_sid": lambda d: to_str(d.get("account_sid")),
    "content_type": lambda d: to_str(d.get("content_type")),
    "date_created": lambda d: parse_rfc2822(d.get("date_created")),
    "date_updated": lambda d: parse_rfc2822(d.get("date_updated")),
    "parent_sid": lambda d: to_str(d.get("parent_sid")),
    "uri": lambda d: to_str(d.get("uri")),
    "extra_properties": lambda d: unknown_properties(d, _MEDIA_KEYS),
}
Media._wire_names = {}


def parse_media(data: Any) -> Media:
    """A Media from its decoded JSON; each property is converted when first read."""
    return lazy(Media, as_object(data))


@attrs.frozen(slots=True, kw_only=True)
class Feedback(Resource):
    """Whether the recipient confirmed receiving the message."""

    account_sid: str | None = None
    message_sid: str | None = None
    #: `confirmed` when the recipient got the message, otherwise `unconfirmed`.
    outcome: FeedbackOutcome | None = None
    date_created: dt.datetime | None = None
    date_updated: dt.datetime | None = None
    uri: str | None = None
    #: Properties the service sent that this version of the spec does not list.
    extra_properties: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


_FEEDBACK_KEYS = frozenset(
    ["account_sid", "date_created", "date_updated", "message_sid", "outcome", "uri"]
)

Feedback._readers = {
    "account_sid": lambda d: to_str(d.get("account_sid")),
    "message_sid": lambda d: to_str(d.get("message_sid")),
    "outcome": lambda d: to_enum(FeedbackOutcome, d.get("outcome")),
    "date_created": lambda d: parse_rfc2822(d.get("date_created")),
    "date_updated": lambda d: parse_rfc2822(d.get("date_updated")),
    "uri": lambda d: to_str(d.get("uri")),
    "extra_properties": lambda d: unknown_properties(d, _FEEDBACK_KEYS),
}
Feedback._wire_names = {}


def parse_feedback(data: Any) -> Feedback:
    """A Feedback from its decoded JSON; each property is converted when first read."""
    return lazy(Feedback, as_object(data))


@attrs.frozen(slots=True, kw_only=True)
class PageData(Generic[T]):
    """One page of a list: its items, already typed, and the paging envelope."""

    items: list[T]
    #: Index of the last item on this page.
    end: int | None = None
    #: Relative URI of the first page.
    first_page_uri: str | None = None
    #: Relative URI of the next page; null on the last page.
    next_page_uri: str | None = None
    #: Index of this page.
    page: int | None = None
    #: How many items a page holds.
    page_size: int | None = None
    #: Relative URI of the previous page; null on the first page.
    previous_page_uri: str | None = None
    #: Index of the first item on this page.
    start: int | None = None
    #: Relative URI of this page.
    uri: str | None = None


def parse_message_list(data: Any) -> PageData[Message]:
    """A page of Message from its decoded JSON."""
    d = as_object(data)
    get = d.get
    return PageData(
        items=to_items(d.get("messages"), parse_message),
        end=to_int(get("end")),
        first_page_uri=(v if type(v := get("first_page_uri")) is str else None),
        next_page_uri=(v if type(v := get("next_page_uri")) is str else None),
        page=to_int(get("page")),
        page_size=to_int(get("page_size")),
        previous_page_uri=(v if type(v := get("previous_page_uri")) is str else None),
        start=to_int(get("start")),
        uri=(v if type(v := get("uri")) is str else None),
    )


def parse_media_list(data: Any) -> PageData[Media]:
    """A page of Media from its decoded JSON."""
    d = as_object(data)
    get = d.get
    return PageData(
        items=to_items(d.get("media_list"), parse_media),
        end=to_int(get("end")),
        first_page_uri=(v if type(v := get("first_page_uri")) is str else None),
        next_page_uri=(v if type(v := get("next_page_uri")) is str else None),
        page=to_int(get("page")),
        page_size=to_int(get("page_size")),
        previous_page_uri=(v if type(v := get("previous_page_uri")) is str else None),
        start=to_int(get("start")),
        uri=(v if type(v := get("uri")) is str else None),
    )
