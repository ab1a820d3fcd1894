"""Create fields from text (CSV cells, ``--field NAME=VALUE``): names and values.

Column names may be written as the facade spells them (``media_url``, ``from``), as the API
does (``MediaUrl``, ``From``) or in kebab-case. Which fields exist and what type each takes
come from the spec (``sendwire._generated.operations``). A value that does not convert is
passed through as text, so the facade's validation names the problem.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sendwire._generated.operations import CREATE_MESSAGE
from sendwire._schema.operation import Input

_INPUTS: dict[str, Input] = {item.name: item for item in CREATE_MESSAGE.body}
_BY_KEY: dict[str, str] = {}
for _item in CREATE_MESSAGE.body:
    _BY_KEY[_item.wire.lower()] = _item.name
    _BY_KEY[_item.name.rstrip("_").replace("_", "")] = _item.name
_TRUE = {"true", "yes", "1", "y", "on"}
_FALSE = {"false", "no", "0", "n", "off"}
_LIST_SEPARATORS = re.compile(r"[\s|]+")


def create_inputs() -> tuple[Input, ...]:
    return CREATE_MESSAGE.body


def field_name(column: str) -> str | None:
    """The create argument a column or flag name stands for, or None."""
    name = column.strip()
    if not name:
        return None
    key = re.sub(r"[^0-9a-z]", "", name.lower())
    return _BY_KEY.get(key)


def field_value(name: str, text: str) -> Any:
    item = _INPUTS.get(name)
    if item is None:
        return text.strip()
    return text_value(item, text)


def text_value(item: Input, text: str) -> Any:
    """``text`` as a value of the input's kind (each item's, for a list)."""
    value = text.strip()
    if item.kind == "list":
        one = Input(item.name, item.wire, item.item_kind)
        return [text_value(one, part) for part in _LIST_SEPARATORS.split(value) if part]
    return _scalar(item.kind, value)


def _scalar(kind: str, value: str) -> Any:
    if kind == "bool":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        return value
    if kind == "int":
        try:
            return int(value)
        except ValueError:
            return value
    if kind == "float":
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "datetime":
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return value
    return value
