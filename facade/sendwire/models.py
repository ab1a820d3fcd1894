"""The typed, immutable resources calls return.

Dates are timezone-aware datetimes, counts are ints, prices are ``Decimal`` and statuses are
open enums (see ``sendwire.enums``). A property the service left null is ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

import attrs

from .enums import FeedbackOutcome, MessageDirection, MessageStatus

__all__ = ["Feedback", "Media", "Message"]


@attrs.frozen(slots=True)
class Message:
    """An inbound or outbound message."""

    sid: str
    account_sid: str | None
    status: MessageStatus | None
    direction: MessageDirection | None
    to: str | None
    from_: str | None
    body: str | None
    num_segments: int | None
    num_media: int | None
    date_created: dt.datetime | None
    date_updated: dt.datetime | None
    date_sent: dt.datetime | None
    price: Decimal | None
    price_unit: str | None
    error_code: int | None
    error_message: str | None
    messaging_service_sid: str | None
    api_version: str | None
    uri: str | None
    subresource_uris: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(slots=True)
class Media:
    """A media file attached to a message (its metadata; the content lives at ``uri``)."""

    sid: str
    account_sid: str | None
    parent_sid: str | None
    content_type: str | None
    date_created: dt.datetime | None
    date_updated: dt.datetime | None
    uri: str | None


@attrs.frozen(slots=True)
class Feedback:
    """Whether the recipient confirmed receiving a message."""

    account_sid: str | None
    message_sid: str | None
    outcome: FeedbackOutcome | None
    date_created: dt.datetime | None
    date_updated: dt.datetime | None
    uri: str | None
