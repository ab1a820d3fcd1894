"""A spec change reaches every layer through `make generate` alone.

The project is copied to a temporary folder, the copy's spec is edited (a new Message
property, a string and a boolean create field, a status value, a tighter Body bound, a list
filter, a removed property), `make generate` runs there, and a script exercises the copy's
clients, CLI and mock over HTTP.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .change_spec import apply_changes, apply_new_kinds

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.slow

CASES = [
    # string field, boolean field, new status, Body limit, removed Message property, the
    # error code for the string field's bound
    ("Label", "Urgent", "beamed", 120, "api_version", 21901),
    ("CampaignTag", "SendQuietly", "archived", 64, "price_unit", 30407),
]


def _copy_project(target: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    for name in files:
        source = ROOT / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    # The tools are the same; only the sources differ. The copy's install inputs are dated
    # back, so `make generate` there never reinstalls into the shared environment (which
    # would point it at the copy, gone when the test ends).
    for shared in (".venv", "node_modules"):
        (target / shared).symlink_to(ROOT / shared)
    for install_input in ("pyproject.toml", "package.json", "package-lock.json"):
        os.utime(target / install_input, (0, 0))
    return target


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("string_field", "bool_field", "status", "limit", "removed", "code"), CASES
)
def test_a_spec_change_reaches_client_cli_and_mock(
    tmp_path: Path,
    string_field: str,
    bool_field: str,
    status: str,
    limit: int,
    removed: str,
    code: int,
) -> None:
    copy = _copy_project(tmp_path / "project")
    apply_changes(
        copy / "spec" / "messages.yaml",
        string_field=string_field,
        bool_field=bool_field,
        new_status=status,
        body_limit=limit,
        removed_property=removed,
        error_code=code,
    )
    generated = subprocess.run(
        ["make", "--no-print-directory", "generate"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    # The regeneration report names what changed and flags the breaking parts.
    assert "BREAKING narrowed" in generated.stdout and "Body.maxLength" in generated.stdout
    assert f"removed property Message.{removed}" in generated.stdout

    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(copy / "facade"), str(copy / "generated")]),
    }
    result = subprocess.run(
        [sys.executable, str(HERE / "exercise.py"), string_field, bool_field, status, str(limit),
         removed],
        cwd=copy, capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    string_prop = _snake(string_field)
    bool_prop = _snake(bool_field)
    assert seen["sendwire"].startswith(str(copy)), "the copy's own package must be exercised"
    # Both clients take the new fields and read the new properties back.
    assert seen["sync_create"] == ["blue", True]
    assert seen["async_create"] == ["green", False]
    # The new list filter reaches the mock, which applies it.
    assert seen["sync_list_match"] == [seen["created"]] and seen["sync_list_other"] == []
    assert seen["async_list_match"] is True
    # The tighter bound: refused before sending, and by the mock with the new number.
    assert seen["sync_bound"][0] == 21617 and str(limit) in seen["sync_bound"][1]
    assert seen["async_bound"] == 21617
    assert seen["mock_bound"][:2] == [400, 21617] and str(limit) in seen["mock_bound"][2]
    # The new error code: the client and the mock refuse the new field's bound with it.
    assert seen["sync_new_code"][0] == code
    assert seen["sync_new_code"][1].endswith(f"The {string_field} is longer than 40 characters.")
    assert seen["mock_new_code"] == [400, code, f"The {string_field} is longer than 40 characters."]
    # The new status value is a known member.
    assert seen["enum_known"] is True
    # The mock echoes the new fields; the removed property is gone everywhere.
    assert seen["mock_json"] == {string_prop: "blue", bool_prop: True}
    assert seen["mock_removed_gone"] and seen["sync_removed_gone"]
    # The CLI: --field takes the new fields with their types; list has a flag for the filter.
    sent = seen["cli_send"]
    assert isinstance(sent, dict), sent
    assert sent[string_prop] == "violet" and sent[bool_prop] is True and removed not in sent
    assert isinstance(seen["cli_list"], list), seen["cli_list"]
    assert [m["sid"] for m in seen["cli_list"]] == [sent["sid"]]


NEW_KINDS = [
    # enum-typed filter (named like a Message property whose schema is a $ref to an enum),
    # date property with a comparison family, new subresource, its SID prefix, a property
    ("Status", "DateCreated", "Receipts", "RC", "carrier"),
    ("Direction", "DateUpdated", "Reactions", "RX", "emoji"),
]


@pytest.mark.timeout(600)
@pytest.mark.parametrize(("enum_filter", "date_filter", "subresource", "prefix", "prop"), NEW_KINDS)
def test_new_filter_kinds_and_a_new_operation_reach_every_layer(
    tmp_path: Path, enum_filter: str, date_filter: str, subresource: str, prefix: str, prop: str
) -> None:
    copy = _copy_project(tmp_path / "project")
    apply_new_kinds(
        copy / "spec" / "messages.yaml",
        enum_filter=enum_filter,
        date_filter=date_filter,
        subresource=subresource,
        item_prefix=prefix,
        item_property=prop,
    )
    generated = subprocess.run(
        ["make", "--no-print-directory", "generate"],
        cwd=copy, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stdout + generated.stderr
    item = subresource.rstrip("s")
    list_op, fetch_op = f"List{item}", f"Fetch{item}"
    # The report names each new operation and where it is now reachable.
    for op_id, command in ((list_op, f"list-{item.lower()}"), (fetch_op, f"fetch-{item.lower()}")):
        line = next(
            (ln for ln in generated.stdout.splitlines() if f"added operation {op_id}:" in ln), ""
        )
        assert f"`sendwire api {command}`" in line and "Client and AsyncClient" in line, (
            generated.stdout
        )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(copy / "facade"), str(copy / "generated")]),
    }
    result = subprocess.run(
        [sys.executable, str(HERE / "exercise_new_kinds.py"), enum_filter, date_filter, list_op,
         fetch_op, prop],
        cwd=copy, capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["sendwire"].startswith(str(copy)), "the copy's own package must be exercised"
    good, bad = seen["good"], seen["bad"]
    good_value, bad_value = seen["enum_values"]
    by_value = {good: good_value, bad: bad_value}
    with_bad = sorted(sid for sid, value in by_value.items() if value == bad_value)
    with_good = sorted(sid for sid, value in by_value.items() if value == good_value)
    # The enum-typed filter: both clients, the CLI and the mock select by it.
    assert sorted(seen["sync_enum_str"]) == with_bad
    assert sorted(seen["sync_enum_member"]) == with_good
    assert sorted(seen["async_enum"]) == with_bad
    assert seen["mock_enum"][0] == 200 and sorted(seen["mock_enum"][1]) == with_bad
    assert isinstance(seen["cli_enum"], list), seen["cli_enum"]
    assert sorted(m["sid"] for m in seen["cli_enum"]) == with_bad
    # The comparison family: inclusive bounds, on a date and on an instant.
    both = seen["created"]
    assert seen["sync_date"] == {
        "on_today": both,
        "before_today": both,
        "before_yesterday": [],
        "after_today": both,
        "after_tomorrow": [],
        "after_instant": both,
    }
    assert seen["async_date"] == both
    assert seen["mock_before"] == [200, 0] and seen["mock_after"] == [200, 2]
    assert seen["mock_bad_date"][0] == 400 and seen["cli_date"] == []
    # The new subresource: list and fetch on both clients, the CLI and the mock.
    assert seen["sync_items"] and seen["sync_items"] == seen["async_items"]
    assert seen["sync_fetch"] == [True, item] and seen["async_fetch"] is True
    assert seen["sync_missing"] == 404 and seen["mock_missing"] == [404, 20404]
    status, keys = seen["mock_list"]
    assert status == 200 and subresource.lower() in keys and "next_page_uri" in keys
    assert seen["mock_fetch"] == [200, seen["item_sid"], seen["sync_items"][0]]
    assert seen["mock_fetch"][1].startswith(prefix)
    assert isinstance(seen["cli_list"], list), seen["cli_list"]
    assert [i["sid"] for i in seen["cli_list"]] == [seen["item_sid"]]
    assert isinstance(seen["cli_fetch"], dict), seen["cli_fetch"]
    assert seen["cli_fetch"]["sid"] == seen["item_sid"] and seen["cli_fetch"][prop] is not None


def _snake(name: str) -> str:
    return "".join(
        ("_" + c.lower()) if c.isupper() and i else c.lower() for i, c in enumerate(name)
    )


@pytest.mark.timeout(900)
def test_the_contract_suite_covers_a_new_operation(tmp_path: Path) -> None:
    copy = _copy_project(tmp_path / "project")
    apply_new_kinds(
        copy / "spec" / "messages.yaml",
        enum_filter="Status",
        date_filter="DateUpdated",
        subresource="Stickers",
        item_prefix="ST",
        item_property="shape",
    )
    generated = subprocess.run(
        ["make", "--no-print-directory", "generate"],
        cwd=copy, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stdout + generated.stderr
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(copy / "facade"), str(copy / "generated")]),
    }
    run = subprocess.run(
        [sys.executable, "-m", "sendwire", "contract", "--phases", "examples,stateful",
         "--max-examples", "3", "--stateful-max-examples", "10", "--max-time", "240"],
        cwd=copy, capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    stateful = run.stdout.split("Stateful phase, answers by operation and status:")[1]
    answers = {line.split()[0]: line for line in stateful.splitlines() if line.strip()}
    # The stateful phase reached the new operations through the spec's links, and the mock
    # answered them as the spec says.
    assert "200:" in answers.get("ListSticker", ""), stateful
    assert "200:" in answers.get("FetchSticker", ""), stateful
