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
_LINE, _STDLIB = re.compile(r":\d+\)$"), re.compile(r".*/lib/python3\.\d+/")
_ROOT = str(Path(__file__).resolve().parent.parent) + "/"
# Frames that hold everything and say nothing: entry points, the event loop's and threads'
# plumbing, and the benchmark's own loops.
_PLUMBING = re.compile(
    r"^(<module>|main|run|serve_forever|asyncio_run|Runner\.run|<lambda>) \(|"
    r"\((asyncio/(base_events|events|runners)|threading|concurrent/futures/thread)\.py|\(bench/"
)
Profile = dict[str, Any]
Stacks = Counter[tuple[str, ...]]


def _short(path: str) -> str:
    for marker in ("site-packages/", "facade/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path[len(_ROOT) :] if path.startswith(_ROOT) else _STDLIB.sub("", path)


def _profile(stacks: Stacks, tool: str, what: str, samples: int) -> Profile:
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = sum(stacks.values()) or 1
    for stack, count in stacks.items():
        own[stack[-1]] += count
        for name in {_LINE.sub(")", frame) for frame in stack}:
            inclusive[name] += count
    # A frame under nearly every sample is an entry point, not a cause.
    paths = [(k, v) for k, v in inclusive.most_common() if v < 0.9 * total]
    paths = [(k, v) for k, v in paths if not _PLUMBING.search(k)]
    shares = lambda items: [[k, round(100 * v / total, 1)] for k, v in items[:TOP]]
    top = {"self_top": shares(own.most_common()), "inclusive_top": shares(paths)}
    return {"tool": tool, "what": what, "samples": samples, **top}


def in_process(what: str, work: Callable[[], object]) -> Profile | None:
    """Run `work` under pyinstrument."""
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
    stacks: Stacks = Counter()

    def walk(frame: Any, path: tuple[str, ...]) -> None:
        here = (*path, f"{frame.function} ({_short(frame.file_path or '?')})")
        stacks[here] += round(frame.total_self_time * 1_000_000)
        for child in frame.children:
            if not child.is_synthetic:
                walk(child, here)

    if root is None:
        return None
    walk(root, ())
    return _profile(+stacks, "pyinstrument", what, round(root.time / INTERVAL))
