"""An operation's inputs as the spec declares them, and turning facade arguments into them.

``sendwire._generated.operations`` holds one ``OperationInputs`` per operation. The facade's
calls take snake_case arguments; ``wire_values`` converts them (a date, an aware datetime, one
URL or many, a mapping for a JSON text field) and ``check`` judges the result with the rules
compiled from the spec, the same ones the mock server applies, raising ``ValidationError``
with the API's error code before anything is sent.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .._schema.operation import Input, OperationInputs
from .._schema.rules import Refusal, compile_check
from ..errors import ValidationError
from .dates import date_filter, utc_stamp

_Check = Callable[[Mapping[str, Any]], None]
_checks: dict[tuple[int, str], _Check] = {}
_by_name: dict[tuple[int, str], dict[str, Input]] = {}


def _compiled(op: OperationInputs, location: str) -> _Check:
    key = (id(op), location)
    check = _checks.get(key)
    if check is None:
        schema = getattr(op, f"{location}_schema") or {"type": "object"}
        check = _checks[key] = compile_check(schema)
    return check


def _index(op: OperationInputs, location: str) -> dict[str, Input]:
    key = (id(op), location)
    index = _by_name.get(key)
    if index is None:
        index = _by_name[key] = {item.name: item for item in op.inputs(location)}
    return index


def wire_values(
    op: OperationInputs, location: str, arguments: Mapping[str, Any], call: str
) -> dict[str, Any]:
    """``arguments`` (facade names; None means "not given") as wire-named values."""
    index = _index(op, location)
    wire: dict[str, Any] = {}
    for name, value in arguments.items():
        item = index.get(name)
        if item is None:
            raise TypeError(f"{call}() got an unexpected keyword argument {name!r}")
        if value is None:
            continue
        # Text goes out as it is for every kind but a list (the usual case, kept cheap).
        if type(value) is str and item.kind != "list":
            wire[item.wire] = value
        else:
            wire[item.wire] = to_wire(item, value)
    return wire


def check(op: OperationInputs, location: str, wire: Mapping[str, Any]) -> None:
    """Raise ``ValidationError`` if the service would refuse these values."""
    try:
        _compiled(op, location)(wire)
    except Refusal as refusal:
        names = {item.wire: item.name for item in op.inputs(location)}
        field = names.get(refusal.param, refusal.param or None)
        # The service's own words, prefixed with the argument's name in this library.
        message = f"{field}: {refusal.message}" if field else refusal.message
        raise ValidationError(message, field=field, code=refusal.code) from None


def check_one(op: OperationInputs, location: str, name: str, value: Any) -> None:
    """Check one input on its own (a SID given before the rest of the request exists)."""
    item = _index(op, location)[name]
    key = (id(op), f"{location}.{name}")
    run = _checks.get(key)
    if run is None:
        schema = getattr(op, f"{location}_schema") or {}
        single = {"type": "object", "properties": {item.wire: schema["properties"][item.wire]}}
        run = _checks[key] = compile_check(single)
    try:
        run({item.wire: value})
    except Refusal as refusal:
        raise ValidationError(refusal.message, field=name, code=refusal.code) from None


def to_wire(item: Input, value: Any) -> Any:
    """A facade argument as the value sent on the wire, by the kind the spec gives it."""
    kind = item.kind
    if kind == "list":
        if isinstance(value, (str, enum.Enum)) or not isinstance(value, Iterable):
            value = [value]
        elif isinstance(value, (bytes, Mapping)):
            return value  # for the spec's rules to refuse
        return [_scalar(item.item_kind, v, item.name) for v in value]
    if kind == "json_text" and isinstance(value, Mapping):
        return json.dumps(value, separators=(",", ":"))
    return _scalar(kind, value, item.name)


def _scalar(kind: str, value: Any, name: str) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if kind == "datetime" and isinstance(value, dt.datetime):
        return utc_stamp(value, name)
    if kind == "date_filter" and isinstance(value, (dt.date, str)):
        return date_filter(value, name)
    if kind == "date" and isinstance(value, dt.date):
        if isinstance(value, dt.datetime):
            # The UTC day of the instant, as the service reads dates in GMT.
            return utc_stamp(value, name)[:10]
        return value.isoformat()
    return value
