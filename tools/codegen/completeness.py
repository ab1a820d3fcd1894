"""Independent proof that the generated package holds every piece of the spec.

The generator reports dropped pieces only as warnings and still exits 0, and may skip a
construct without a word. These checks read the original spec (wire names and all) and the
generated source as syntax trees, without importing it, and list everything that is missing:

* every operation has its module with ``sync_detailed``/``asyncio_detailed`` (and
  ``sync``/``asyncio`` when a success answer has a body), the right method and URL template,
  one positional argument per path parameter, a ``body`` argument when it takes a body, each
  query parameter's exact wire name fed from its own argument, and a branch for every
  declared status code;
* every component schema that is an object or an enum has its class, with every property's
  (or value's) wire name, exported from ``models``;
* the code runs on Python 3.10 (no runtime import of names added in 3.11) and has ``py.typed``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegen.prepare import Spec, operations, resolve

# Names added in Python 3.11 that the generator's own templates or the formatter could bring in.
_NEWER_THAN_310 = {
    "typing": {"Self", "LiteralString", "Never", "NotRequired", "Required", "TypeVarTuple",
               "Unpack", "assert_never", "assert_type", "reveal_type", "dataclass_transform"},
    "enum": {"StrEnum", "ReprEnum", "EnumCheck", "FlagBoundary", "verify", "member", "nonmember"},
    "datetime": {"UTC"},
}  # fmt: skip
_NEWER_THAN_310_MODULES = {"tomllib", "wsgiref.types"}


@dataclass
class ModuleFacts:
    """What one generated module defines, read from its syntax tree."""

    tree: ast.Module
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    strings: set[str] = field(default_factory=set)


def read_module(path: Path) -> ModuleFacts:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    facts = ModuleFacts(tree=tree)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            facts.functions[node.name] = node
        elif isinstance(node, ast.ClassDef):
            facts.classes[node.name] = node
    facts.strings = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    return facts


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def class_name(schema_name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", schema_name))


def find_problems(spec: Spec, package: Path) -> list[str]:
    """Everything in ``spec`` that ``package`` lacks; empty when nothing was dropped."""
    problems: list[str] = []
    if not (package / "py.typed").is_file():
        problems.append("py.typed is missing")
    problems += _operation_problems(spec, package)
    problems += _model_problems(spec, package)
    problems += python310_problems(package)
    return problems


def _operation_problems(spec: Spec, package: Path) -> list[str]:
    problems: list[str] = []
    modules = {path.stem: path for path in (package / "api").glob("*/*.py")}
    for path, method, operation, params in operations(spec):
        op_id = operation.get("operationId")
        where = f"{op_id or '(no operationId)'} ({method.upper()} {path})"
        if not op_id:
            problems.append(f"{where}: the spec gives no operationId")
            continue
        module = modules.get(snake_case(op_id))
        if module is None:
            problems.append(f"{where}: no module api/*/{snake_case(op_id)}.py was generated")
            continue
        facts = read_module(module)
        problems += [
            f"{where}: {p}"
            for p in _endpoint_problems(spec, facts, path, method, operation, params)
        ]
    return problems


def _endpoint_problems(
    spec: Spec,
    facts: ModuleFacts,
    path: str,
    method: str,
    operation: dict[str, Any],
    params: list[dict[str, Any]],
) -> list[str]:
    statuses = operation.get("responses", {})
    has_result = any(
        str(code).startswith("2") and resolve(spec, response).get("content")
        for code, response in statuses.items()
    )
    wanted = ["_get_kwargs", "sync_detailed", "asyncio_detailed"]
    wanted += ["sync", "asyncio"] if has_result else []
    missing = [name for name in wanted if name not in facts.functions]
    if missing:
        return [f"functions missing: {', '.join(missing)}"]

    problems: list[str] = []
    path_params = [p["name"] for p in params if p["in"] == "path"]
    query_params = [p["name"] for p in params if p["in"] == "query"]
    public = facts.functions["sync_detailed"].args
    if len(public.posonlyargs) + len(public.args) != len(path_params):
        problems.append(f"expected {len(path_params)} positional arguments for {path_params}")
    keyword_names = {arg.arg for arg in public.kwonlyargs}
    if "client" not in keyword_names:
        problems.append("no client argument")
    if ("requestBody" in operation) != ("body" in keyword_names):
        problems.append("request body and body argument disagree")

    kwargs = _kwargs_dict(facts.functions["_get_kwargs"])
    if kwargs.get("method") != method:
        problems.append(f"sends method {kwargs.get('method')!r}")
    url = kwargs.get("url")
    if not isinstance(url, str) or _blank_placeholders(url) != _blank_placeholders(path):
        problems.append(f"URL template {url!r} does not match the spec's path")

    sent = _query_sources(facts.functions["_get_kwargs"])
    for name in query_params:
        if name not in sent:
            problems.append(f"query parameter {name!r} is not sent under its wire name")
    for name in sorted(set(sent) - set(query_params)):
        problems.append(f"sends query parameter {name!r} that the spec does not declare")
    arguments = [source for name, source in sent.items() if name in query_params]
    if len(set(arguments)) != len(arguments):
        problems.append(f"query parameters share arguments: {sent}")
    for name, source in sent.items():
        if source not in keyword_names:
            problems.append(f"query parameter {name!r} does not come from an argument")

    handled = (
        _handled_statuses(facts.functions["_parse_response"])
        if "_parse_response" in facts.functions
        else set()
    )
    for code in statuses:
        if str(code).isdigit() and int(code) not in handled:
            problems.append(f"declared status {code} is not handled")
    return problems


def _kwargs_dict(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, object]:
    """The literal ``_kwargs = {...}`` of ``_get_kwargs``: method, and URL template."""
    found: dict[str, object] = {}
    for node in ast.walk(function):
        if not isinstance(node, ast.Dict):
            continue
        for key, value in zip(node.keys, node.values):
            if not (isinstance(key, ast.Constant) and key.value in ("method", "url")):
                continue
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
                value = value.func.value  # "...{account_sid}...".format(...)
            if isinstance(value, ast.Constant):
                found[str(key.value)] = value.value
    return found


def _query_sources(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    """Map each ``params["Wire"] = ...`` to the argument its value comes from."""
    arguments = {arg.arg for arg in function.args.kwonlyargs}
    sources: dict[str, str] = {}
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if not (
            isinstance(target, ast.Subscript)
            and isinstance(target.value, ast.Name)
            and target.value.id == "params"
            and isinstance(target.slice, ast.Constant)
            and isinstance(target.slice.value, str)
        ):
            continue
        source = node.value.id if isinstance(node.value, ast.Name) else ""
        if source not in arguments and source.startswith("json_"):
            source = source.removeprefix("json_")
        sources[target.slice.value] = source
    return sources


def _handled_statuses(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[int]:
    codes: set[int] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Compare):
            for operand in [node.left, *node.comparators]:
                if isinstance(operand, ast.Constant) and isinstance(operand.value, int):
                    codes.add(operand.value)
    return codes


def _blank_placeholders(template: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", template)


def _model_problems(spec: Spec, package: Path) -> list[str]:
    classes: dict[str, ModuleFacts] = {}
    for module in sorted((package / "models").glob("*.py")):
        facts = read_module(module)
        for name in facts.classes:
            classes[name] = facts
    init = package / "models" / "__init__.py"
    exported = read_module(init).strings if init.is_file() else set()

    problems: list[str] = []
    for schema_name, schema in (spec.get("components", {}).get("schemas") or {}).items():
        if "enum" in schema:
            expected = [str(value) for value in schema["enum"]]
            kind = "value"
        elif schema.get("type") == "object" or "properties" in schema:
            expected = list(schema.get("properties", {}))
            kind = "property"
        else:
            continue  # a primitive or a union of primitives: it becomes a type, not a class
        name = class_name(schema_name)
        model = classes.get(name)
        if model is None:
            problems.append(f"schema {schema_name}: no class {name} was generated")
            continue
        if name not in exported:
            problems.append(f"schema {schema_name}: {name} is not exported from models")
        for wire_name in expected:
            if wire_name not in model.strings:
                problems.append(
                    f"schema {schema_name}: {kind} {wire_name!r} is missing from {name}"
                )
    return problems


def python310_problems(package: Path) -> list[str]:
    problems: list[str] = []
    for module in sorted(package.rglob("*.py")):
        relative = module.relative_to(package)
        tree = read_module(module).tree
        for statement in tree.body:  # module level only: TYPE_CHECKING blocks are fine
            if isinstance(statement, ast.ImportFrom) and statement.module:
                names = {alias.name for alias in statement.names}
                newer = names & _NEWER_THAN_310.get(statement.module, set())
                if newer or statement.module in _NEWER_THAN_310_MODULES:
                    problems.append(
                        f"{relative}: imports {statement.module} {sorted(newer)} (3.11+)"
                    )
            elif isinstance(statement, ast.Import):
                for alias in statement.names:
                    if alias.name in _NEWER_THAN_310_MODULES:
                        problems.append(f"{relative}: imports {alias.name} (3.11+)")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.attr in _NEWER_THAN_310.get(node.value.id, set())
            ):
                problems.append(f"{relative}: uses {node.value.id}.{node.attr} (3.11+)")
    return problems
