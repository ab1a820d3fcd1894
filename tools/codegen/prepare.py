"""Preparation step: the copy of the spec that the generator reads.

The spec keeps the API's wire names. A few of them carry meaning in characters that cannot
appear in a Python name: ``DateSent<`` and ``DateSent>`` both shrink to ``date_sent`` and
collide with ``DateSent``, and the generator then drops the whole operation. This step gives
such parameters a readable alias in a temporary copy (``DateSent<`` -> ``DateSentBefore``)
and returns the renames; the custom ``endpoint_macros.py.jinja`` template turns each alias
back into its wire name on the request. Nothing else in the copy changes.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# The word each meaningful symbol becomes in an alias; a symbol without a word stops the run.
WORDS_FOR_SYMBOLS = {"<": "Before", ">": "After"}

# Characters the generator keeps (or turns into word breaks) when it builds a Python name.
_KEPT_BY_GENERATOR = re.compile(r"[A-Za-z0-9_.\- ]*")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Spec = dict[str, Any]


class PreparationError(Exception):
    """The spec cannot be turned into a generator input without losing something."""


@dataclass(frozen=True, order=True)
class Rename:
    """A parameter that goes by ``alias`` in the generator's copy and by ``wire_name`` on the wire."""

    alias: str
    wire_name: str


@dataclass(frozen=True)
class Prepared:
    spec: Spec
    renames: tuple[Rename, ...]


def load_spec(path: Path) -> Spec:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise PreparationError(f"{path}: not an OpenAPI document")
    return data


def alias_for(wire_name: str) -> str:
    """``DateSent<`` -> ``DateSentBefore``; names the generator keeps intact are returned as is."""
    if _KEPT_BY_GENERATOR.fullmatch(wire_name):
        return wire_name
    pieces: list[str] = []
    for char in wire_name:
        if char in WORDS_FOR_SYMBOLS:
            pieces.append(WORDS_FOR_SYMBOLS[char])
        elif _KEPT_BY_GENERATOR.fullmatch(char):
            pieces.append(char)
        else:
            raise PreparationError(
                f"parameter {wire_name!r}: the generator would drop {char!r} from its Python "
                f"name; add a word for it to WORDS_FOR_SYMBOLS in {Path(__file__).name}"
            )
    return "".join(pieces)


def collision_key(name: str) -> str:
    """Two parameters with the same key may end up with the same Python name."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def prepare(spec: Spec) -> Prepared:
    """Return the generator's copy of ``spec`` (which is left untouched) and the renames made."""
    prepared = copy.deepcopy(spec)
    original_names = {param["name"] for param in _all_parameter_objects(prepared)}
    renames: set[Rename] = set()
    for param in _all_parameter_objects(prepared):
        alias = alias_for(param["name"])
        if alias == param["name"]:
            continue
        if alias in original_names:
            raise PreparationError(
                f"parameter {param['name']!r}: its alias {alias!r} is already a parameter name"
            )
        renames.add(Rename(alias=alias, wire_name=param["name"]))
        param["name"] = alias
    _refuse_collisions(prepared)
    wire_names_by_alias: dict[str, str] = {}
    for rename in renames:
        if wire_names_by_alias.setdefault(rename.alias, rename.wire_name) != rename.wire_name:
            raise PreparationError(
                f"parameters {wire_names_by_alias[rename.alias]!r} and {rename.wire_name!r} "
                f"would share the alias {rename.alias!r}"
            )
    return Prepared(spec=prepared, renames=tuple(sorted(renames)))


def write_spec(prepared: Prepared, path: Path) -> None:
    """Write the copy as JSON: anything YAML read as a non-JSON value (a bare date) stops here."""
    try:
        text = json.dumps(prepared.spec, indent=2, ensure_ascii=False)
    except TypeError as error:
        raise PreparationError(
            f"the spec holds a value JSON cannot carry ({error}); quote it"
        ) from error
    path.write_text(text + "\n", encoding="utf-8")


def wire_names_template(renames: tuple[Rename, ...]) -> str:
    """The Jinja module that tells the endpoint template which wire name each alias stands for."""
    table = {rename.alias: rename.wire_name for rename in renames}
    return "{% set wire_names = " + json.dumps(table, sort_keys=True) + " %}\n"


def operations(spec: Spec) -> Iterator[tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    """Yield ``(path, method, operation, parameters)`` with path-level parameters merged in."""
    for path, item in (spec.get("paths") or {}).items():
        shared = [resolve(spec, param) for param in item.get("parameters", [])]
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            own = [resolve(spec, param) for param in operation.get("parameters", [])]
            own_keys = {(param["name"], param["in"]) for param in own}
            merged = own + [p for p in shared if (p["name"], p["in"]) not in own_keys]
            yield path, method, operation, merged


def _refuse_collisions(spec: Spec) -> None:
    for path, method, operation, params in operations(spec):
        seen: dict[tuple[str, str], str] = {}
        for param in params:
            key = (param["in"], collision_key(param["name"]))
            if key in seen:
                raise PreparationError(
                    f"{operation.get('operationId', method.upper() + ' ' + path)}: "
                    f"{param['in']} parameters {seen[key]!r} and {param['name']!r} would get the "
                    f"same Python name, and the generator would drop the operation"
                )
            seen[key] = param["name"]


def _all_parameter_objects(spec: Spec) -> Iterator[dict[str, Any]]:
    """Every parameter object once, whether inline or under components (never a ``$ref``)."""
    yield from (spec.get("components", {}).get("parameters") or {}).values()
    for item in (spec.get("paths") or {}).values():
        holders = [item] + [item[method] for method in HTTP_METHODS if method in item]
        for holder in holders:
            for param in holder.get("parameters", []):
                if "$ref" not in param:
                    yield param


def resolve(spec: Spec, node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    if not isinstance(ref, str) or not ref.startswith("#/"):
        raise PreparationError(f"only local references are supported, not {ref!r}")
    target: Any = spec
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    if not isinstance(target, dict):
        raise PreparationError(f"{ref} does not point to an object")
    return target
