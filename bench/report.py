"""BENCHMARKS.md and the chart: the scenarios' sections put together, every goal in one table,
and under each goal missed its note and the profiles behind it."""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import Any

from bench.figures import Goal, say, table, words
from bench.scenarios import ALL

MARKS = {True: "**met**", False: "**not met**", None: "not measured"}


def write(results: dict[str, Any], out_dir: Path, data_dir: Path) -> list[Path]:
    goals: list[Goal] = []
    body: list[str] = []
    panels: list[dict[str, Any]] = []
    errors = results.setdefault("errors", {})
    for scenario in ALL:
        try:  # a report with a gap beats no report
            section = scenario.render(results["scenarios"][scenario.NAME])
        except Exception as error:  # noqa: BLE001 - the gap is named in the report
            if scenario.NAME in results["scenarios"]:
                errors[scenario.NAME] = f"report: {type(error).__name__}: {error}"
            goals += [Goal(name) for name in scenario.GOALS]
            if scenario.NAME in errors:
                body += [f"## {scenario.TITLE}", "", f"Failed: `{errors[scenario.NAME]}`", ""]
            continue
        goals, body, panels = goals + section.goals, body + section.lines, panels + section.panels
    chart_path = draw(panels, results["machine"], data_dir / "ratios.png")
    lines = _header(results)
    if chart_path is not None:
        lines += [f"![Main ratios]({os.path.relpath(chart_path, out_dir)})", ""]
    lines += _goals(goals) + body + _misses(goals) + _footer(results)
    (out_dir / "BENCHMARKS.md").write_text("\n".join(lines).rstrip() + "\n")
    return [path for path in (chart_path, out_dir / "BENCHMARKS.md") if path is not None]


def _header(results: dict[str, Any]) -> list[str]:
    m, c = results["machine"], results.get("conditions") or {}
    ram = f"{m['ram_gib']:.1f} GiB" if m.get("ram_gib") else "unknown"
    conditions = "- Conditions: not recorded"
    if "steal_percent" in c:
        conditions = (
            f"- Conditions over the run: {c['busy_percent']:.0f}% of CPU time busy (this suite "
            f"and anything else running), {c['steal_percent']:.0f}% stolen by the hypervisor; "
            f"load average {c['load_average_at_end'][0]} at the end"
        )
    if c.get("steal_percent", 0) >= 5:
        conditions += (
            ". With this much stolen time every figure is lower, and noisier, than the same "
            "machine would give on a quiet host; ratios measured side by side hold up better"
        )
    minutes = results.get("total_seconds", 0) / 60
    return [
        "# Benchmarks",
        "",
        "Written by the benchmark suite (`make bench`, which runs `python -m bench`); do not edit",
        "by hand. Every figure below was measured in one run on one machine, side by side: the",
        "clients against the same mock server, the mock against Prism on the same spec. Each",
        "figure is the median of several runs with the lowest and highest run in brackets.",
        "",
        f"- Date: {m['date']}",
        f"- Command: `{results['command']}` ({results['sizes']} sizes; whole run {minutes:.1f} min)",
        (
            f"- Machine: {m['cpu']}, {m['cores']} cores, {ram} RAM, {m['os']}; load average "
            f"{m['load_average_at_start'][0]} when the run began"
        ),
        conditions,
        f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
        f"- Load generator: {m['wrk']}; Prism {m['prism']} on Node {m['node']}",
        (
            "- Servers: every scenario starts its own `sendwire mock` subprocess (one uvicorn "
            "worker) on 127.0.0.1; the client or wrk runs on the other core."
        ),
        "",
    ]


def _goals(goals: list[Goal]) -> list[str]:
    rows = [[f"`{g.name}`", say("goal: " + g.name), g.measured, MARKS[g.met]] for g in goals]
    lines = ["## Goals", "", *table(["Goal", "What it measures", "Measured", "Result"], rows)]
    missed = sum(g.met is False for g in goals)
    if not missed:
        return [*lines, "Every goal measured in this run is met.", ""]
    why = "see [Where the time goes](#where-the-time-goes) for why"
    return [*lines, f"{missed} of {len(goals)} goals are not met; {why}.", ""]


def _misses(goals: list[Goal]) -> list[str]:
    missed = [g for g in goals if g.met is False]
    lines = ["## Where the time goes", ""] if missed else []
    shown: set[str] = set()
    for goal in missed:
        title = f"### `{goal.name}`: {say('goal: ' + goal.name)}"
        lines += [title, "", f"Measured: {goal.measured}.", ""]
        lines += words("note: " + goal.name.split()[0])
        for profile in goal.profiles:
            if profile["what"] in shown:
                lines += [f"(Profile of {profile['what']}: shown above.)", ""]
                continue
            shown.add(profile["what"])
            pairs = itertools.zip_longest(profile["self_top"], profile["inclusive_top"])
            rows = [[*_cells(own), *_cells(paths)] for own, paths in pairs]
            lines += words("profile", **profile)
            lines += table(["Own time", "%", "With callees", "%"], rows)
    return lines


def _cells(item: list[Any] | None) -> list[str]:
    return [f"`{item[0]}`", f"{item[1]:.1f}%"] if item else ["", ""]


def _footer(results: dict[str, Any]) -> list[str]:
    seeds = sorted((int(k), v) for k, v in (results.get("seed_seconds") or {}).items())
    lines = [
        "## Reproducing",
        "",
        "```sh",
        "make bench        # installs wrk (apt) and Prism (npm ci) when missing; python -m bench",
        "make bench-smoke  # every scenario once at a tiny size; writes to a temporary directory",
        "python -m bench --medium --only bulk   # mid-size figures, to a temporary directory",
        "python -m bench --only mock_server   # one scenario: " + ", ".join(s.NAME for s in ALL),
        "```",
        "",
    ]
    if seeds:
        seeded = ", ".join(f"{k:,}: {v:.0f} s" for k, v in seeds)
        lines += [f"Seeding (messages: seconds): {seeded}.", ""]
    if results.get("errors"):
        failed = ", ".join(f"{k} (`{v}`)" for k, v in results["errors"].items())
        lines += [f"Scenarios that failed in this run: {failed}.", ""]
    return [*lines, "Raw figures: `bench/results/results.json`."]


def draw(panels: list[dict[str, Any]], machine: dict[str, Any], path: Path) -> Path | None:
    """The chart of the main ratios (PNG), with matplotlib when it is installed. A panel is a
    dict: `title`, `labels` (one per group of bars), `series` (name: one figure per label, or
    None), `ylabel`, and maybe `goal` (a line across) or `marks` (a goal per label)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e .[bench]); no chart", file=sys.stderr)
        return None
    if not panels:
        return None
    columns = min(2, len(panels))
    rows = (len(panels) + columns - 1) // columns
    figure, axes = plt.subplots(rows, columns, figsize=(6.4 * columns, 4.2 * rows), squeeze=False)
    for axis in list(axes.flat)[len(panels) :]:
        axis.set_visible(False)
    for axis, panel in zip(axes.flat, panels):
        series = panel["series"]
        width = 0.8 / len(series)
        for index, (name, figures) in enumerate(series.items()):
            shift = (index - (len(series) - 1) / 2) * width
            figures = [f or {"median": 0, "low": 0, "high": 0} for f in figures]
            medians = [f["median"] for f in figures]
            spread = [
                [f["median"] - f["low"] for f in figures],
                [f["high"] - f["median"] for f in figures],
            ]
            places = [i + shift for i in range(len(figures))]
            axis.bar(places, medians, width, yerr=spread, capsize=3, label=name)
        if panel.get("goal") is not None:
            axis.axhline(panel["goal"], color="black", linestyle="--", linewidth=1, label="goal")
        for index, mark in enumerate(panel.get("marks") or []):
            if mark is not None:
                axis.hlines(mark, index - 0.45, index + 0.45, colors="black", linestyles="--")
        axis.set_xticks(range(len(panel["labels"])))
        axis.set_xticklabels(panel["labels"], fontsize=7)
        axis.set_title(panel["title"], fontsize=10)
        axis.set_ylabel(panel["ylabel"], fontsize=9)
        axis.legend(fontsize=7)
        axis.grid(axis="y", alpha=0.3)
    figure.suptitle(f"Sendwire benchmarks, {machine['date']} ({machine['cores']} cores)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
