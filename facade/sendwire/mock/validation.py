"""Request validation compiled from the spec.

Form bodies and query strings carry only strings; each value is first converted to the type
the spec declares for it (integer, number, boolean, array from repeated keys), then checked by
a validator fastjsonschema compiled from the spec's own schema. A failure is mapped to the
API's error code through the (parameter, keyword) table in `errors`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import fastjsonschema

from .._schema.formats import FORMATS
from .._schema.jsonschema import object_schema
from .._schema.rules import Refusal, compile_check
from .errors import ApiError, invalid_parameter
from .forms import FormData
from .spec import Operation, Parameter, Schema

_INTEGER = re.compile(r"[+-]?[0-9]{1,4000}\Z")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")
_PATH_MEMORY = 4096
_PRINTABLE = re.compile(r"[A-Za-z0-9_<>.-]{1,64}\Z")

Scalar = Callable[[str], Any]


def _as_integer(value: str) -> Any:
    return int(value) if _INTEGER.match(value) else value


def _as_number(value: str) -> Any:
    if _NUMBER.match(value):
        number = float(value)
        if math.isfinite(number):
            return number
    return value


def _as_boolean(value: str) -> Any:
    lowered = value.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    return value


def _as_string(value: str) -> Any:
    return value


_SCALARS: dict[str, Scalar] = {
    "integer": _as_integer,
    "number": _as_number,
    "boolean": _as_boolean,
}


def _scalar_for(schema: Schema) -> Scalar:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return _SCALARS.get(kind, _as_string) if isinstance(kind, str) else _as_string


class Coercer:
    """Turns `{"name": ["raw", ...]}` into typed values for the properties a schema declares."""

    def __init__(self, properties: Mapping[str, Schema], exploded: frozenset[str]) -> None:
        self._arrays: dict[str, Scalar] = {}
        self._scalars: dict[str, Scalar] = {}
        for name, schema in properties.items():
            if schema.get("type") == "array" and name in exploded:
                self._arrays[name] = _scalar_for(schema.get("items", {}))
            else:
                self._scalars[name] = _scalar_for(schema)

    def __call__(self, form: FormData) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, values in form.items():
            scalar = self._scalars.get(name)
            if scalar is not None:
                # A repeated single-valued parameter stays a list, which the schema rejects.
                data[name] = scalar(values[0]) if len(values) == 1 else values
                continue
            item = self._arrays.get(name)
            if item is not None:
                data[name] = [item(value) for value in values]
        return data


def _unknown(name: str) -> ApiError:
    shown = name if _PRINTABLE.match(name) else "(unprintable)"
    return invalid_parameter(f"Invalid parameter: unknown parameter {shown}")


class FormValidator:
    """Coerce and validate one set of parameters (a form body or a query string).

    With `closed`, a name the spec does not list is an error: an operation's query
    parameters are an enumeration, while a body schema says itself what else it allows.
    """

    def __init__(self, schema: Schema, exploded: frozenset[str], closed: bool = False) -> None:
        self._known = frozenset(schema.get("properties", {})) if closed else None
        self._coerce = Coercer(schema.get("properties", {}), exploded)
        self._check = compile_check(schema)

    def __call__(self, form: FormData) -> dict[str, Any]:
        if self._known is not None:
            for name in form:
                if name not in self._known:
                    raise _unknown(name)
        data = self._coerce(form)
        try:
            self._check(data)
        except Refusal as refusal:
            raise ApiError(400, refusal.code, refusal.message) from None
        return data


def _object_schema(params: tuple[Parameter, ...]) -> Schema:
    return object_schema(
        {param.name: param.schema for param in params},
        [param.name for param in params if param.required],
    )


class OperationValidator:
    """Everything the spec says about one operation's input, compiled once."""

    def __init__(self, operation: Operation) -> None:
        self.operation = operation
        path_params = operation.params_in("path")
        self.path_names = tuple(param.name for param in path_params)
        path_check = fastjsonschema.compile(_object_schema(path_params), formats=FORMATS)
        self._path_check: Callable[[Any], Any] = path_check
        query_params = operation.params_in("query")
        arrays = frozenset(p.name for p in query_params if p.schema.get("type") == "array")
        self.query = FormValidator(_object_schema(query_params), arrays, closed=True)
        # An empty query string is valid unless a parameter is required: no need to check it.
        self.empty_query_ok = not any(param.required for param in query_params)
        self._path_seen: dict[tuple[str, ...], bool] = {}
        self.body: FormValidator | None = (
            FormValidator(operation.body_schema, operation.body_exploded)
            if operation.body_schema is not None
            else None
        )

    def path_ok(self, values: Mapping[str, str]) -> bool:
        # Clients fetch the same few resources again and again: remember recent answers.
        key = tuple(values.values())
        known = self._path_seen.get(key)
        if known is not None:
            return known
        try:
            self._path_check(values)
            valid = True
        except fastjsonschema.JsonSchemaValueException:
            valid = False
        if len(self._path_seen) >= _PATH_MEMORY:
            self._path_seen.clear()
        self._path_seen[key] = valid
        return valid
