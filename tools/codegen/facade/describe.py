"""Read the spec into what the facade needs: models, enums and operation inputs."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openapi_python_client.strings import PythonIdentifier

from codegen import paths, prepare
from codegen.prepare import Spec


def _load_jsonschema() -> Any:
    """The facade's own OpenAPI-to-JSON-Schema conversion, read from its file.

    Loaded by path, not imported: importing ``sendwire`` would run the very modules being
    regenerated, which may not match the spec yet.
    """
    source = paths.ROOT / "facade" / "sendwire" / "_schema" / "jsonschema.py"
    spec = importlib.util.spec_from_file_location("_sendwire_jsonschema", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_jsonschema = _load_jsonschema()
object_schema = _jsonschema.object_schema
to_json_schema = _jsonschema.to_json_schema

CONFIG = Path(__file__).resolve().parent.parent / "facade.yaml"
SCHEMA_REF = "#/components/schemas/"


def python_name(wire_name: str) -> str:
    """The generator's own spelling, so facade arguments match the generated client's."""
    return str(PythonIdentifier(prepare.alias_for(wire_name), prefix="field"))


def constant_name(value: str) -> str:
    return python_name(value).upper().rstrip("_") or "EMPTY"


def first_paragraph(text: str | None) -> str:
    return " ".join((text or "").strip().split("\n\n")[0].split())


@dataclass
class Enum:
    name: str
    values: list[str]
    doc: str


@dataclass
class Property:
    name: str  # Python attribute
    wire: str  # JSON key
    kind: str  # str, int, float, bool, decimal, datetime, rfc2822, enum, str_map, mapping, list
    enum: str | None = None
    doc: str = ""


@dataclass
class Model:
    name: str
    schema_name: str
    doc: str
    properties: list[Property]


@dataclass
class Envelope:
    schema_name: str
    items_key: str
    item_model: str
    properties: list[Property]


@dataclass
class Input:
    """One request field or parameter as the facade takes it."""

    name: str
    wire: str
    kind: str  # str, int, float, bool, date, datetime, date_filter, json_text, enum, list
    required: bool
    choices: list[str] = field(default_factory=list)
    doc: str = ""
    item_kind: str = "str"  # for a list: the kind of each item


@dataclass
class Operation:
    operation_id: str
    path: list[Input]
    query: list[Input]
    body: list[Input]
    path_schema: dict[str, Any]
    query_schema: dict[str, Any]
    body_schema: dict[str, Any] | None
    filters: list[str]  # query inputs that select results (not paging)
    method: str = "GET"
    template: str = ""  # the path with the parameters' wire names
    result: str = ""  # the class the success answer is read as ("" for no body)
    envelope: str = ""  # for a page of items: the envelope's schema
    items_key: str = ""
    summary: str = ""
    max_page_size: int | None = None  # a list operation's largest page, from the spec


@dataclass
class ErrorCode:
    """One of the API's error codes for a refused request (a response's ``x-error-codes``)."""

    code: int
    message: str
    parameter: str | None = None
    rule: str | None = None
    alternatives: tuple[str, ...] = ()


@dataclass
class Description:
    enums: list[Enum]
    models: list[Model]
    envelopes: list[Envelope]
    operations: list[Operation]
    error_codes: list[ErrorCode] = field(default_factory=list)
    paging: dict[str, str] = field(default_factory=dict)
    account: str = "AccountSid"


def error_codes(spec: Spec) -> list[ErrorCode]:
    """Every response's ``x-error-codes``, in the spec's order."""
    found: list[ErrorCode] = []
    for response in ((spec.get("components") or {}).get("responses") or {}).values():
        for entry in response.get("x-error-codes") or []:
            found.append(
                ErrorCode(
                    int(entry["code"]),
                    str(entry["message"]),
                    entry.get("parameter"),
                    entry.get("rule"),
                    tuple(entry.get("alternatives") or ()),
                )
            )
    return found


def paging_parameters(config: dict[str, Any]) -> dict[str, str]:
    """The paging query parameters by role (``page_size``, ``page``, ``page_token``)."""
    return {str(k): str(v) for k, v in (config.get("paging_parameters") or {}).items()}


def load_config(path: Path = CONFIG) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(path.read_text()) or {}
    return config


def _ref_name(node: Any) -> str | None:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref: str = node["$ref"]
        if ref.startswith(SCHEMA_REF):
            return ref[len(SCHEMA_REF) :]
    return None


class Reader:
    def __init__(self, spec: Spec, config: dict[str, Any]) -> None:
        self.spec = spec
        self.config = config
        self.schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
        self.enums: dict[str, Enum] = {}

    def resolve(self, node: Any) -> Any:
        return self.resolve_all(node)

    def resolve_all(self, node: Any) -> Any:
        if isinstance(node, dict):
            name = _ref_name(node)
            if name is not None:
                return self.resolve_all(self.schemas[name])
            if "$ref" in node:
                return self.resolve_all(prepare.resolve(self.spec, node))
            return {key: self.resolve_all(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self.resolve_all(item) for item in node]
        return node

    def enum_for(self, node: Any, fallback: str) -> str | None:
        """The enum class a schema stands for (registering it), or None if it is no enum."""
        name = _ref_name(node)
        schema = self.resolve(node)
        if not isinstance(schema, dict) or "enum" not in schema:
            return None
        name = name or fallback
        values = [str(v) for v in schema["enum"] if v is not None]
        self.enums.setdefault(name, Enum(name, values, first_paragraph(schema.get("description"))))
        return name

    # ---- responses ----------------------------------------------------------------------

    def response_kind(self, model: str, wire: str, node: Any) -> tuple[str, str | None]:
        override = self.config.get("conversions", {}).get(f"{model}.{wire}")
        if override is not None:
            return str(override), None
        enum = self.enum_for(node, model + python_name(wire).title().replace("_", ""))
        if enum is not None:
            return "enum", enum
        schema = self.resolve(node)
        kind, fmt = schema.get("type"), schema.get("format")
        if fmt == "date-time-rfc-2822":
            return "rfc2822", None
        if fmt == "date-time":
            return "datetime", None
        simple = {"integer": "int", "number": "float", "boolean": "bool", "array": "list"}
        if kind in simple:
            return simple[kind], None
        if kind == "object":
            return ("str_map" if fmt == "uri-map" else "mapping"), None
        return "str", None

    def properties(self, schema_name: str) -> list[Property]:
        schema = self.schemas[schema_name]
        found = []
        for wire, node in (schema.get("properties") or {}).items():
            kind, enum = self.response_kind(schema_name, wire, node)
            doc = first_paragraph(self.resolve(node).get("description"))
            found.append(Property(python_name(wire), wire, kind, enum, doc))
        return found

    def response_schemas(self) -> list[str]:
        """Schemas answered with a 2xx body, in the order the spec first uses them."""
        names: list[str] = []
        for _path, _method, operation, _params in prepare.operations(self.spec):
            for status, response in (operation.get("responses") or {}).items():
                if not str(status).startswith("2"):
                    continue
                response = prepare.resolve(self.spec, response)
                for media in (response.get("content") or {}).values():
                    name = _ref_name(media.get("schema"))
                    if name is not None and name not in names:
                        names.append(name)
        return names

    def envelope_items(self, schema_name: str) -> tuple[str, str] | None:
        """(items key, item schema) when the schema is a page of other resources."""
        for wire, node in (self.schemas[schema_name].get("properties") or {}).items():
            if node.get("type") == "array" and _ref_name(node.get("items")) is not None:
                return wire, str(_ref_name(node["items"]))
        return None

    # ---- requests -----------------------------------------------------------------------

    def input_kind(self, owner: str, wire: str, node: Any) -> tuple[str, list[str], str]:
        """(kind, enum choices, kind of each item for a list)."""
        if f"{owner}.{wire}" in self.config.get("json_text", []):
            return "json_text", [], "str"
        enum = self.enum_for(node, owner + prepare.alias_for(wire))
        if enum is not None:
            return "enum", self.enums[enum].values, "str"
        schema = self.resolve(node)
        alternatives = schema.get("anyOf") or schema.get("oneOf") or []
        formats = {alt.get("format") for alt in alternatives if isinstance(alt, dict)}
        if formats & {"date", "date-time"}:
            return "date_filter", [], "str"
        if schema.get("format") == "date-time":
            return "datetime", [], "str"
        if schema.get("format") == "date":
            return "date", [], "str"
        if schema.get("type") == "array":
            item_kind, choices, _ = self.input_kind(owner, wire + "Item", schema.get("items", {}))
            return "list", choices, item_kind
        simple = {"integer": "int", "number": "float", "boolean": "bool"}
        return simple.get(schema.get("type"), "str"), [], "str"

    def answer(
        self, operation: dict[str, Any], class_names: dict[str, str]
    ) -> tuple[str, str, str]:
        """(result class, envelope schema, items key) of the first 2xx answer with a body."""
        for status, response in sorted((operation.get("responses") or {}).items()):
            if not str(status).startswith("2"):
                continue
            response = prepare.resolve(self.spec, response)
            for media in (response.get("content") or {}).values():
                name = _ref_name(media.get("schema"))
                if name is None:
                    continue
                items = self.envelope_items(name)
                if items is not None:
                    return class_names.get(items[1], items[1]), name, items[0]
                return class_names.get(name, name), "", ""
        return "", "", ""

    def operation(
        self, path: str, method: str, operation: dict[str, Any], params: list[dict[str, Any]]
    ) -> Operation:
        op_id = str(operation["operationId"])
        result, envelope, items_key = self.answer(operation, self.config.get("class_names", {}))
        paging = set(paging_parameters(self.config).values())
        by_location: dict[str, list[Input]] = {"path": [], "query": []}
        json_params: dict[str, dict[str, Any]] = {"path": {}, "query": {}}
        required: dict[str, list[str]] = {"path": [], "query": []}
        for param in params:
            where = param["in"]
            if where not in by_location:
                continue
            kind, choices, item_kind = self.input_kind(
                op_id, param["name"], param.get("schema", {})
            )
            doc = first_paragraph(param.get("description"))
            by_location[where].append(
                Input(
                    python_name(param["name"]),
                    param["name"],
                    kind,
                    bool(param.get("required")),
                    choices,
                    doc,
                    item_kind,
                )
            )
            json_params[where][param["name"]] = to_json_schema(
                self.resolve_all(param.get("schema", {}))
            )
            if param.get("required"):
                required[where].append(param["name"])
        body: list[Input] = []
        body_schema = None
        request_body = operation.get("requestBody")
        if request_body is not None:
            request_body = prepare.resolve(self.spec, request_body)
            media = (request_body.get("content") or {}).get("application/x-www-form-urlencoded")
            if media is not None:
                owner = _ref_name(media.get("schema")) or op_id
                resolved = self.resolve_all(media.get("schema", {}))
                body_schema = to_json_schema(resolved)
                must = set(resolved.get("required") or [])
                for wire, node in (resolved.get("properties") or {}).items():
                    raw = (self.schemas.get(owner, {}).get("properties") or {}).get(wire, node)
                    kind, choices, item_kind = self.input_kind(owner, wire, raw)
                    doc = first_paragraph(node.get("description"))
                    body.append(
                        Input(python_name(wire), wire, kind, wire in must, choices, doc, item_kind)
                    )
        return Operation(
            operation_id=op_id,
            path=by_location["path"],
            query=by_location["query"],
            body=body,
            path_schema=object_schema(json_params["path"], required["path"]),
            query_schema=object_schema(json_params["query"], required["query"]),
            body_schema=body_schema,
            filters=[i.name for i in by_location["query"] if i.wire not in paging],
            method=method.upper(),
            template=path,
            result=result,
            envelope=envelope,
            items_key=items_key,
            summary=first_paragraph(operation.get("summary")).rstrip("."),
            max_page_size=self.max_page_size(json_params["query"]),
        )

    def max_page_size(self, query: dict[str, Any]) -> int | None:
        wire = paging_parameters(self.config).get("page_size")
        maximum = (query.get(wire) or {}).get("maximum") if wire else None
        return maximum if isinstance(maximum, int) else None


def describe(spec: Spec, config: dict[str, Any] | None = None) -> Description:
    reader = Reader(spec, config if config is not None else load_config())
    class_names: dict[str, str] = reader.config.get("class_names", {})
    models: list[Model] = []
    envelopes: list[Envelope] = []
    pending = reader.response_schemas()
    seen: set[str] = set()
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        items = reader.envelope_items(name)
        if items is not None:
            key, item = items
            pending.append(item)
            props = [p for p in reader.properties(name) if p.wire != key]
            envelopes.append(Envelope(name, key, class_names.get(item, item), props))
            continue
        schema = reader.schemas[name]
        models.append(
            Model(
                class_names.get(name, name),
                name,
                first_paragraph(schema.get("description")),
                reader.properties(name),
            )
        )
    operations = [
        reader.operation(path, method, operation, params)
        for path, method, operation, params in prepare.operations(spec)
    ]
    # Every enum component, used by a response or not (webhook payloads use them too).
    for name, schema in reader.schemas.items():
        if isinstance(schema, dict) and "enum" in schema:
            reader.enum_for({"$ref": SCHEMA_REF + name}, name)
    return Description(
        enums=sorted(reader.enums.values(), key=lambda e: e.name),
        models=models,
        envelopes=envelopes,
        operations=operations,
        error_codes=error_codes(spec),
        paging=paging_parameters(reader.config),
        account=str(reader.config.get("account_parameter", "AccountSid")),
    )
