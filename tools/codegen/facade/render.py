"""Write a ``Description`` out as the modules of ``sendwire._generated``."""

from __future__ import annotations

import pprint
import textwrap
from pathlib import Path
from typing import Any

from codegen.facade.describe import (
    Description,
    Enum,
    Envelope,
    ErrorCode,
    Input,
    Model,
    Property,
    constant_name,
    python_name,
)

HEADER = '''"""{doc}

Generated from spec/messages.yaml by `make generate` (tools/codegen/facade); do not edit.
"""

from __future__ import annotations
'''

# Python type of each response kind, and the converter that reads it from JSON.
RESPONSE_TYPES = {
    "str": ("str | None", "to_str"),
    "int": ("int | None", "to_int"),
    "float": ("float | None", "to_float"),
    "bool": ("bool | None", "to_bool"),
    "decimal": ("Decimal | None", "to_decimal"),
    "datetime": ("dt.datetime | None", "to_iso_datetime"),
    "rfc2822": ("dt.datetime | None", "parse_rfc2822"),
    "str_map": ("Mapping[str, str]", "to_str_map"),
    "mapping": ("Mapping[str, Any] | None", "to_mapping"),
    "list": ("list[Any] | None", "to_list"),
}

# What a facade argument of each input kind accepts.
INPUT_TYPES = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "date": "dt.date | str",
    "datetime": "dt.datetime | str",
    "date_filter": "dt.date | str",
    "json_text": "str | Mapping[str, Any]",
}


def input_type(item: Input) -> str:
    """The Python type a facade argument of this input accepts."""
    if item.kind == "list":
        one = input_type(Input(item.name, item.wire, item.item_kind, False, item.choices))
        return f"{one} | Sequence[{one}]"
    if item.kind == "enum" or item.choices:
        return "Literal[" + ", ".join(repr(c) for c in item.choices) + "]"
    return INPUT_TYPES[item.kind]


def _comment(text: str, indent: str = "    ") -> str:
    """``text`` as ``#:`` attribute-doc lines that fit the line length."""
    if not text:
        return ""
    lines = textwrap.wrap(text, width=96 - len(indent))
    return "".join(f"{indent}#: {line}\n" for line in lines)


def _literal(value: Any) -> str:
    return pprint.pformat(value, width=10_000, sort_dicts=False)


def _doc(text: str, indent: str = "    ") -> str:
    text = (text or "").replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f'{indent}"""{text}"""\n' if text else ""


def enums_module(enums: list[Enum]) -> str:
    out = [HEADER.format(doc="The API's enumerations, open to values added later.")]
    out.append("\nfrom sendwire._core.openenum import OpenStrEnum\n")
    out.append(f"\n__all__ = {_literal([e.name for e in enums])}\n")
    for enum in enums:
        out.append(f"\n\nclass {enum.name}(OpenStrEnum):\n")
        out.append(_doc(enum.doc or f"The values of {enum.name}."))
        out.append("\n")
        for value in enum.values:
            out.append(f"    {constant_name(value)} = {value!r}\n")
    return "".join(out)


def _field_line(prop: Property, identity: str) -> str:
    if prop.name == identity:
        return f"    {prop.name}: str\n"
    if prop.kind == "enum":
        annotation = f"{prop.enum} | None"
    else:
        annotation = RESPONSE_TYPES[prop.kind][0]
    default = (
        "attrs.field(factory=dict, eq=False, repr=False)" if prop.kind == "str_map" else "None"
    )
    doc = _comment(prop.doc)
    return f"{doc}    {prop.name}: {annotation} = {default}\n"


def _reader(prop: Property, identity: str) -> str:
    raw = f"get({prop.wire!r})"
    # Strings, most properties, are checked inline: a page holds thousands of them.
    if prop.name == identity:
        return f'(v if type(v := {raw}) is str else "")'
    if prop.kind == "str":
        return f"(v if type(v := {raw}) is str else None)"
    if prop.kind == "enum":
        return f"to_enum({prop.enum}, {raw})"
    return f"{RESPONSE_TYPES[prop.kind][1]}({raw})"


def _ordered(properties: list[Property], identity: str) -> list[Property]:
    return sorted(properties, key=lambda p: p.name != identity)


def _model(model: Model, identity: str) -> str:
    props = _ordered(model.properties, identity)
    out = ["\n\n@attrs.frozen(slots=True, kw_only=True)\n", f"class {model.name}(Resource):\n"]
    out.append(_doc(model.doc or f"A {model.schema_name} resource."))
    out.append("\n")
    for prop in props:
        out.append(_field_line(prop, identity))
    out.append("    #: Properties the service sent that this version of the spec does not list.\n")
    out.append(
        "    extra_properties: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)\n"
    )
    # Sorted: a set's own order changes from run to run, and the output must not.
    keys = f"frozenset({sorted(p.wire for p in props)!r})"
    upper = model.name.upper()
    out.append(f"\n\n_{upper}_KEYS = {keys}\n")
    # How each field is read from the decoded JSON, on first access (see Resource).
    out.append(f"\n{model.name}._readers = {{\n")
    for prop in props:
        out.append(f"    {prop.name!r}: {_reader_fn(prop, identity)},\n")
    out.append(f'    "extra_properties": lambda d: unknown_properties(d, _{upper}_KEYS),\n')
    out.append("}\n")
    renamed = {p.name: p.wire for p in props if p.name != p.wire}
    out.append(f"{model.name}._wire_names = {_literal(renamed)}\n")
    out.append(f"\n\ndef parse_{python_name(model.name)}(data: Any) -> {model.name}:\n")
    out.append(
        f'    """A {model.name} from its decoded JSON; each property is converted when first read."""\n'
    )
    out.append(f"    return lazy({model.name}, as_object(data))\n")
    return "".join(out)


def _reader_fn(prop: Property, identity: str) -> str:
    wire = repr(prop.wire)
    if prop.name == identity:
        return f'lambda d: to_str(d.get({wire})) or ""'
    if prop.kind == "enum":
        return f"lambda d: to_enum({prop.enum}, d.get({wire}))"
    return f"lambda d: {RESPONSE_TYPES[prop.kind][1]}(d.get({wire}))"


def _page_data(envelopes: list[Envelope]) -> str:
    seen: dict[str, Property] = {}
    for envelope in envelopes:
        for prop in envelope.properties:
            seen.setdefault(prop.name, prop)
    out = ["\n\n@attrs.frozen(slots=True, kw_only=True)\n", "class PageData(Generic[T]):\n"]
    out.append(
        '    """One page of a list: its items, already typed, and the paging envelope."""\n\n'
    )
    out.append("    items: list[T]\n")
    for prop in seen.values():
        out.append(_field_line(prop, ""))
    for envelope in envelopes:
        fn = f"parse_{python_name(envelope.schema_name)}"
        item_parser = f"parse_{python_name(envelope.item_model)}"
        out.append(f"\n\ndef {fn}(data: Any) -> PageData[{envelope.item_model}]:\n")
        out.append(f'    """A page of {envelope.item_model} from its decoded JSON."""\n')
        out.append("    d = as_object(data)\n")
        out.append("    get = d.get\n")
        out.append("    return PageData(\n")
        out.append(f"        items=to_items(d.get({envelope.items_key!r}), {item_parser}),\n")
        for prop in seen.values():
            if any(p.name == prop.name for p in envelope.properties):
                out.append(f"        {prop.name}={_reader(prop, '')},\n")
        out.append("    )\n")
    return "".join(out)


def models_module(description: Description, identity: str) -> str:
    out = [HEADER.format(doc="The resources calls return, typed as the spec describes them.")]
    out.append(
        "\nimport datetime as dt\n"
        "from collections.abc import Mapping\n"
        "from decimal import Decimal\n"
        "from typing import Any, Generic, TypeVar\n\n"
        "import attrs\n\n"
        "from sendwire._core.convert import (\n"
        "    as_object, parse_rfc2822, to_bool, to_decimal, to_enum, to_float, to_int,\n"
        "    to_iso_datetime, to_items, to_list, to_mapping, to_str, to_str_map,\n"
        "    unknown_properties,\n"
        ")\n"
        "from sendwire._core.resource import Resource, lazy\n"
    )
    used = sorted({p.enum for m in description.models for p in m.properties if p.enum})
    if used:
        out.append(f"from sendwire._generated.enums import {', '.join(used)}\n")
    names = [m.name for m in description.models] + ["PageData"]
    names += [f"parse_{python_name(m.name)}" for m in description.models]
    names += [f"parse_{python_name(e.schema_name)}" for e in description.envelopes]
    out.append(f"\n__all__ = {_literal(names)}\n")
    out.append('\nT = TypeVar("T")\n')
    for model in description.models:
        out.append(_model(model, identity))
    out.append(_page_data(description.envelopes))
    return "".join(out)


def _input(item: Input) -> str:
    choices = f", choices={tuple(item.choices)!r}" if item.choices else ""
    doc = f", doc={item.doc!r}" if item.doc else ""
    item_kind = f", item_kind={item.item_kind!r}" if item.item_kind != "str" else ""
    return (
        f"Input({item.name!r}, {item.wire!r}, {item.kind!r}, required={item.required}"
        f"{choices}{doc}{item_kind})"
    )


def _inputs(items: list[Input]) -> str:
    if not items:
        return "()"
    return "(\n" + "".join(f"        {_input(i)},\n" for i in items) + "    )"


def _typed_dict(name: str, items: list[Input], doc: str) -> str:
    out = [f"\n\nclass {name}(TypedDict, total=False):\n", _doc(doc)]
    if not items:
        out.append("    pass\n")
    for item in items:
        annotation = input_type(item)
        out.append(_comment(item.doc))
        if item.required:
            out.append(f"    {item.name}: Required[{annotation}]\n")
        else:
            out.append(f"    {item.name}: {annotation} | None\n")
    return "".join(out)


def operation_constant(operation_id: str) -> str:
    return python_name(operation_id).upper()


def operations_module(description: Description) -> str:
    out = [HEADER.format(doc="Each operation's inputs: names, wire names, kinds and JSON Schemas.")]
    out.append(
        "\nimport datetime as dt\n"
        "from collections.abc import Mapping, Sequence\n"
        "from typing import TYPE_CHECKING, Any, Literal, TypedDict\n\n"
        "from sendwire._schema.operation import Input, OperationInputs\n\n"
        "if TYPE_CHECKING:\n"
        "    from typing_extensions import Required\n"
    )
    names: list[str] = []
    for op in description.operations:
        const = operation_constant(op.operation_id)
        names.append(const)
        out.append(f"\n\n{const} = OperationInputs(\n")
        out.append(f"    operation_id={op.operation_id!r},\n")
        out.append(f"    path={_inputs(op.path)},\n")
        out.append(f"    query={_inputs(op.query)},\n")
        out.append(f"    body={_inputs(op.body)},\n")
        out.append(f"    filters={tuple(op.filters)!r},\n")
        out.append(f"    path_schema={_literal(op.path_schema)},\n")
        out.append(f"    query_schema={_literal(op.query_schema)},\n")
        out.append(f"    body_schema={_literal(op.body_schema)},\n")
        out.append(f"    method={op.method!r},\n")
        out.append(f"    template={op.template!r},\n")
        out.append(f"    method_name={python_name(op.operation_id)!r},\n")
        for key in ("result", "envelope", "items_key", "max_page_size"):
            if getattr(op, key):
                out.append(f"    {key}={getattr(op, key)!r},\n")
        out.append(")\n")
    names.append("OPERATIONS")
    out.append("\n\n#: Every operation, in the spec's order.\n")
    consts = "".join(
        f"    {operation_constant(op.operation_id)},\n" for op in description.operations
    )
    out.append(f"OPERATIONS: tuple[OperationInputs, ...] = (\n{consts})\n")
    names.append("ACCOUNT_PARAMETER")
    out.append("\n\n#: The path parameter every client fills in with its own account.\n")
    out.append(f"ACCOUNT_PARAMETER = {description.account!r}\n")
    names.append("PAGING_PARAMETERS")
    out.append("\n\n#: The query parameters that drive paging, by the part each plays.\n")
    out.append(f"PAGING_PARAMETERS: dict[str, str] = {_literal(description.paging)}\n")
    for op in description.operations:
        if op.body:
            name = f"{op.operation_id}Params"
            names.append(name)
            out.append(_typed_dict(name, op.body, f"The fields of {op.operation_id}."))
        if op.filters:
            name = f"{op.operation_id}Filters"
            names.append(name)
            filters = [q for q in op.query if q.name in op.filters]
            out.append(_typed_dict(name, filters, f"The filters of {op.operation_id}."))
    out.append(f"\n\n__all__ = {_literal(names)}\n")
    return "".join(out)


def errors_module(codes: list[ErrorCode]) -> str:
    """The API's error codes for refused requests, keyed as ``sendwire._schema.rules`` looks
    them up: by (parameter, failed rule), by the set of alternatives, and the fallback."""
    by_rule = {(c.parameter, c.rule): (c.code, c.message) for c in codes if c.parameter and c.rule}
    by_alternatives = {c.alternatives: (c.code, c.message) for c in codes if c.alternatives}
    fallback = [c.code for c in codes if not c.parameter and not c.alternatives]
    if len(fallback) != 1:
        raise SystemExit(
            f"x-error-codes must give exactly one code for any other invalid parameter, not {fallback}"
        )
    out = [HEADER.format(doc="The API's error codes for refused requests (`x-error-codes`).")]
    out.append(
        f"\n#: The code for an invalid parameter no other entry covers.\nINVALID_PARAMETER = {fallback[0]}\n"
    )
    out.append(
        "\n#: (parameter, failed JSON Schema keyword) -> (code, message); `Name[]` is an item.\n"
    )
    out.append(f"PARAMETER_ERRORS: dict[tuple[str, str], tuple[int, str]] = {_literal(by_rule)}\n")
    out.append(
        "\n#: The alternatives of a failed one-of-these-is-required rule -> (code, message).\n"
    )
    entries = ", ".join(
        f"frozenset({_literal(sorted(names))}): {_literal(value)}"
        for names, value in by_alternatives.items()
    )
    out.append(f"ALTERNATIVE_ERRORS: dict[frozenset[str], tuple[int, str]] = {{{entries}}}\n")
    out.append('\n__all__ = ["ALTERNATIVE_ERRORS", "INVALID_PARAMETER", "PARAMETER_ERRORS"]\n')
    return "".join(out)


INIT = HEADER.format(
    doc="Modules generated from the spec for the facade: enums, models, operation inputs, errors."
)


def write(description: Description, identity: str, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    files = {
        "__init__.py": INIT,
        "enums.py": enums_module(description.enums),
        "models.py": models_module(description, identity),
        "operations.py": operations_module(description),
        "errors.py": errors_module(description.error_codes),
    }
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
