"""BENCHMARKS.md and the chart from a results dictionary (placeholder until written)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write(results: dict[str, Any], out_dir: Path, data_dir: Path) -> list[Path]:
    return []
