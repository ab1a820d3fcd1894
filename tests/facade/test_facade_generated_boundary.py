"""The facade reaches the generated client only through its public names.

Anything of ``sendwire_api`` (the generator's output) whose name starts with ``_`` is private to
it and may change with any generator release; requests are laid out from the generated
operation table instead. The check reads every facade module's syntax tree.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

FACADE = Path(__file__).resolve().parents[2] / "facade" / "sendwire"
GENERATED_PACKAGE = "sendwire_api"


def private_uses(source: str) -> list[str]:
    """Each private name of the generated package the source imports or reads."""
    tree = ast.parse(source)
    found: list[str] = []
    bound: set[str] = set()  # local names standing for generated modules or objects
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == GENERATED_PACKAGE:
                    if any(part.startswith("_") for part in alias.name.split(".")):
                        found.append(alias.name)
                    bound.add((alias.asname or alias.name).split(".")[0])
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == GENERATED_PACKAGE
        ):
            module = str(node.module)
            if any(part.startswith("_") for part in module.split(".")):
                found.append(module)
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{module}.{alias.name}")
                bound.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in bound:
                found.append(f"{base.id}...{node.attr}")
    return found


@pytest.mark.parametrize(
    "source",
    [
        "from sendwire_api.api.messages import create_message\ncreate_message._get_kwargs('a')",
        "import sendwire_api.api.messages.fetch_message as f\nf._parse_response",
        "from sendwire_api.api.messages.list_message import _get_kwargs",
        "from sendwire_api._internal import thing",
    ],
)
def test_the_check_sees_each_way_of_reaching_a_private_name(source: str) -> None:
    assert private_uses(source)


def test_public_names_pass_the_check() -> None:
    source = "from sendwire_api.api.messages import fetch_message\nfetch_message.sync_detailed"
    assert private_uses(source) == []


def test_no_facade_module_uses_a_private_name_of_the_generated_client() -> None:
    offenders = {
        str(path.relative_to(FACADE)): uses
        for path in sorted(FACADE.rglob("*.py"))
        if (uses := private_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
