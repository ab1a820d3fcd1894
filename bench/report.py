"""BENCHMARKS.md and the chart: the scenarios' sections put together, the goals in one table,
and for each goal missed its note and the profiles behind it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bench import chart
from bench.markdown import Goal, Section, paragraph, table
from bench.notes import NOTES

REPORT = "BENCHMARKS.md"
CHART = "ratios.png"
MARKS = {True: "**met**", False: "**not met**", None: "not measured"}


def write(results: dict[str, Any], out_dir: Path, data_dir: Path) -> list[Path]:
    from bench.scenarios import ALL

    sections: list[tuple[Any, Section | None]] = []
    for scenario in ALL:
        result = results["scenarios"].get(scenario.NAME)
        try:
            sections.append((scenario, scenario.render(result) if result else None))
        except Exception as error:  # noqa: BLE001 - a report with a gap beats no report
            results.setdefault("errors", {})[scenario.NAME] = f"report: {error!r}"
            sections.append((scenario, None))
    panels = [panel for _, section in sections if section for panel in section.panels]
    chart_path = chart.draw(panels, results["machine"], data_dir / CHART)
    report = out_dir / REPORT
    report.write_text(render(results, sections, chart_path, out_dir))
    return [path for path in (chart_path, report) if path is not None]


def render(
    results: dict[str, Any],
    sections: list[tuple[Any, Section | None]],
    chart_path: Path | None,
    out_dir: Path,
) -> str:
    goals: list[Goal] = []
    body: list[str] = []
    errors = results.get("errors", {})
    for scenario, section in sections:
        if section is None:
            goals += [Goal(name, text) for name, text in scenario.GOALS.items()]
            if scenario.NAME in errors:
                body += [
                    f"## {scenario.TITLE}",
                    "",
                    f"This scenario failed: `{errors[scenario.NAME]}`",
                    "",
                ]
            continue
        goals += section.goals
        body += section.lines
    lines = _header(results, chart_path, out_dir) + _goals(goals) + body + _misses(goals)
    return "\n".join(lines + _footer(results)).rstrip() + "\n"


def _header(results: dict[str, Any], chart_path: Path | None, out_dir: Path) -> list[str]:
    m = results["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    ram = f"{m['ram_gib']:.1f} GiB" if m.get("ram_gib") else "unknown"
    minutes = results.get("total_seconds", 0) / 60
    lines = [
        "# Benchmarks",
        "",
        "Written by the benchmark suite (`make bench`, which runs `python -m bench`); do not edit",
        "by hand. Every figure below was measured in one run on one machine, side by side: the",
        "clients against the same mock server, the mock against Prism on the same spec. Each",
        "figure is the median of several runs with the lowest and highest run in brackets.",
        "",
        f"- Date: {m['date']}",
        f"- Command: `{results['command']}` ({results['sizes']} sizes; whole run {minutes:.1f} min)",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {ram} RAM, {m['os']}; load average "
        f"{m['load_average_at_start'][0]} when the run began",
        _conditions(results.get("conditions") or {}),
        f"- Python {m['python']}; {packages}",
        f"- Load generator: {m['wrk']}; Prism {m['prism']} on Node {m['node']}",
        "- Servers: every scenario starts its own `sendwire mock` subprocess (one uvicorn worker) "
        "on 127.0.0.1; the client or wrk runs on the other core.",
        "",
    ]
    if chart_path is not None:
        lines += [f"![Main ratios]({os.path.relpath(chart_path, out_dir)})", ""]
    return lines


def _conditions(c: dict[str, Any]) -> str:
    if "steal_percent" not in c:
        return "- Conditions: not recorded"
    text = (
        f"- Conditions over the run: {c['busy_percent']:.0f}% of CPU time busy (this suite and "
        f"anything else running), {c['steal_percent']:.0f}% stolen by the hypervisor; load "
        f"average {c['load_average_at_end'][0]} at the end"
    )
    if c["steal_percent"] >= 5:
        text += (
            ". With this much stolen time every figure is lower, and noisier, than the same "
            "machine would give on a quiet host; ratios measured side by side hold up better"
        )
    return text


def _goals(goals: list[Goal]) -> list[str]:
    rows = [[f"`{g.name}`", g.text, g.measured, MARKS[g.met]] for g in goals]
    lines = ["## Goals", "", *table(["Goal", "What it measures", "Measured", "Result"], rows)]
    missed = sum(g.met is False for g in goals)
    if missed:
        return lines + paragraph(
            f"{missed} of {len(goals)} goals are not met; see "
            "[Where the time goes](#where-the-time-goes) for why."
        )
    return lines + paragraph("Every goal measured in this run is met.")


def _misses(goals: list[Goal]) -> list[str]:
    missed = [g for g in goals if g.met is False]
    lines = ["## Where the time goes", ""] if missed else []
    shown: set[str] = set()
    for goal in missed:
        lines += [f"### `{goal.name}`: {goal.text}", "", f"Measured: {goal.measured}.", ""]
        if goal.name.split()[0] in NOTES:
            lines += paragraph(NOTES[goal.name.split()[0]].strip())
        for profile in goal.profiles:
            if profile["what"] in shown:
                lines += paragraph(f"(Profile of {profile['what']}: shown above.)")
            else:
                shown.add(profile["what"])
                lines += _profile(profile)
    return lines


def _profile(profile: dict[str, Any]) -> list[str]:
    own, inclusive = profile["self_top"], profile["inclusive_top"]
    rows = []
    for index in range(max(len(own), len(inclusive))):
        cells = []
        for part in (own, inclusive):
            name, share = part[index] if index < len(part) else ("", 0)
            cells += [f"`{name}`", f"{share:.1f}%"] if name else ["", ""]
        rows.append(cells)
    return paragraph(
        f"Profile ({profile['tool']}, {profile['samples']:,} samples) of {profile['what']}.",
        "Own time: where the samples were; with callees: the heaviest paths.",
    ) + table(["Own time", "%", "With callees", "%"], rows)


def _footer(results: dict[str, Any]) -> list[str]:
    from bench.scenarios import ALL

    lines = [
        "## Reproducing",
        "",
        "```sh",
        "make bench        # installs wrk (apt) and Prism (npm ci) when missing, then runs "
        "python -m bench",
        "make bench-smoke  # every scenario once at a tiny size; writes to a temporary directory",
        "python -m bench --medium --only bulk   # mid-size figures, to a temporary directory",
        "python -m bench --only mock_server   # one scenario ("
        + ", ".join(s.NAME for s in ALL)
        + ")",
        "```",
        "",
    ]
    seeds = sorted((int(k), v) for k, v in (results.get("seed_seconds") or {}).items())
    if seeds:
        lines += paragraph(
            "Seeding (messages: seconds): " + ", ".join(f"{k:,}: {v:.0f} s" for k, v in seeds) + "."
        )
    if results.get("errors"):
        failed = ", ".join(f"{k} (`{v}`)" for k, v in results["errors"].items())
        lines += paragraph(f"Scenarios that failed in this run: {failed}.")
    return lines + paragraph("Raw figures: `bench/results/results.json`.")
