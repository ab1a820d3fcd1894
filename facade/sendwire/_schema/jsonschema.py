"""OpenAPI 3.0 schema objects as plain JSON Schema (draft 7), which validators understand."""

from __future__ import annotations

import copy
from typing import Any

Schema = dict[str, Any]

# Keywords of an OpenAPI schema that say nothing a validator can check.
_ANNOTATIONS = frozenset(
    {"description", "example", "examples", "title", "externalDocs", "xml", "readOnly",
     "writeOnly", "deprecated", "discriminator", "nullable"}
)  # fmt: skip


def to_json_schema(schema: Schema) -> Schema:
    """``schema`` (with its references already inlined) as JSON Schema draft 7."""
    result: Schema = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key in ("properties", "patternProperties"):
            result[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("items", "not") or (key == "additionalProperties" and isinstance(value, dict)):
            result[key] = to_json_schema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            result[key] = [to_json_schema(sub) for sub in value]
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and bound in schema:
                result[key] = schema[bound]
        else:
            result[key] = copy.deepcopy(value)
    if any(key in ("exclusiveMinimum", "exclusiveMaximum") for key in result):
        for key, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if key in result:
                result.pop(bound, None)
    if schema.get("nullable") is True:
        kind = result.get("type")
        if isinstance(kind, str):
            result["type"] = [kind, "null"]
        if "enum" in result:
            result["enum"] = [*result["enum"], None]
    return result


def object_schema(properties: dict[str, Schema], required: list[str]) -> Schema:
    """An object schema over named parameters (a query string or a path)."""
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema
