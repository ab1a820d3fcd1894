"""String enums open to values added later: an unknown value becomes an ``UNKNOWN`` member.

The service adds values over time (``read`` and ``canceled`` statuses arrived long after the
rest), so a value this version does not know must not crash parsing::

    status = message.status
    if status is MessageStatus.DELIVERED: ...      # known values compare by identity
    if status == "delivered": ...                   # members are strings, so this works too
    if not status.is_known: log(status.value)       # a value newer than this library
"""

from __future__ import annotations

import enum


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
