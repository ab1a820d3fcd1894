"""The chart of the main ratios (PNG), drawn with matplotlib when it is installed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

_NOT_MEASURED = {"median": 0.0, "low": 0.0, "high": 0.0}


def draw(results: dict[str, Any], path: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e .[bench]); no chart", file=sys.stderr)
        return None
    scenarios = results["scenarios"]
    panels = [
        p
        for p in (
            _per_call(scenarios.get("per_call")),
            _bulk(scenarios.get("bulk")),
            _mock(scenarios.get("mock_server")),
            _listing(scenarios.get("listing")),
        )
        if p is not None
    ]
    if not panels:
        return None
    columns = 2 if len(panels) > 1 else 1
    rows = (len(panels) + columns - 1) // columns
    figure, axes = plt.subplots(rows, columns, figsize=(6.4 * columns, 4.2 * rows), squeeze=False)
    for axis, panel in zip(axes.flat, panels):
        _bars(axis, **panel)
    for axis in list(axes.flat)[len(panels) :]:
        axis.set_visible(False)
    figure.suptitle(
        f"Sendwire benchmarks, {results['machine']['date']} ({results['machine']['cores']} cores)",
        fontsize=11,
    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _bars(
    axis: Any,
    title: str,
    labels: list[str],
    series: dict[str, list[dict[str, Any]]],
    ylabel: str,
    goal: float | None = None,
    goal_label: str = "",
    marks: list[float | None] | None = None,
) -> None:
    count = len(series)
    width = 0.8 / max(1, count)
    for index, (name, stats) in enumerate(series.items()):
        positions = [i + (index - (count - 1) / 2) * width for i in range(len(labels))]
        medians = [s["median"] for s in stats]
        errors = [[s["median"] - s["low"] for s in stats], [s["high"] - s["median"] for s in stats]]
        axis.bar(positions, medians, width, yerr=errors, capsize=3, label=name)
    if goal is not None:
        axis.axhline(goal, color="black", linestyle="--", linewidth=1, label=goal_label)
    for index, mark in enumerate(marks or []):
        if mark is not None:
            axis.hlines(
                mark,
                index - 0.45,
                index + 0.45,
                colors="black",
                linestyles="--",
                linewidth=1,
                label="goal" if index == 0 else None,
            )
    axis.set_xticks(range(len(labels)))
    axis.set_xticklabels(labels, fontsize=8)
    axis.set_title(title, fontsize=10)
    axis.set_ylabel(ylabel, fontsize=9)
    axis.legend(fontsize=7)
    axis.grid(axis="y", alpha=0.3)


def _per_call(result: dict[str, Any] | None) -> dict[str, Any] | None:
    if not result:
        return None
    present = {r["client"] for r in result["rows"]}
    clients = [c for c in ("sendwire Client", "sendwire AsyncClient", "twilio SDK") if c in present]
    series = {}
    for operation in ("create", "fetch"):
        series[operation] = [
            next(
                r["ratio_to_raw_httpx"]
                for r in result["rows"]
                if r["operation"] == operation and r["client"] == client
            )
            for client in clients
        ]
    return {
        "title": "Per-call time / raw httpx.Client (lower is better)",
        "labels": clients,
        "series": series,
        "ylabel": "ratio",
        "goal": 1.2,
        "goal_label": "goal: 1.2x",
    }


def _bulk(result: dict[str, Any] | None) -> dict[str, Any] | None:
    if not result:
        return None
    rows = [r for r in result["rows"] if r["client"] != result["names"]["ceiling"]]
    labels = [r["client"].replace(" (", "\n(").replace(", ", ",\n") for r in rows]
    return {
        "title": f"Bulk send of {result['messages']:,}: share of the mock's create ceiling",
        "labels": labels,
        "series": {"throughput / ceiling": [r["ratio_to_ceiling"] for r in rows]},
        "ylabel": "ratio (higher is better)",
        "goal": 0.7,
        "goal_label": "goal: 70%",
    }


def _mock(result: dict[str, Any] | None) -> dict[str, Any] | None:
    if not result:
        return None
    rows = result["throughput"]["rows"]
    endpoints = list(dict.fromkeys(r["endpoint"] for r in rows))
    servers = list(dict.fromkeys(r["server"] for r in rows))
    series = {
        server: [
            next(
                (
                    r["requests_per_second"]
                    for r in rows
                    if r["server"] == server and r["endpoint"] == e
                ),
                _NOT_MEASURED,
            )
            for e in endpoints
        ]
        for server in servers
    }
    goals = {"fetch": 5000.0, "create": 2500.0}
    return {
        "title": "Server throughput, 16 connections (higher is better)",
        "labels": endpoints,
        "series": series,
        "ylabel": "requests/s",
        "marks": [goals.get(e) for e in endpoints],
    }


def _listing(result: dict[str, Any] | None) -> dict[str, Any] | None:
    if not result:
        return None
    rows = result["rows"]
    return {
        "title": f"Listing {result['messages']:,} messages: time / raw httpx",
        "labels": [r["client"] for r in rows],
        "series": {"ratio": [r["ratio_to_raw_httpx"] for r in rows]},
        "ylabel": "ratio (lower is better)",
    }
