"""Date handling: RFC 2822 output and the many input forms of the `DateSent` filters.

Times are integers: microseconds since the Unix epoch, GMT.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache

US = 1_000_000
DAY_US = 86_400 * US

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBER = {name: index + 1 for index, name in enumerate(_MONTHS)}
_ZONES = {
    "GMT": 0, "UTC": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
}  # fmt: skip


def format_rfc2822(us: int) -> str:
    """`Thu, 24 Aug 2023 05:01:45 +0000`."""
    return _format_second(us // US)


@lru_cache(maxsize=1 << 16)
def _format_second(second: int) -> str:
    # Cached: a page of messages repeats the same few seconds many times over.
    t = time.gmtime(second)
    return (
        f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000"
    )


def format_dlr_done(us: int) -> str:
    """`YYMMDDhhmm`, the carrier receipt date of a status callback."""
    t = time.gmtime(us // US)
    return f"{t.tm_year % 100:02d}{t.tm_mon:02d}{t.tm_mday:02d}{t.tm_hour:02d}{t.tm_min:02d}"


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 for any proleptic Gregorian date; day overflow rolls forward."""
    year -= month <= 2
    era = (year if year >= 0 else year - 399) // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468 + day - 1


def _instant(
    year: int, month: int, day: int, hour: int, minute: int, second: int, offset_minutes: int
) -> int:
    seconds = _days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    return (seconds - offset_minutes * 60) * US


def _fraction_us(fraction: str | None) -> int:
    return int((fraction or "").ljust(6, "0")[:6]) if fraction else 0


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_ISO_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?"
    r"([Zz]|[+-][0-9]{2}:?[0-9]{2})?\Z"
)
_RFC_2822 = re.compile(
    r"(?:[A-Za-z]{3}, )?([0-9]{1,2}) ([A-Za-z]{3}) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r" ([+-][0-9]{4}|GMT|UT|UTC)\Z"
)
_US_STYLE = re.compile(
    r"([0-9]{2})/([0-9]{2})/([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([A-Z]{2,4})\Z"
)


def _offset_minutes(zone: str | None) -> int:
    if not zone or zone in ("Z", "z", "GMT", "UT", "UTC"):
        return 0
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:])
    return -minutes if zone[0] == "-" else minutes


def parse_instant(value: str) -> int | None:
    """A date-time in any accepted form, or None. Time zone defaults to GMT."""
    match = _ISO_DATE_TIME.match(value)
    if match is not None:
        y, mo, d, h, mi, s, fraction, zone = match.groups()
        base = _instant(int(y), int(mo), int(d), int(h), int(mi), min(int(s), 59),
                        _offset_minutes(zone))  # fmt: skip
        return base + _fraction_us(fraction)
    match = _RFC_2822.match(value)
    if match is not None:
        d, mon, y, h, mi, s, zone = match.groups()
        month = _MONTH_NUMBER.get(mon.capitalize())
        if month is None:
            return None
        return _instant(int(y), month, int(d), int(h), int(mi), int(s), _offset_minutes(zone))
    match = _US_STYLE.match(value)
    if match is not None:
        mo, d, y, h, mi, s, zone = match.groups()
        hours = _ZONES.get(zone)
        if hours is None:
            return None
        return _instant(int(y), int(mo), int(d), int(h), int(mi), int(s), hours * 60)
    return None


def parse_date_filter(value: str) -> tuple[int, int] | None:
    """The half-open range [start, end) a `DateSent` value names, or None if unreadable.

    A date names its whole GMT day; a date-time names the second it falls in (dates are
    shown to the second, so that is the finest thing a client can ask for).
    """
    match = _ISO_DATE.match(value)
    if match is not None:
        start = _days_from_civil(*(int(part) for part in match.groups())) * DAY_US
        return start, start + DAY_US
    instant = parse_instant(value)
    if instant is None:
        return None
    start = instant - instant % US
    return start, start + US
