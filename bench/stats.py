"""A figure measured several times: its median and its spread."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

import attrs


@attrs.frozen
class Stat:
    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: Iterable[float]) -> Stat:
        data = sorted(values)
        if not data:
            raise ValueError("a figure needs at least one run")
        return cls(statistics.median(data), data[0], data[-1], len(data))

    def scaled(self, factor: float) -> Stat:
        return Stat(self.median * factor, self.low * factor, self.high * factor, self.runs)

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _divide(a: float, b: float) -> float:
    return a / b if b else float("inf")


def ratio(numerator: Stat, denominator: Stat) -> Stat:
    """Median over median, with the widest spread the two runs' extremes allow."""
    return Stat(
        _divide(numerator.median, denominator.median),
        _divide(numerator.low, denominator.high),
        _divide(numerator.high, denominator.low),
        min(numerator.runs, denominator.runs),
    )


def paired(values: list[float], baseline: list[float]) -> Stat:
    """The ratios of two figures measured run by run, each to its own run's baseline: the
    machine's drift over minutes cancels out of figures taken seconds apart."""
    return Stat.of(a / b for a, b in zip(values, baseline, strict=True) if b)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]
