"""The benchmark suite runs end to end at a tiny size (`python -m bench --smoke`).

Only that it works is checked here: figures are not asserted (speed belongs in BENCHMARKS.md),
but every scenario must produce its figures and its part of the report, a scenario that
breaks must not hide the others, and the smoke run must leave the committed report alone.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = {"per_call", "listing", "bulk", "mock_server", "growth", "inbox"}
GOALS = (
    "per_call_vs_raw_httpx <= 1.2",
    "listing_vs_raw_loop <= 1.2",
    "send_many_vs_gather >= 0.8x rate, <= 1.3x CPU",
    "mock_limits_cost <= 5%",
    "inbox_stream_cost <= 5%",
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (make bench)"),
]


def _snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    committed = [ROOT / "BENCHMARKS.md", ROOT / "bench" / "results" / "results.json"]
    before = [_snapshot(path) for path in committed]
    out = tmp_path_factory.mktemp("smoke")
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert [_snapshot(path) for path in committed] == before
    return out, json.loads((out / "results.json").read_text())


@pytest.mark.timeout(600)
def test_smoke_run_produces_every_scenario(smoke: tuple[Path, dict[str, Any]]) -> None:
    out, results = smoke
    assert results["errors"] == {}
    assert set(results["scenarios"]) == SCENARIOS
    scenarios = results["scenarios"]

    per_call = {(r["operation"], r["client"]) for r in scenarios["per_call"]["rows"]}
    for client in ("sendwire Client", "sendwire Client (plain httpx)", "twilio SDK"):
        assert ("create", client) in per_call and ("fetch", client) in per_call
    assert ("fetch", "sendwire AsyncClient (plain httpx)") in per_call
    assert all(r["cpu_us_per_call"]["median"] > 0 for r in scenarios["per_call"]["rows"])

    listing = {r["client"]: r for r in scenarios["listing"]["rows"]}
    assert {"sendwire Client (plain httpx)", "sendwire AsyncClient (plain httpx)"} <= set(listing)
    assert listing["sendwire Client"]["rss_peak"] > 0

    bulk = scenarios["bulk"]
    senders = {r["client"] for r in bulk["rows"]}
    assert {"raw httpx.AsyncClient (httpcore)", "send_many (defaults: concurrency 16)"} <= senders
    side_by_side = {r["client"]: r for r in bulk["gather"]["rows"]}
    send_many = side_by_side["AsyncClient.messages.send_many (concurrency 16)"]
    assert send_many["ratio_to_gather"]["median"] > 0
    assert send_many["cpu_us_per_message"]["median"] > 0
    assert bulk["memory"]["succeeded"] == bulk["memory"]["rows"]
    assert bulk["with_latency"]["concurrency"]

    mock_rows = scenarios["mock_server"]["throughput"]["rows"]
    ours = {r["endpoint"]: r for r in mock_rows if r["server"] == "sendwire mock"}
    assert set(ours) == {"fetch", "create", "list page (50)"}
    assert all(r["failed"] == 0 for r in mock_rows if r["server"].startswith("sendwire mock"))
    assert all("ratio_to_limits_off" in ours[e] for e in ("fetch", "create"))
    assert scenarios["mock_server"]["big_store"]["walk"]["pages"] >= 1

    inbox = scenarios["inbox"]
    assert any("ratio_to_no_client" in r for r in inbox["rows"])
    assert [p["stored"] for p in scenarios["growth"]["points"]]

    report = (out / "BENCHMARKS.md").read_text()
    for heading in ("## Goals", "## 1. Per-call", "## 2. Listing", "## 3. Bulk", "## 4. The mock"):
        assert heading in report
    for goal in GOALS:
        assert f"`{goal}`" in report


@pytest.mark.timeout(600)
def test_a_broken_scenario_leaves_the_rest_of_the_report(
    smoke: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, results = smoke
    del results["scenarios"]["bulk"]["gather"]  # as if the run had broken halfway
    source = tmp_path / "results.json"
    source.write_text(json.dumps(results))
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--from-json", str(source), "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = (tmp_path / "BENCHMARKS.md").read_text()
    assert "Failed: `report: KeyError: 'gather'`" in report
    assert "| `send_many_vs_gather >= 0.8x rate, <= 1.3x CPU` |" in report
    assert "## 1. Per-call" in report and "## 4. The mock" in report
