"""Checks that turn bad arguments into ``ValidationError`` before anything is sent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from ..errors import ValidationError
from . import constraints as c


def sid(value: object, pattern: re.Pattern[str], field: str) -> str:
    """``value`` if it is a SID of the given kind (the whole string, no trailing newline)."""
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        raise ValidationError(
            f"{field} must match {pattern.pattern}, got {_show(value)}", field=field
        )
    return value


def account_sid(value: object) -> str:
    return sid(value, c.ACCOUNT_SID, "account_sid")


def message_sid(value: object, field: str = "sid") -> str:
    return sid(value, c.MESSAGE_SID, field)


def media_sid(value: object) -> str:
    return sid(value, c.MEDIA_SID, "media_sid")


def text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string, got {type(value).__name__}", field=field)
    return value


def non_empty_text(value: object, field: str) -> str:
    value = text(value, field)
    if not value:
        raise ValidationError(f"{field} must not be empty", field=field)
    return value


def body(value: object) -> str:
    value = text(value, "body")
    if len(value) > c.BODY_MAX_LENGTH:
        raise ValidationError(
            f"body is {len(value)} characters long; the limit is {c.BODY_MAX_LENGTH}",
            field="body",
        )
    return value


def media_urls(value: str | Iterable[str]) -> list[str]:
    """One URL or a sequence of them, as a list of at most ten."""
    urls = [value] if isinstance(value, str) else list(value)
    if len(urls) > c.MEDIA_URL_MAX_ITEMS:
        raise ValidationError(
            f"media_url holds {len(urls)} URLs; the limit is {c.MEDIA_URL_MAX_ITEMS}",
            field="media_url",
        )
    for url in urls:
        non_empty_text(url, "media_url")
    return urls


def string_list(value: str | Sequence[str], field: str) -> list[str]:
    items = [value] if isinstance(value, str) else list(value)
    for item in items:
        text(item, field)
    return items


def integer(value: object, field: str, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{field} must be an integer, got {_show(value)}", field=field)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationError(f"{field} must be between {low} and {high}, got {value}", field=field)
    return value


def boolean(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"{field} must be True or False, got {_show(value)}", field=field)
    return value


def page_size(value: object) -> int:
    return integer(value, "page_size", c.PAGE_SIZE_MIN, c.PAGE_SIZE_MAX)


def limit(value: object) -> int:
    return integer(value, "limit", 0)


def aware_datetime(value: object, field: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ValidationError(f"{field} must be a datetime, got {_show(value)}", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            f"{field} must be timezone-aware (a naive datetime has no defined instant); "
            "attach a tzinfo, e.g. datetime.timezone.utc",
            field=field,
        )
    return value


def _show(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."
