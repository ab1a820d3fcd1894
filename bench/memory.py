"""Peak memory of a piece of work: Python's own allocations (tracemalloc) and the RSS."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from pathlib import Path


def rss_bytes() -> int:
    """Resident set size of this process now (Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def peak_traced(work: Callable[[], object]) -> int:
    """The most memory the work held at once, above what was allocated before it began."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        work()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return max(0, peak - base)
