"""BENCHMARKS.md: the scenarios' sections put together, every goal in one table, and under
each goal missed its note and the profiles behind it."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from bench.figures import Goal, goal_names, say, table, words
from bench.scenarios import ALL

MARKS = {True: "**met**", False: "**not met**", None: "not measured"}


def write(results: dict[str, Any], out_dir: Path) -> Path:
    goals, body = list[Goal](), list[str]()
    errors = results.setdefault("errors", {})
    out_dir.mkdir(parents=True, exist_ok=True)
    for scenario in ALL:
        try:  # a report with a gap beats no report
            section = scenario.render(results["scenarios"][scenario.NAME])
        except Exception as error:  # noqa: BLE001 - the gap is named in the report
            if scenario.NAME in results["scenarios"]:
                errors[scenario.NAME] = f"report: {type(error).__name__}: {error}"
            if scenario.NAME in errors:
                body += [f"## {scenario.TITLE}", "", f"Failed: `{errors[scenario.NAME]}`", ""]
            continue
        goals, body = goals + section.goals, body + section.lines
    lines = _header(results) + _goals(goals) + body + _misses(goals) + _footer(results)
    (out_dir / "BENCHMARKS.md").write_text("\n".join(lines).rstrip() + "\n")
    return out_dir / "BENCHMARKS.md"


def _header(results: dict[str, Any]) -> list[str]:
    m, c = results["machine"], results["conditions"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    stolen = say("conditions.stolen") if c["steal_percent"] >= 5 else ""
    values = {**results, **m, **c, "packages": packages, "stolen": stolen}
    return words("header", minutes=results["total_seconds"] / 60, **values)


def _goals(measured: list[Goal]) -> list[str]:
    found = {goal.name: goal for goal in measured}
    goals = [found.pop(name, Goal(name)) for name in goal_names()] + list(found.values())
    rows = [[f"`{g.name}`", say("goal: " + g.name), g.measured, MARKS[g.met]] for g in goals]
    lines = ["## Goals", "", *table(["Goal", "What it measures", "Measured", "Result"], rows)]
    missed, why = sum(g.met is False for g in goals), "[Where the time goes](#where-the-time-goes)"
    summary = f"{missed} of {len(goals)} goals are not met; see {why} for why."
    return [*lines, summary if missed else "Every goal measured in this run is met.", ""]


def _misses(goals: list[Goal]) -> list[str]:
    missed = [g for g in goals if g.met is False]
    lines = ["## Where the time goes", ""] if missed else []
    shown: set[str] = set()
    cells = lambda item: [f"`{item[0]}`", f"{item[1]:.1f}%"] if item else ["", ""]
    for goal in missed:
        lines += [f"### `{goal.name}`: {say('goal: ' + goal.name)}", ""]
        lines += [f"Measured: {goal.measured}.", "", *words("note: " + goal.name.split()[0])]
        for profile in goal.profiles:
            if profile["what"] in shown:
                lines += [f"(Profile of {profile['what']}: shown above.)", ""]
                continue
            shown.add(profile["what"])
            pairs = itertools.zip_longest(profile["self_top"], profile["inclusive_top"])
            rows = [[*cells(own), *cells(paths)] for own, paths in pairs]
            lines += [
                *words("profile", **profile),
                *table(["Own time", "%", "With callees", "%"], rows),
            ]
    return lines


def _footer(results: dict[str, Any]) -> list[str]:
    names = ", ".join(s.NAME for s in ALL)
    seeds = sorted((int(k), v) for k, v in results["seed_seconds"].items())
    seeded = ", ".join(f"{k:,}: {v:.0f} s" for k, v in seeds) or "none"
    failed = ", ".join(f"{k} (`{v}`)" for k, v in results["errors"].items()) or "none"
    return words("footer", names=names, seeded=seeded, failed=failed)
