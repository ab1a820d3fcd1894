"""Checkers for the string formats the spec names (`format: phone-number` and friends)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

# E.164, a short code, an alphanumeric sender ID (at least one letter), or any of those
# behind a channel prefix such as `whatsapp:`; channel addresses may also be opaque IDs.
_E164 = r"\+[1-9][0-9]{1,14}"
_SHORT_CODE = r"[0-9]{3,8}"
_ALPHANUMERIC = r"(?=[A-Za-z0-9 ]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9 ]{0,10}"
_CHANNEL = r"[a-z][a-z0-9-]{1,19}:[A-Za-z0-9+._@-]{1,256}"
_PHONE = re.compile(rf"(?:{_E164}|{_SHORT_CODE}|{_ALPHANUMERIC}|{_CHANNEL})\Z")

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]{1,9})?"
    r"(?:[Zz]|[+-]([0-9]{2}):([0-9]{2}))\Z"
)
# RFC 3986 absolute URI: a scheme, then only characters a URI may hold (no spaces, no
# control characters: CR/LF can never reach a header through a URI that passed this).
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_RFC_2822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}\Z"
)
_CURRENCY = re.compile(r"[A-Z]{3}\Z")


def is_phone_number(value: str) -> bool:
    return _PHONE.match(value) is not None


def _valid_day(year: int, month: int, day: int) -> bool:
    return year >= 1 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def is_date(value: str) -> bool:
    match = _DATE.match(value)
    if match is None:
        return False
    year, month, day = (int(part) for part in match.groups())
    return _valid_day(year, month, day)


def is_date_time(value: str) -> bool:
    match = _DATE_TIME.match(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    offset_hour, offset_minute = match.group(7), match.group(8)
    if offset_hour is not None and (int(offset_hour) > 23 or int(offset_minute) > 59):
        return False
    # Second 60 is a leap second, which RFC 3339 allows.
    return _valid_day(year, month, day) and hour < 24 and minute < 60 and second <= 60


def is_uri(value: str) -> bool:
    return _URI.match(value) is not None and _BAD_PERCENT.search(value) is None


def is_rfc_2822(value: str) -> bool:
    return _RFC_2822.match(value) is not None


def is_currency(value: str) -> bool:
    return _CURRENCY.match(value) is not None


def _always(value: str) -> bool:
    # Formats that only apply to non-strings (objects, integers): nothing to check on a string.
    return True


FORMATS: dict[str, Callable[[str], bool]] = {
    "phone-number": is_phone_number,
    "date": is_date,
    "date-time": is_date_time,
    "uri": is_uri,
    "date-time-rfc-2822": is_rfc_2822,
    "currency": is_currency,
    "uri-map": _always,
    "int32": _always,
    "int64": _always,
}
