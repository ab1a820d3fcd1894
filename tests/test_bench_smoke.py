"""The benchmark suite runs end to end at a tiny size (`python -m bench --smoke`).

Only that it works is checked here: figures are not asserted (speed belongs in BENCHMARKS.md),
but every scenario must produce its figures, and the smoke run must leave the committed
report alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = {"per_call", "listing", "bulk", "mock_server", "growth"}


def _snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def test_smoke_run_produces_every_scenario(tmp_path: Path) -> None:
    committed = [ROOT / "BENCHMARKS.md", ROOT / "bench" / "results" / "results.json"]
    before = [_snapshot(path) for path in committed]

    out = tmp_path / "smoke"
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]

    results = json.loads((out / "results.json").read_text())
    assert results["errors"] == {}
    assert set(results["scenarios"]) == SCENARIOS
    scenarios = results["scenarios"]

    per_call = {(r["operation"], r["client"]) for r in scenarios["per_call"]["rows"]}
    assert ("create", "sendwire Client") in per_call
    assert ("fetch", "twilio SDK") in per_call
    assert all(r["us_per_call"]["median"] > 0 for r in scenarios["per_call"]["rows"])
    assert all(r["cpu_us_per_call"]["median"] > 0 for r in scenarios["per_call"]["rows"])

    listing = scenarios["listing"]
    sendwire_row = next(r for r in listing["rows"] if r["client"] == "sendwire Client")
    assert sendwire_row["rss_peak"] > 0

    bulk = scenarios["bulk"]
    assert {r["client"] for r in bulk["rows"]} >= set(bulk["names"].values())
    senders = {r["client"] for r in bulk["rows"]}
    assert "raw httpx.AsyncClient (httpcore)" in senders  # the floors, side by side
    assert all(
        r["cpu_us_per_message"]["median"] > 0 for r in bulk["rows"] if "cpu_us_per_message" in r
    )
    assert "concurrency" in bulk["with_latency"]
    assert bulk["memory"]["succeeded"] == bulk["memory"]["rows"]

    mock_rows = scenarios["mock_server"]["throughput"]["rows"]
    mock_endpoints = {r["endpoint"] for r in mock_rows if r["server"] == "sendwire mock"}
    assert mock_endpoints == {"fetch", "create", "list page (50)"}
    assert all(r["failed"] == 0 for r in mock_rows if r["server"] == "sendwire mock")
    assert scenarios["mock_server"]["big_store"]["walk"]["pages"] >= 1

    assert [p["stored"] for p in scenarios["growth"]["points"]]

    report = (out / "BENCHMARKS.md").read_text()
    assert "fast path (issue 11)" in (out / "BENCHMARKS.md").read_text()
    for heading in (
        "## Goals",
        "## 1. Per-call",
        "## 2. Listing",
        "## 3. Bulk",
        "## 4. The mock",
        "## 5. How cost grows",
    ):
        assert heading in report
    assert [_snapshot(path) for path in committed] == before
