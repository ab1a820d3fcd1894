"""List filters applied to rendered resources, whatever the spec declares.

A filter is matched to a property by the project's naming rule: its wire name without a
trailing ``<`` or ``>``, in snake_case (``DateCreated<`` -> ``date_created``). ``X`` asks for
equality; on a date or date-time property it names a GMT day or a second, as ``DateSent``
does, and on a number property a value. ``X<`` and ``X>`` are inclusive bounds on a date,
date-time or number property (``X<=v``, ``X>=v`` on the wire). A filter that names no
property cannot be applied, so the mock refuses to start rather than ignore it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .dates import parse_date_filter
from .errors import invalid_parameter

_DATE_FORMATS = ("date", "date-time", "date-time-rfc-2822")
_BEFORE, _AFTER, _EQUAL = "<", ">", ""


def snake(wire_name: str) -> str:
    """``MessagingServiceSid`` -> ``messaging_service_sid``, as the resources spell it."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", wire_name).lower()


def property_for(wire_name: str) -> tuple[str, str]:
    """(property name, comparison) a filter names: ``DateSent<`` -> (``date_sent``, ``<``)."""
    comparison = wire_name[-1] if wire_name[-1:] in (_BEFORE, _AFTER) else _EQUAL
    return snake(wire_name.rstrip(_BEFORE + _AFTER)), comparison


def as_text(value: Any) -> str | None:
    """How a value reads in a query string, for comparing a filter with a property."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _kind(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "string" and schema.get("format") in _DATE_FORMATS:
        return "date"
    if kind in ("integer", "number"):
        return "number"
    return "text"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class Filter:
    """One filter: the query parameter, the property it names, and how it compares."""

    __slots__ = ("comparison", "kind", "param", "prop")

    def __init__(self, param: str, prop: str, comparison: str, schema: Mapping[str, Any]) -> None:
        self.param = param
        self.prop = prop
        self.comparison = comparison
        self.kind = _kind(schema)

    def matches(self, value: Any, wanted: Any) -> bool:
        if isinstance(wanted, list):  # an array filter: any of its values
            return any(self.matches(value, one) for one in wanted)
        if self.kind == "date":
            return self._dates(value, wanted)
        have, want = _number(value), _number(wanted)
        if self.kind == "number" or (self.comparison and have is not None and want is not None):
            # Numbers compare as numbers, also where the spec types them as text ("12").
            if have is None or want is None:
                return False
            if self.comparison == _BEFORE:
                return have <= want
            if self.comparison == _AFTER:
                return have >= want
            return have == want
        if self.comparison == _BEFORE:
            return value is not None and as_text(value) <= as_text(wanted)  # type: ignore[operator]
        if self.comparison == _AFTER:
            return value is not None and as_text(value) >= as_text(wanted)  # type: ignore[operator]
        return as_text(value) == as_text(wanted)

    def _dates(self, value: Any, wanted: Any) -> bool:
        asked = parse_date_filter(str(wanted))
        if asked is None:
            raise invalid_parameter(f"Invalid parameter: {self.param} is not a date this API reads")
        have = parse_date_filter(value) if isinstance(value, str) else None
        if have is None:
            return False
        moment = have[0]
        if self.comparison == _BEFORE:
            return moment < asked[1]
        if self.comparison == _AFTER:
            return moment >= asked[0]
        return asked[0] <= moment < asked[1]


class Filters:
    """The filters of one list operation over the properties of its items."""

    def __init__(
        self,
        params: Iterable[str],
        properties: Mapping[str, Any],
        operation_id: str,
        skip: Iterable[str] = (),
    ) -> None:
        skipped = set(skip)
        self.by_param: dict[str, Filter] = {}
        unknown: list[str] = []
        for param in params:
            if param in skipped:
                continue
            prop, comparison = property_for(param)
            schema = properties.get(prop)
            if schema is None:
                unknown.append(param)
            else:
                self.by_param[param] = Filter(param, prop, comparison, schema)
        if unknown:
            raise ValueError(
                f"the spec declares list filter(s) of {operation_id} the mock cannot apply "
                f"(no property of that name): {', '.join(unknown)}"
            )

    def names(self) -> tuple[str, ...]:
        return tuple(self.by_param)

    def active(self, query: Mapping[str, Any]) -> list[tuple[Filter, Any]]:
        return [(f, query[name]) for name, f in self.by_param.items() if name in query]

    def matches(self, rendered: Mapping[str, Any], query: Mapping[str, Any]) -> bool:
        return all(
            f.matches(rendered.get(f.prop), wanted)
            for name, f in self.by_param.items()
            if (wanted := query.get(name)) is not None
        )

    def filtering(self, query: Mapping[str, Any]) -> bool:
        return any(name in query for name in self.by_param)
