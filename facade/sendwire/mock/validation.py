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

from .errors import ALTERNATIVE_ERRORS, INVALID_PARAMETER, PARAMETER_ERRORS, ApiError
from .formats import FORMATS
from .forms import FormData
from .spec import Operation, Parameter, Schema

_INTEGER = re.compile(r"[+-]?[0-9]{1,4000}\Z")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")
_ERROR_NAME = re.compile(r"data\.(.+?)(\[[0-9]+\])?\Z")
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


def _sequenced(schema: Schema) -> Schema:
    """The same object schema, with its checks in the order errors should be reported.

    fastjsonschema reports the first failure; a conjunction (`allOf`) is checked in order, so
    "missing required parameter" comes first, then each property, then the alternatives.
    """
    if schema.get("type") != "object":
        return schema
    rest = {k: v for k, v in schema.items() if k not in ("required", "properties", "allOf")}
    steps: list[Schema] = []
    if schema.get("required"):
        steps.append({"required": schema["required"]})
    if schema.get("properties"):
        steps.append({"properties": schema["properties"]})
    steps.extend(schema.get("allOf", []))
    return {**rest, "allOf": steps} if steps else rest


def _error(exc: fastjsonschema.JsonSchemaValueException, data: Mapping[str, Any]) -> ApiError:
    rule = exc.rule or ""
    if rule == "required" and exc.name == "data":
        required: list[str] = exc.rule_definition or []
        param = next((name for name in required if name not in data), str(required))
        code, message = PARAMETER_ERRORS.get(
            (param, "required"), (INVALID_PARAMETER, f"Missing required parameter {param}.")
        )
        return ApiError(400, code, message)
    if rule == "anyOf" and exc.name == "data":
        names: set[str] = set()
        for alternative in exc.rule_definition or []:
            names.update(alternative.get("required", ()) if isinstance(alternative, dict) else ())
        code, message = ALTERNATIVE_ERRORS.get(
            frozenset(names),
            (INVALID_PARAMETER, f"One of {', '.join(sorted(names))} is required."),
        )
        return ApiError(400, code, message)
    match = _ERROR_NAME.match(exc.name or "")
    param = match.group(1) if match else "request"
    key = (param + "[]" if match and match.group(2) else param, rule)
    detail = (exc.message or "").replace("data.", "", 1)
    code, message = PARAMETER_ERRORS.get(key, (INVALID_PARAMETER, f"Invalid parameter: {detail}"))
    return ApiError(400, code, message)


def _unknown(name: str) -> ApiError:
    shown = name if _PRINTABLE.match(name) else "(unprintable)"
    return ApiError(400, INVALID_PARAMETER, f"Invalid parameter: unknown parameter {shown}")


class FormValidator:
    """Coerce and validate one set of parameters (a form body or a query string).

    With `closed`, a name the spec does not list is an error: an operation's query
    parameters are an enumeration, while a body schema says itself what else it allows.
    """

    def __init__(self, schema: Schema, exploded: frozenset[str], closed: bool = False) -> None:
        self._known = frozenset(schema.get("properties", {})) if closed else None
        self._coerce = Coercer(schema.get("properties", {}), exploded)
        self._check = fastjsonschema.compile(_sequenced(schema), formats=FORMATS)

    def __call__(self, form: FormData) -> dict[str, Any]:
        if self._known is not None:
            for name in form:
                if name not in self._known:
                    raise _unknown(name)
        data = self._coerce(form)
        try:
            self._check(data)
        except fastjsonschema.JsonSchemaValueException as exc:
            raise _error(exc, data) from None
        return data


def _object_schema(params: tuple[Parameter, ...]) -> Schema:
    schema: Schema = {
        "type": "object",
        "properties": {param.name: param.schema for param in params},
    }
    required = [param.name for param in params if param.required]
    if required:
        schema["required"] = required
    return schema


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
