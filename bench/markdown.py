"""What a scenario hands the report: its section's lines, its goals and its chart panels; and
the few ways a figure is written."""

from __future__ import annotations

from typing import Any

import attrs

MIB = 1024 * 1024
NOT_MEASURED = "not measured in this run"


@attrs.frozen
class Goal:
    name: str  # what it measures and the bar, e.g. "per_call_vs_raw_httpx <= 1.2"
    text: str  # the same in words
    measured: str = NOT_MEASURED
    met: bool | None = None  # None: not measured in this run
    profiles: tuple[dict[str, Any], ...] = ()  # where the time goes, shown when it is missed


@attrs.frozen
class Section:
    lines: list[str]
    goals: list[Goal]
    panels: list[dict[str, Any]] = attrs.Factory(list)  # bar charts (see chart.py)


def n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def stat(data: dict[str, Any] | None, digits: int = 0, unit: str = "") -> str:
    """`median (low-high)`, or just the median for a single run; "-" when not measured."""
    if data is None:
        return "-"
    median = n(data["median"], digits) + unit
    if data.get("runs", 1) <= 1:
        return median
    return f"{median} ({n(data['low'], digits)}-{n(data['high'], digits)})"


def times(data: dict[str, Any] | None) -> str:
    if data is None:
        return "-"
    if data.get("runs", 1) <= 1:
        return f"{data['median']:.2f}x"
    return f"{data['median']:.2f}x ({data['low']:.2f}-{data['high']:.2f})"


def mib(value: float | None) -> str:
    return "-" if value is None else f"{value / MIB:.1f} MiB"


def table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def paragraph(*text: str) -> list[str]:
    return [" ".join(text), ""]


def find(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any] | None:
    return next((r for r in rows if all(r.get(k) == v for k, v in match.items())), None)


def prose(doc: str | None) -> list[str]:
    """A module docstring after its first line, as one paragraph of the report."""
    return paragraph(" ".join((doc or "").split("\n\n", 1)[-1].split()))
