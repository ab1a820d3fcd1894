"""The engine holds no per-item state: its peak memory does not grow with the input.

This is a pure-engine check, so it runs against an in-process fake sender (see
``fake_target``): with a real server the run would be slower without telling more about what
the engine keeps. ``perf_bulk.py memory`` runs the same measure up to a million rows.
"""

from __future__ import annotations

import asyncio
import tracemalloc

from fake_target import FastFakeTarget, rows

from sendwire.bulk.options import RunOptions
from sendwire.bulk.send import send_many


def _peak(count: int) -> int:
    async def run() -> None:
        target = FastFakeTarget()
        result = await send_many(target, rows(count), RunOptions(concurrency=16))
        with result:
            assert result.succeeded_count == count == target.creates

    tracemalloc.start()
    try:
        asyncio.run(run())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_stays_flat_when_the_input_grows_tenfold() -> None:
    _peak(200)  # warm up caches and imports so they count in neither figure
    small, large = _peak(300), _peak(3_000)
    assert large < small * 1.5, (small, large)
