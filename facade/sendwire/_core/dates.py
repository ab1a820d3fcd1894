"""Dates in both directions: filter values going out, RFC 2822 stamps coming back."""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re

from ..errors import ValidationError
from .validate import aware_datetime


def date_filter(value: dt.date | str, field: str) -> str:
    """The wire form of a date filter.

    A ``date`` is sent as ``YYYY-MM-DD``. An aware ``datetime`` is converted to UTC first and
    sent as ``YYYY-MM-DDThh:mm:ssZ`` (whole seconds, as the service stores them), so
    ``10:00+05:00`` means ``05:00Z``. A string goes through as it is, for the spec's rules to
    judge. A naive datetime is refused: it names no instant.
    """
    if isinstance(value, dt.datetime):
        return utc_stamp(value, field)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def utc_stamp(value: object, field: str) -> str:
    """An aware datetime as ISO 8601 in UTC, to the second."""
    moment = aware_datetime(value, field)
    try:
        utc = moment.astimezone(dt.timezone.utc)
    except OverflowError:
        raise ValidationError(
            f"{field} is out of range once converted to UTC", field=field
        ) from None
    return utc.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


# The service writes every stamp as "Thu, 24 Aug 2023 05:01:45 +0000"; the fast paths below read
# that shape without the general parser, which is several times slower.
_RFC2822_FAST = re.compile(
    r"(?:[A-Z][a-z]{2}, )?([0-9]{1,2}) ([A-Z][a-z]{2}) ([0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_UTC = dt.timezone.utc


def parse_rfc2822(value: object) -> dt.datetime | None:
    """An aware datetime from an RFC 2822 stamp; None for null or text that is not a date."""
    if not isinstance(value, str) or not value:
        return None
    return _parse_rfc2822(value)


@functools.lru_cache(maxsize=4096)  # a message's three stamps are often the same text
def _parse_rfc2822(value: str) -> dt.datetime | None:
    if (
        len(value) == 31
        and value[3:5] == ", "
        and value[7] == value[11] == value[16] == value[25] == " "
        and value[19] == value[22] == ":"
        and value[26:31] == "+0000"
        and value[5:7].isdigit()
        and value[12:16].isdigit()
        and value[17:19].isdigit()
        and value[20:22].isdigit()
        and value[23:25].isdigit()
    ):
        month_number = _MONTHS.get(value[8:11])
        if month_number is not None:
            try:
                return dt.datetime(
                    int(value[12:16]),
                    month_number,
                    int(value[5:7]),
                    int(value[17:19]),
                    int(value[20:22]),
                    int(value[23:25]),
                    tzinfo=_UTC,
                )
            except ValueError:
                return None
    match = _RFC2822_FAST.fullmatch(value)
    if match is not None:
        day, month, year, hour, minute, second, sign, off_h, off_m = match.groups()
        month_number = _MONTHS.get(month)
        if month_number is not None:
            offset = int(off_h) * 60 + int(off_m)
            try:
                tz = (
                    _UTC
                    if offset == 0
                    else dt.timezone(dt.timedelta(minutes=-offset if sign == "-" else offset))
                )
                return dt.datetime(
                    int(year),
                    month_number,
                    int(day),
                    int(hour),
                    int(minute),
                    int(second),
                    tzinfo=tz,
                )
            except ValueError:
                return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # "-0000" means "UTC, origin zone unknown"; the parser leaves such stamps naive.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)
