"""Where the time goes, for figures that miss their goal: client code profiled in process
with pyinstrument, reduced to the functions with the most time of their own and the heaviest
call paths (time including callees)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

TOP, INTERVAL = 12, 0.001  # rows per table; pyinstrument's sampling interval, seconds
_STDLIB = re.compile(r".*/lib/python3\.\d+/")
_ROOT = str(Path(__file__).resolve().parent.parent) + "/"
# Frames that hold everything and say nothing: entry points, the event loop's and threads'
# plumbing, and the benchmark's own loops.
_PLUMBING = re.compile(
    r"^(<module>|main|run|serve_forever|asyncio_run|Runner\.run|<lambda>) \(|"
    r"\((asyncio/(base_events|events|runners)|threading|concurrent/futures/thread)\.py|\(bench/"
)


def _short(path: str) -> str:
    for marker in ("site-packages/", "facade/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path[len(_ROOT) :] if path.startswith(_ROOT) else _STDLIB.sub("", path)


def in_process(what: str, work: Callable[[], object]) -> dict[str, Any] | None:
    """Run `work` under pyinstrument (None when it is not installed)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    profiler = Profiler(interval=INTERVAL, async_mode="disabled")
    profiler.start()
    try:
        work()
    finally:
        root = profiler.stop().root_frame()
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()

    def walk(frame: Any, path: frozenset[str]) -> None:
        name = f"{frame.function} ({_short(frame.file_path or '?')})"
        spent, path = round(frame.total_self_time * 1_000_000), path | {name}
        own[name] += spent
        inclusive.update(dict.fromkeys(path, spent))
        for child in frame.children:
            if not child.is_synthetic:
                walk(child, path)

    if root is None:
        return None
    walk(root, frozenset())
    own, inclusive, total = +own, +inclusive, sum(own.values()) or 1
    # A frame under nearly every sample is an entry point, not a cause.
    paths = [(k, v) for k, v in inclusive.most_common() if v < 0.9 * total]
    paths = [(k, v) for k, v in paths if not _PLUMBING.search(k)]
    shares = lambda items: [[k, round(100 * v / total, 1)] for k, v in items[:TOP]]
    top = {"self_top": shares(own.most_common()), "inclusive_top": shares(paths)}
    return {"tool": "pyinstrument", "what": what, "samples": round(root.time / INTERVAL), **top}
