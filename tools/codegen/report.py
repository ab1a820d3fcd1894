"""What a regeneration changed for users of the facade, breaking changes flagged.

Both versions of ``sendwire._generated`` (the one in the tree before ``make generate``, and
the fresh one) are read by griffe without importing them. The report lists, per class
(models, enums, the typed arguments of each call), what was added, removed or retyped, and
griffe's own breaking-change check on the same two versions.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import griffe

PACKAGE = "_generated"
# Module -> what its classes stand for, in the report's words.
SECTIONS = {
    "models": "property",
    "enums": "value",
    "operations": "argument",
}


def _load(folder: Path) -> griffe.Module | None:
    if not (folder / "__init__.py").is_file():
        return None
    loader = griffe.GriffeLoader(search_paths=[str(folder.parent)], allow_inspection=False)
    module = loader.load(PACKAGE)
    return module if isinstance(module, griffe.Module) else None


def _classes(module: griffe.Module | None, name: str) -> dict[str, dict[str, str]]:
    if module is None or name not in module.members:
        return {}
    found: dict[str, dict[str, str]] = {}
    for cls_name, cls in module[name].members.items():
        if not isinstance(cls, griffe.Class) or cls_name.startswith("_"):
            continue
        attrs: dict[str, str] = {}
        for attr_name, attr in cls.members.items():
            if isinstance(attr, griffe.Attribute) and not attr_name.startswith("_"):
                attrs[attr_name] = str(attr.annotation or attr.value or "")
        found[cls_name] = attrs
    return found


def changes(old_folder: Path, new_folder: Path) -> list[str]:
    old, new = _load(old_folder), _load(new_folder)
    lines: list[str] = []
    for module, noun in SECTIONS.items():
        before, after = _classes(old, module), _classes(new, module)
        for cls in sorted(after.keys() - before.keys()):
            lines.append(f"  added {module[:-1]} class {cls}")
        for cls in sorted(before.keys() - after.keys()):
            lines.append(f"  BREAKING removed {module[:-1]} class {cls}")
        for cls in sorted(before.keys() & after.keys()):
            was, now = before[cls], after[cls]
            for name in sorted(now.keys() - was.keys()):
                lines.append(f"  added {noun} {cls}.{name}: {now[name]}")
            for name in sorted(was.keys() - now.keys()):
                lines.append(f"  BREAKING removed {noun} {cls}.{name}")
            for name in sorted(was.keys() & now.keys()):
                if was[name] != now[name]:
                    lines.append(f"  changed {noun} {cls}.{name}: {was[name]} -> {now[name]}")
    if old is not None and new is not None:
        for breakage in griffe.find_breaking_changes(old, new):
            lines.append(f"  BREAKING {_ANSI.sub('', breakage.explain())}")
    return lines


_NARROWER_IF_SMALLER = ("maxLength", "maximum", "maxItems")
_NARROWER_IF_LARGER = ("minLength", "minimum", "minItems")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _schemas(text: str) -> dict[str, Any]:
    """Each operation constant's keyword arguments, as Python values."""
    found: dict[str, Any] = {}
    for node in ast.parse(text).body if text else []:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            name = node.targets[0].id if isinstance(node.targets[0], ast.Name) else ""
            if name.isupper():
                found[name] = {
                    kw.arg: ast.literal_eval(kw.value)
                    for kw in node.value.keywords
                    if kw.arg and kw.arg.endswith("schema")
                }
    return found


def _walk(old: Any, new: Any, where: str) -> list[str]:
    lines: list[str] = []
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() & new.keys(), key=str):
            a, b = old[key], new[key]
            at = f"{where}.{key}"
            if key in _NARROWER_IF_SMALLER + _NARROWER_IF_LARGER and a != b:
                narrower = (b < a) if key in _NARROWER_IF_SMALLER else (b > a)
                tag = "BREAKING narrowed" if narrower else "widened"
                lines.append(f"  {tag} {at}: {a} -> {b}")
            elif key == "required" and isinstance(a, list) and isinstance(b, list):
                for name in sorted(set(b) - set(a)):
                    lines.append(f"  BREAKING newly required {where}: {name}")
            elif key in ("pattern", "format", "type") and a != b:
                lines.append(f"  BREAKING changed {at}: {a!r} -> {b!r}")
            elif key == "enum" and isinstance(a, list) and isinstance(b, list):
                for value in [v for v in a if v not in b]:
                    lines.append(f"  BREAKING no longer accepted {at}: {value!r}")
            else:
                lines += _walk(a, b, at)
        for key in sorted(new.keys() - old.keys(), key=str):
            if key in _NARROWER_IF_SMALLER + _NARROWER_IF_LARGER + ("pattern", "format"):
                lines.append(f"  BREAKING new rule {where}.{key}: {new[key]!r}")
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            lines += _walk(a, b, f"{where}[{index}]")
    return lines


def schema_changes(old_text: str, new_text: str) -> list[str]:
    """The input rules (bounds, patterns, requirements), compared; narrowing is breaking."""
    before, after = _schemas(old_text), _schemas(new_text)
    lines: list[str] = []
    for name in sorted(before.keys() & after.keys()):
        lines += _walk(before[name], after[name], name)
    return lines


def _operations(text: str) -> dict[str, dict[str, Any]]:
    """Each operation constant's scalar keyword arguments (operation_id, method, template...)."""
    found: dict[str, dict[str, Any]] = {}
    for node in ast.parse(text).body if text else []:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            values = {
                kw.arg: kw.value.value
                for kw in node.value.keywords
                if kw.arg and isinstance(kw.value, ast.Constant)
            }
            if "operation_id" in values:
                found[str(values["operation_id"])] = values
    return found


def reachable(op: dict[str, Any]) -> str:
    """Where an operation can be called from, in the report's words."""
    name = str(op.get("method_name", ""))
    paged = " (walks every page)" if op.get("envelope") else ""
    return (
        f"client.api.{name}(){paged} on Client and AsyncClient, "
        f"`sendwire api {name.replace('_', '-')}`, and the mock "
        f"({op.get('method')} {op.get('template')})"
    )


def operation_changes(old_text: str, new_text: str) -> list[str]:
    """Operations added and removed, with where each added one is reachable."""
    before, after = _operations(old_text), _operations(new_text)
    lines = [
        f"  added operation {op_id}: {reachable(after[op_id])}"
        for op_id in sorted(after.keys() - before.keys())
    ]
    for op_id in sorted(before.keys() - after.keys()):
        name = str(before[op_id].get("method_name", ""))
        lines.append(
            f"  BREAKING removed operation {op_id}: client.api.{name}() and "
            f"`sendwire api {name.replace('_', '-')}` are gone; the mock no longer serves "
            f"{before[op_id].get('method')} {before[op_id].get('template')}"
        )
    return lines


def report(old_folder: Path, new_folder: Path) -> str:
    lines = changes(old_folder, new_folder)
    old_ops, new_ops = old_folder / "operations.py", new_folder / "operations.py"
    old_text = old_ops.read_text() if old_ops.is_file() else ""
    new_text = new_ops.read_text() if new_ops.is_file() else ""
    lines += operation_changes(old_text, new_text)
    lines += schema_changes(old_text, new_text)
    if not lines:
        return "codegen: no change for users of the facade"
    breaking = sum("BREAKING" in line for line in lines)
    head = f"codegen: what changed for users of the facade ({breaking} breaking):"
    return "\n".join([head, *lines])
