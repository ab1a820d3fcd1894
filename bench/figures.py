"""Figures: a measure's median and spread over several runs, how figures are written, what a
scenario hands the report (its lines and goals), and the report's prose kept in prose.md."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import attrs

MIB = 1024 * 1024
Figure = dict[str, Any]  # median, low, high, runs


def of(values: Iterable[float]) -> Figure:
    """The median of several runs, the lowest and the highest, and how many runs there were."""
    data = sorted(values)
    return {"median": statistics.median(data), "low": data[0], "high": data[-1], "runs": len(data)}


def ratio(a: Figure, b: Figure) -> Figure:
    """Median over median, with the widest spread the two figures' extremes allow."""
    parts = [(a["median"], b["median"]), (a["low"], b["high"]), (a["high"], b["low"])]
    median, low, high = (x / y if y else float("inf") for x, y in parts)
    return {"median": median, "low": low, "high": high, "runs": min(a["runs"], b["runs"])}


def paired(values: list[float], baseline: list[float]) -> Figure:
    """The ratios of two measures taken run by run, each to its own run's baseline: the
    machine's drift over minutes cancels out of figures taken seconds apart."""
    return of(a / b for a, b in zip(values, baseline, strict=True) if b)


@attrs.frozen
class Goal:
    name: str  # what it measures and the bar, e.g. "per_call_vs_raw_httpx <= 1.2"
    measured: str = "not measured in this run"
    met: bool | None = None  # None: not measured
    profiles: tuple[dict[str, Any], ...] = ()  # where the time goes, shown when it is missed


@attrs.frozen
class Section:
    lines: list[str]
    goals: list[Goal]


@cache
def _prose() -> dict[str, str]:
    text = (Path(__file__).parent / "prose.md").read_text()
    blocks = re.split(r"^<!-- (.+) -->$", text, flags=re.MULTILINE)[1:]
    prose = {key: _flow(body) for key, body in zip(blocks[::2], blocks[1::2])}
    goals = re.findall(r"^- `(.+?)`: (.+)$", prose.pop("goals"), flags=re.MULTILINE)
    return {**{f"goal: {name}": text for name, text in goals}, **prose}


def _flow(text: str) -> str:
    """Lines run on as paragraphs, except where a line starts a list item, and in code."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    flow = [p if p.startswith("```") else re.sub(r"\s*\n(?!- )\s*", " ", p) for p in paragraphs]
    return "\n\n".join(flow)


def goal_names() -> list[str]:
    """Every goal, in the report's order."""
    return [key.removeprefix("goal: ") for key in _prose() if key.startswith("goal: ")]


def say(key: str, **values: Any) -> str:
    """The prose kept under `key`, its placeholders filled ("" if none)."""
    return _prose().get(key, "").format(**values)


def words(key: str, **values: Any) -> list[str]:
    """The same as lines of the report, a blank line after."""
    text = say(key, **values)
    return [*text.split("\n"), ""] if text else []


def stat(data: Figure | None, digits: int = 0, unit: str = "") -> str:
    """`median (low-high)`, or just the median of a single run; "-" when not measured."""
    if data is None:
        return "-"
    low, median, high = (f"{data[k]:,.{digits}f}" for k in ("low", "median", "high"))
    return median + unit + (f" ({low}-{high})" if data["runs"] > 1 else "")


def times(data: Figure | None) -> str:
    return stat(data, 2, "x")


def mib(value: float | None) -> str:
    return "-" if value is None else f"{value / MIB:.1f} MiB"


def table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    return [*lines, *("| " + " | ".join(row) + " |" for row in rows), ""]


def find(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    """The first row with these values ({} if none)."""
    return next((r for r in rows if all(r.get(k) == v for k, v in match.items())), {})
