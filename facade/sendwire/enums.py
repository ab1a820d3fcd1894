"""Enumerations of values the service sends, open to values added later.

The service adds statuses over time (``read`` and ``canceled`` arrived long after the rest), so a
value this version does not know must not crash parsing. Each enum here accepts any string:
known values give the usual members, unknown ones give a member named ``UNKNOWN`` that keeps
the raw string::

    status = message.status
    if status is MessageStatus.DELIVERED: ...      # known values compare by identity
    if status == "delivered": ...                   # members are strings, so this works too
    if not status.is_known: log(status.value)       # a value newer than this library

Values are lists transcribed from the ``enum`` lists of ``spec/messages.yaml``.
"""

from __future__ import annotations

import enum

__all__ = ["FeedbackOutcome", "MessageDirection", "MessageStatus"]


class OpenStrEnum(str, enum.Enum):
    """A string enum that turns unknown values into an ``UNKNOWN`` member instead of raising."""

    @classmethod
    def _missing_(cls, value: object) -> OpenStrEnum | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value this version of the library does not list."""
        return self._name_ != "UNKNOWN"

    def __str__(self) -> str:
        return str(self._value_)


class MessageStatus(OpenStrEnum):
    """A message's delivery status."""

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


class MessageDirection(OpenStrEnum):
    """Whether a message was received or sent, and how it was sent."""

    INBOUND = "inbound"
    OUTBOUND_API = "outbound-api"
    OUTBOUND_CALL = "outbound-call"
    OUTBOUND_REPLY = "outbound-reply"


class FeedbackOutcome(OpenStrEnum):
    """Whether the recipient confirmed receiving a message."""

    CONFIRMED = "confirmed"
    UNCONFIRMED = "unconfirmed"
