"""Dates in both directions: filter values going out, RFC 2822 stamps coming back."""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re

from ..errors import ValidationError
from . import constraints as c
from .validate import aware_datetime

#: What the ``date_sent*`` list filters accept: a ``date``, an aware ``datetime`` or a string.
DateFilter = dt.date | str

_DATE_SENT_STRING_FORMS = (
    c.ISO_DATE,
    c.ISO_DATETIME,
    c.DATE_SENT_RFC2822,
    c.DATE_SENT_GMT_DATETIME,
    c.DATE_SENT_US_ZONE,
)


def date_filter(value: object, field: str) -> str:
    """The wire form of a ``DateSent`` filter.

    A ``date`` is sent as ``YYYY-MM-DD``. An aware ``datetime`` is converted to UTC first and
    sent as ``YYYY-MM-DDThh:mm:ssZ`` (whole seconds, as the service stores them), so
    ``10:00+05:00`` means ``05:00Z``. A string in one of the documented forms goes through as
    it is. A naive datetime, or a string in another form, is refused.
    """
    if isinstance(value, dt.datetime):
        return _utc_stamp(value, field)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if any(form.fullmatch(value) for form in _DATE_SENT_STRING_FORMS):
            if c.ISO_DATE.fullmatch(value) or c.ISO_DATETIME.fullmatch(value):
                _check_calendar(value, field)
            return value
        raise ValidationError(
            f"{field} {value!r} is not a documented date form: use a date, an aware datetime, "
            "'YYYY-MM-DD', ISO 8601 with an offset, RFC 2822, 'YYYY-MM-DD hh:mm:ss' (GMT) "
            "or 'MM/DD/YYYY hh:mm:ss ZONE'",
            field=field,
        )
    raise ValidationError(
        f"{field} must be a date, an aware datetime or a string, got {type(value).__name__}",
        field=field,
    )


def _check_calendar(value: str, field: str) -> None:
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        else:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValidationError(f"{field} {value!r} is not a real date", field=field) from None


def send_at(value: object) -> str:
    """``SendAt`` as ISO 8601 in UTC; it must be an aware datetime."""
    return _utc_stamp(value, "send_at")


def _utc_stamp(value: object, field: str) -> str:
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
