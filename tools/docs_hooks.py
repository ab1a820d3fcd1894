"""MkDocs hook: serve files kept at the top of the repository as pages of the site.

BENCHMARKS.md and RELIABILITY.md are written by the benchmark and reliability runs,
CONTRIBUTING.md and CHANGELOG.md are read on the repository's front page; copies under docs/
would drift. The chart BENCHMARKS.md shows is served at the path it links to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
SHARED = (
    "BENCHMARKS.md",
    "RELIABILITY.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "bench/results/ratios.png",
)


def on_files(files: Files, config: Any) -> Files:
    for name in SHARED:
        files.append(File.generated(config, name, abs_src_path=str(ROOT / name)))
    return files
