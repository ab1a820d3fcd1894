"""The chart of the main ratios (PNG), drawn with matplotlib when it is installed.

A panel is a dict: `title`, `labels` (one per group of bars), `series` (name: one figure per
label, each a Stat as JSON), `ylabel`, and optionally `goal` (a line across the panel) or
`marks` (a goal per label).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def draw(panels: list[dict[str, Any]], machine: dict[str, Any], path: Path) -> Path | None:
    if not panels:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e .[bench]); no chart", file=sys.stderr)
        return None
    columns = 2 if len(panels) > 1 else 1
    rows = (len(panels) + columns - 1) // columns
    figure, axes = plt.subplots(rows, columns, figsize=(6.4 * columns, 4.2 * rows), squeeze=False)
    for axis, panel in zip(axes.flat, panels):
        _bars(axis, **panel)
    for axis in list(axes.flat)[len(panels) :]:
        axis.set_visible(False)
    title = f"Sendwire benchmarks, {machine['date']} ({machine['cores']} cores)"
    figure.suptitle(title, fontsize=11)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _bars(
    axis: Any,
    title: str,
    labels: list[str],
    series: dict[str, list[dict[str, Any] | None]],
    ylabel: str,
    goal: float | None = None,
    marks: list[float | None] | None = None,
) -> None:
    width = 0.8 / max(1, len(series))
    for index, (name, stats) in enumerate(series.items()):
        shift = (index - (len(series) - 1) / 2) * width
        figures = [s or {"median": 0.0, "low": 0.0, "high": 0.0} for s in stats]
        medians = [s["median"] for s in figures]
        spread = [[m - s["low"] for m, s in zip(medians, figures)]]
        spread.append([s["high"] - m for m, s in zip(medians, figures)])
        positions = [i + shift for i in range(len(labels))]
        axis.bar(positions, medians, width, yerr=spread, capsize=3, label=name)
    if goal is not None:
        axis.axhline(goal, color="black", linestyle="--", linewidth=1, label=f"goal: {goal:g}")
    for index, mark in enumerate(marks or []):
        if mark is not None:
            axis.hlines(mark, index - 0.45, index + 0.45, colors="black", linestyles="--")
    axis.set_xticks(range(len(labels)))
    axis.set_xticklabels(labels, fontsize=7)
    axis.set_title(title, fontsize=10)
    axis.set_ylabel(ylabel, fontsize=9)
    axis.legend(fontsize=7)
    axis.grid(axis="y", alpha=0.3)
