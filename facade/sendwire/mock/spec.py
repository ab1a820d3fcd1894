"""Loading the OpenAPI document the mock is driven by, and reading its operations."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from .._generated.operations import CREATE_MESSAGE
from .._schema.jsonschema import to_json_schema

SPEC_FILE_NAME = "messages.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
FORM = "application/x-www-form-urlencoded"

Schema = dict[str, Any]

#: How many media URLs one message may carry, as the spec bounds them.
MAX_MEDIA_URLS: int | None = CREATE_MESSAGE.bound("body", "MediaUrl", "maxItems")


def default_spec_path() -> Path:
    """The spec shipped in the package; in a source checkout, the repository's `spec/` copy."""
    packaged = Path(__file__).with_name(SPEC_FILE_NAME)
    if packaged.is_file():
        return packaged
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "spec" / SPEC_FILE_NAME
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"{SPEC_FILE_NAME} is neither packaged with sendwire.mock nor in a spec/ directory"
    )


def load_spec(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open("rb") as handle:
        document = yaml.load(handle, Loader=loader)
    if not isinstance(document, dict) or "paths" not in document:
        raise ValueError(f"{path} is not an OpenAPI document")
    return resolve_refs(document)


def resolve_refs(document: dict[str, Any]) -> dict[str, Any]:
    """Inline every local `$ref`, so later code never needs the document root."""

    def lookup(ref: str) -> Any:
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are supported, not {ref!r}")
        node: Any = document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref in seen:
                    raise ValueError(f"recursive reference {ref!r}")
                return walk(lookup(ref), (*seen, ref))
            return {key: walk(value, seen) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item, seen) for item in node]
        return node

    resolved: dict[str, Any] = walk(document, ())
    return resolved


@attrs.frozen
class Parameter:
    name: str
    location: str
    required: bool
    schema: Schema


@attrs.frozen
class Operation:
    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    body_schema: Schema | None
    body_required: bool
    body_exploded: frozenset[str]
    #: The JSON schema of the first 2xx answer with a body, if any.
    response_schema: Schema | None = None
    #: The first 2xx status the spec declares, and that answer's first example, if any.
    success_status: int = 200
    response_example: Any = None

    def params_in(self, location: str) -> tuple[Parameter, ...]:
        return tuple(param for param in self.parameters if param.location == location)


def _parameter(raw: Mapping[str, Any]) -> Parameter:
    return Parameter(
        name=str(raw["name"]),
        location=str(raw["in"]),
        required=bool(raw.get("required", False)),
        schema=to_json_schema(raw.get("schema", {})),
    )


def operations(document: Mapping[str, Any]) -> list[Operation]:
    found: list[Operation] = []
    for path, item in document["paths"].items():
        shared = {(p["name"], p["in"]): p for p in item.get("parameters", [])}
        for method in HTTP_METHODS:
            raw = item.get(method)
            if raw is None:
                continue
            merged = dict(shared)
            merged.update({(p["name"], p["in"]): p for p in raw.get("parameters", [])})
            body_schema: Schema | None = None
            body_required = False
            exploded: set[str] = set()
            request_body = raw.get("requestBody")
            if request_body is not None:
                media = request_body.get("content", {}).get(FORM)
                if media is None:
                    raise ValueError(f"{method.upper()} {path}: only {FORM} bodies are supported")
                body_schema = to_json_schema(media.get("schema", {}))
                body_required = bool(request_body.get("required", False))
                encodings = media.get("encoding", {})
                for name, encoding in encodings.items():
                    if encoding.get("explode", encoding.get("style", "form") == "form"):
                        exploded.add(name)
                # Without an encoding, an array field is sent as the name repeated (OpenAPI's
                # default for forms: style form, explode true).
                for name, schema in (body_schema.get("properties") or {}).items():
                    if name not in encodings and schema.get("type") == "array":
                        exploded.add(name)
            response_schema: Schema | None = None
            example: Any = None
            successes = sorted(
                int(status)
                for status in raw.get("responses") or {}
                if str(status).isdigit() and str(status).startswith("2")
            )
            for status, response in sorted((raw.get("responses") or {}).items()):
                if str(status).startswith("2") and response_schema is None:
                    content = (response.get("content") or {}).get("application/json")
                    if content is not None and "schema" in content:
                        response_schema = content["schema"]
                        example = _first_example(content)
            found.append(
                Operation(
                    operation_id=str(raw["operationId"]),
                    method=method.upper(),
                    path=str(path),
                    parameters=tuple(_parameter(p) for p in merged.values()),
                    body_schema=body_schema,
                    body_required=body_required,
                    body_exploded=frozenset(exploded),
                    response_schema=response_schema,
                    success_status=successes[0] if successes else 200,
                    response_example=example,
                )
            )
    return found


def _first_example(content: Mapping[str, Any]) -> Any:
    if "example" in content:
        return content["example"]
    for example in (content.get("examples") or {}).values():
        if isinstance(example, Mapping) and "value" in example:
            return example["value"]
    return None
