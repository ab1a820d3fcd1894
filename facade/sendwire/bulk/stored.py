"""Messages and errors in the journal's JSON form, and back.

Results read from the journal must give back the same typed objects a live call returned, so
each is stored with enough tags to be rebuilt exactly.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from sendwire import errors
from sendwire._core.resource import lazy
from sendwire.bulk.errors import OutcomeUnknownError
from sendwire.bulk.journal import ErrorInfo
from sendwire.enums import OpenStrEnum
from sendwire.models import Message


@functools.cache
def _field_names() -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(Message))


_WIRE_TAG = "$wire"


def message_to_json(message: Message) -> dict[str, Any]:
    """The message in the journal's form: the service's own JSON when the message was read
    from an answer (the cheapest, and exactly what a fresh read gives back), else its fields."""
    try:
        wire = object.__getattribute__(message, "_json")
    except AttributeError:
        return _fields_to_json(message)
    return {_WIRE_TAG: wire}


def _fields_to_json(message: Message) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in _field_names():
        value = getattr(message, name)
        kind = type(value)
        if value is None or kind is str or kind is int:
            pass
        elif kind is dt.datetime:
            value = {"$datetime": value.isoformat()}
        elif kind is Decimal:
            value = {"$decimal": str(value)}
        elif isinstance(value, OpenStrEnum):
            value = value.value
        elif isinstance(value, Mapping):
            value = dict(value)
        out[name] = value
    return out


@functools.cache
def _enum_fields() -> dict[str, type[OpenStrEnum]]:
    hints = typing.get_type_hints(Message)
    found: dict[str, type[OpenStrEnum]] = {}
    for name, hint in hints.items():
        options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        for option in options:
            if isinstance(option, type) and issubclass(option, OpenStrEnum):
                found[name] = option
    return found


def message_from_json(data: dict[str, Any]) -> Message:
    if _WIRE_TAG in data:
        return lazy(Message, data[_WIRE_TAG])
    enums = _enum_fields()
    values: dict[str, Any] = {}
    for field in attrs.fields(Message):
        if field.name not in data:
            continue
        value = data[field.name]
        if isinstance(value, dict) and "$datetime" in value:
            value = dt.datetime.fromisoformat(value["$datetime"])
        elif isinstance(value, dict) and "$decimal" in value:
            value = Decimal(value["$decimal"])
        elif isinstance(value, str) and field.name in enums:
            value = enums[field.name](value)
        values[field.name] = value
    return Message(**values)


def error_info(exc: BaseException) -> ErrorInfo:
    if isinstance(exc, errors.ApiError):
        return ErrorInfo(
            kind=type(exc).__name__,
            message=exc.message,
            status=exc.status,
            code=exc.code,
            more_info=exc.more_info,
        )
    if isinstance(exc, errors.ValidationError):
        return ErrorInfo(
            kind="ValidationError", message=exc.message, code=exc.code, field=exc.field
        )
    if isinstance(exc, errors.TransportError):
        return ErrorInfo(
            kind=type(exc).__name__, message=exc.message, reached=exc.may_have_reached_server
        )
    return ErrorInfo(kind=type(exc).__name__, message=str(exc))


_API_ERRORS: dict[str, type[errors.ApiError]] = {
    cls.__name__: cls
    for cls in (
        errors.ApiError,
        errors.BadRequestError,
        errors.AuthenticationError,
        errors.NotFoundError,
        errors.ConflictError,
        errors.ServerError,
    )
}


def error_from_info(info: ErrorInfo) -> errors.SendwireError:
    """The exception an item failed with, rebuilt from the journal."""
    if info.kind == "RateLimitError":
        return errors.RateLimitError(info.message, code=info.code, more_info=info.more_info)
    if info.kind in _API_ERRORS:
        return _API_ERRORS[info.kind](
            info.message, status=info.status or 0, code=info.code, more_info=info.more_info
        )
    if info.kind == "ValidationError":
        return errors.ValidationError(info.message, code=info.code, field=info.field)
    reached = info.reached if info.reached is not None else True
    if info.kind == "TimeoutError":
        return errors.TimeoutError(info.message, may_have_reached_server=reached)
    if info.kind == "TransportError":
        return errors.TransportError(info.message, may_have_reached_server=reached)
    if info.kind == OutcomeUnknownError.__name__:
        return OutcomeUnknownError(info.message)
    return errors.SendwireError(f"{info.kind}: {info.message}")
