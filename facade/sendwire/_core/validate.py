"""Checks of the facade's own arguments (credentials, options) and the spec's path values."""

from __future__ import annotations

import datetime as dt

from ..errors import ValidationError


def text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string, got {type(value).__name__}", field=field)
    return value


def non_empty_text(value: object, field: str) -> str:
    value = text(value, field)
    if not value:
        raise ValidationError(f"{field} must not be empty", field=field)
    return value


def integer(value: object, field: str, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{field} must be an integer, got {_show(value)}", field=field)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationError(f"{field} must be between {low} and {high}, got {value}", field=field)
    return value


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
