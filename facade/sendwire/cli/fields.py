"""Create fields from text (CSV cells, ``--field NAME=VALUE``): names and values.

Column names may be written as the facade spells them (``media_url``, ``from``) or as the API
does (``MediaUrl``, ``From``). Values are converted to what ``create`` takes; a value that does
not convert is passed through as text, so the facade's validation names the problem.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sendwire.bulk.target import CREATE_FIELDS

_BOOLEANS = {"provide_feedback", "force_delivery", "smart_encoded", "shorten_urls", "send_as_mms"}
_INTEGERS = {"attempt", "validity_period"}
_NUMBERS = {"max_price"}
_LISTS = {"media_url", "persistent_action"}
_TRUE = {"true", "yes", "1", "y", "on"}
_FALSE = {"false", "no", "0", "n", "off"}
_LIST_SEPARATORS = re.compile(r"[\s|]+")


def field_name(column: str) -> str | None:
    """The create argument a column or flag name stands for, or None."""
    name = column.strip()
    if not name:
        return None
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_")
    if snake in ("from", "from_"):
        return "from_"
    return snake if snake in CREATE_FIELDS else None


def field_value(name: str, text: str) -> Any:
    value = text.strip()
    if name in _LISTS:
        return [part for part in _LIST_SEPARATORS.split(value) if part]
    if name in _BOOLEANS:
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        return value
    if name in _INTEGERS:
        try:
            return int(value)
        except ValueError:
            return value
    if name in _NUMBERS:
        try:
            return float(value)
        except ValueError:
            return value
    if name == "send_at":
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return value
    return value
