"""The API's enumerations, open to values added later.

Generated from spec/messages.yaml by `make generate` (tools/codegen/facade); do not edit.
"""

from __future__ import annotations

from sendwire._core.openenum import OpenStrEnum

__all__ = [
    "AddressRetention",
    "ContentRetention",
    "FeedbackOutcome",
    "MessageDirection",
    "MessageStatus",
    "RiskCheck",
    "ScheduleType",
    "TrafficType",
    "UpdateMessageStatus",
]


class AddressRetention(OpenStrEnum):
    """Whether the addresses may be stored or must be obfuscated."""

    RETAIN = "retain"
    OBFUSCATE = "obfuscate"


class ContentRetention(OpenStrEnum):
    """Whether the message content may be stored or must be discarded."""

    RETAIN = "retain"
    DISCARD = "discard"


class FeedbackOutcome(OpenStrEnum):
    """`confirmed` when the recipient got the message, otherwise `unconfirmed`."""

    CONFIRMED = "confirmed"
    UNCONFIRMED = "unconfirmed"


class MessageDirection(OpenStrEnum):
    """`inbound` for received messages, `outbound-api` for messages created through this API, `outbound-call` for messages created during a call, `outbound-reply` for replies to an incoming message."""

    INBOUND = "inbound"
    OUTBOUND_API = "outbound-api"
    OUTBOUND_CALL = "outbound-call"
    OUTBOUND_REPLY = "outbound-reply"


class MessageStatus(OpenStrEnum):
    """The message's status. Outbound: `accepted` and `scheduled` (Messaging Service only), `queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`, `read` (RCS and WhatsApp), `canceled` (a canceled scheduled message). Inbound: `receiving`, `received`. `partially_delivered` is deprecated."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    RECEIVING = "receiving"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    SCHEDULED = "scheduled"
    READ = "read"
    PARTIALLY_DELIVERED = "partially_delivered"
    CANCELED = "canceled"


class RiskCheck(OpenStrEnum):
    """`disable` skips risk checks on this message."""

    ENABLE = "enable"
    DISABLE = "disable"


class ScheduleType(OpenStrEnum):
    """`fixed` schedules the message for `SendAt` (Messaging Service only)."""

    FIXED = "fixed"


class TrafficType(OpenStrEnum):
    """The values of TrafficType."""

    FREE = "free"


class UpdateMessageStatus(OpenStrEnum):
    """`canceled` cancels a scheduled message."""

    CANCELED = "canceled"
