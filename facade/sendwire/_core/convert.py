"""Decoded JSON into Python values, leniently: one odd field must not make a page unreadable.

The service may add properties and enum values; unknown enum values are kept (see
``openenum``) and a number or date that cannot be read becomes ``None``. The generated models
call these, one per property, chosen by the property's schema.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from ..errors import SendwireError
from .dates import parse_rfc2822
from .openenum import OpenStrEnum

__all__ = [
    "as_object",
    "parse_rfc2822",
    "to_bool",
    "to_decimal",
    "to_enum",
    "to_float",
    "to_int",
    "to_iso_datetime",
    "to_items",
    "to_list",
    "to_mapping",
    "to_str",
    "to_str_map",
    "unknown_properties",
]

T = TypeVar("T")
E = TypeVar("E", bound=OpenStrEnum)


def to_int(value: object) -> int | None:
    """An int from a JSON number or numeric string (the API sends counts as strings)."""
    if type(value) is str and value.isascii() and value.isdigit():  # the usual case, fast
        return int(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def to_float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def to_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def to_decimal(value: object) -> Decimal | None:
    """A Decimal from a price string such as ``"-0.00750"`` (never via float)."""
    if type(value) is str:
        return _decimal_text(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
    elif isinstance(value, float):
        value = repr(value)  # the shortest text that reads back as this float
    elif not isinstance(value, int):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@functools.lru_cache(maxsize=1024)  # a page's prices are mostly the same few strings
def _decimal_text(value: str) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def to_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def to_enum(cls: type[E], value: object) -> E | None:
    if not isinstance(value, str):
        return None
    # Known values straight from the enum's own table; unknown ones through _missing_.
    member = cls._value2member_map_.get(value)
    return member if member is not None else cls(value)  # type: ignore[return-value]


def to_iso_datetime(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.timezone.utc)


def to_str_map(value: object) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        return {}
    # Decoded JSON has string keys; when every value is a string too, keep the mapping as is.
    if type(value) is dict and all(type(v) is str for v in value.values()):
        return value
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def to_mapping(value: object) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def to_list(value: object) -> list[Any] | None:
    return value if isinstance(value, list) else None


def to_items(value: object, parse: Callable[[Any], T]) -> list[T]:
    return [parse(entry) for entry in value] if isinstance(value, list) else []


def unknown_properties(data: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The properties of ``data`` the spec does not declare (usually none)."""
    if data.keys() <= known:
        return {}
    return {key: value for key, value in data.items() if key not in known}


def as_object(data: Any) -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        return data
    raise SendwireError(f"expected a JSON object from the service, got {type(data).__name__}")
