"""One set of parameters (a form body, a query string, a path) checked as the API checks it.

The schema is compiled by fastjsonschema, with its checks ordered the way the service reports
them: a missing required parameter first, then each parameter, then the alternatives (a
sender, some content). The first failure becomes a ``Refusal`` carrying the API's error code:
the client raises it as a ``ValidationError`` before sending, the mock answers it as a 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import fastjsonschema

from .._generated.errors import ALTERNATIVE_ERRORS, INVALID_PARAMETER, PARAMETER_ERRORS
from .formats import FORMATS
from .jsonschema import Schema

# The API's codes for particular refusals come from the spec's `x-error-codes`: by the
# parameter and the JSON Schema keyword it failed, or by the alternatives of a failed
# one-of-these-is-required rule. `{limit}` in a message is the bound the spec sets, so a
# changed bound changes the text too.
__all__ = ["INVALID_PARAMETER", "Refusal", "compile_check", "refusal", "sequenced"]

_ERROR_NAME = re.compile(r"data\.(.+?)(\[[0-9]+\])?\Z")


class Refusal(Exception):
    """Why the service would refuse a request: the parameter, the API's code, its message.

    ``alternatives`` names every parameter of a failed "one of these is required" rule.
    """

    def __init__(
        self, param: str, code: int, message: str, alternatives: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.param = param
        self.code = code
        self.message = message
        self.alternatives = alternatives


def sequenced(schema: Schema) -> Schema:
    """The same object schema, its checks in the order errors are reported.

    fastjsonschema reports the first failure and checks a conjunction (`allOf`) in order.
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


def refusal(exc: fastjsonschema.JsonSchemaValueException, data: Mapping[str, Any]) -> Refusal:
    """The API's answer to the first rule ``data`` broke."""
    rule = exc.rule or ""
    if rule == "required" and exc.name == "data":
        required: list[str] = exc.rule_definition or []
        param = next((name for name in required if name not in data), str(required))
        code, message = PARAMETER_ERRORS.get(
            (param, "required"), (INVALID_PARAMETER, f"Missing required parameter {param}.")
        )
        return Refusal(param, code, message)
    if rule == "anyOf" and exc.name == "data":
        names: list[str] = []
        for alternative in exc.rule_definition or []:
            if isinstance(alternative, dict):
                names += [n for n in alternative.get("required", ()) if n not in names]
        code, message = ALTERNATIVE_ERRORS.get(
            frozenset(names), (INVALID_PARAMETER, f"One of {', '.join(names)} is required.")
        )
        return Refusal(names[0] if names else "", code, message, tuple(names))
    match = _ERROR_NAME.match(exc.name or "")
    param = match.group(1) if match else ""
    key = (param + "[]" if match and match.group(2) else param, rule)
    detail = (exc.message or "").replace("data.", "", 1)
    known = PARAMETER_ERRORS.get(key)
    if known is None:
        return Refusal(param, INVALID_PARAMETER, f"Invalid parameter: {detail}")
    code, template = known
    return Refusal(param, code, template.format(limit=exc.rule_definition))


def compile_check(schema: Schema) -> Callable[[Mapping[str, Any]], None]:
    """A function that returns for valid ``data`` and raises ``Refusal`` otherwise."""
    check = fastjsonschema.compile(sequenced(schema), formats=FORMATS)

    def run(data: Mapping[str, Any]) -> None:
        try:
            check(data)
        except fastjsonschema.JsonSchemaValueException as exc:
            raise refusal(exc, data) from None

    return run
