"""Where the time goes, for figures that miss their goal.

In-process code is profiled with pyinstrument; a server subprocess with py-spy (sampling its
stacks from outside while load runs). Both reduce to the same table: the functions with the
most time of their own, and the heaviest call paths (time including callees).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

TOP = 12
INTERVAL = 0.001  # pyinstrument's sampling interval, seconds
_LINE = re.compile(r":\d+\)$")


@attrs.frozen
class Profile:
    tool: str
    what: str
    samples: int
    self_top: tuple[tuple[str, float], ...]  # (function, percent of samples)
    inclusive_top: tuple[tuple[str, float], ...]

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        return cls(
            data["tool"],
            data["what"],
            data["samples"],
            tuple(tuple(item) for item in data["self_top"]),  # type: ignore[misc]
            tuple(tuple(item) for item in data["inclusive_top"]),  # type: ignore[misc]
        )


_STDLIB = re.compile(r".*/lib/python3\.\d+/")
_ROOT = str(Path(__file__).resolve().parent.parent) + "/"


def _short(path: str) -> str:
    for marker in ("site-packages/", "facade/"):
        if marker in path:
            return path.split(marker, 1)[1]
    if path.startswith(_ROOT):
        return path[len(_ROOT) :]
    return _STDLIB.sub("", path)


# Frames that hold everything and say nothing: entry points, the event loop's and threads'
# plumbing, and the benchmark's own loops.
_PLUMBING = re.compile(
    r"^(<module>|main|run|serve_forever|asyncio_run|Runner\.run|<lambda>) \(|"
    r"\((asyncio/(base_events|events|runners)|threading|concurrent/futures/thread)\.py|"
    r"\(bench/"
)


def _top(
    counter: Counter[str], total: float, skip_entry: bool = False
) -> tuple[tuple[str, float], ...]:
    items = []
    for name, value in counter.most_common():
        if skip_entry and (_PLUMBING.search(name) or value >= 0.9 * total):
            continue  # a frame under nearly every sample is an entry point, not a cause
        items.append((name, round(100 * value / total, 1)))
        if len(items) == TOP:
            break
    return tuple(items)


def _from_stacks(
    stacks: Counter[tuple[str, ...]], tool: str, what: str, samples: int | None = None
) -> Profile:
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = sum(stacks.values())
    for stack, count in stacks.items():
        own[stack[-1]] += count
        for name in {_LINE.sub(")", frame) for frame in stack}:
            inclusive[name] += count
    return Profile(
        tool,
        what,
        total if samples is None else samples,
        _top(own, total or 1),
        _top(inclusive, total or 1, True),
    )


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
        session = profiler.stop()
    root = session.root_frame()
    stacks: Counter[tuple[str, ...]] = Counter()
    if root is None:
        return None

    def walk(frame: Any, path: tuple[str, ...]) -> None:
        name = f"{frame.function} ({_short(frame.file_path or '?')})"
        here = (*path, name)
        own = frame.total_self_time
        if own > 0:
            stacks[here] += round(own * 1_000_000)
        for child in frame.children:
            if not child.is_synthetic:
                walk(child, here)

    walk(root, ())
    return _from_stacks(stacks, "pyinstrument", what, samples=round(root.time / INTERVAL))


def py_spy_executable() -> str | None:
    beside = Path(sys.executable).parent / "py-spy"
    if beside.exists():
        return str(beside)
    return shutil.which("py-spy")


def start_py_spy(pid: int, seconds: float, what: str) -> Callable[[], Profile | None] | None:
    """Sample a running process for `seconds`; call the result to wait for the profile."""
    executable = py_spy_executable()
    if executable is None:
        return None
    out = Path(tempfile.mkstemp(prefix="bench-py-spy-", suffix=".txt")[1])
    process = subprocess.Popen(
        [
            executable,
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(max(1, round(seconds))),
            "--rate",
            "250",
            "--format",
            "raw",
            "--nonblocking",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def finish() -> Profile | None:
        try:
            _, err = process.communicate(timeout=seconds + 60)
            text = out.read_text() if out.exists() else ""
        finally:
            out.unlink(missing_ok=True)
        if process.returncode != 0 or not text:
            print(f"  (py-spy failed: {err.strip()[-300:]})", file=sys.stderr)
            return None
        stacks: Counter[tuple[str, ...]] = Counter()
        for line in text.splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = tuple(_clean(frame) for frame in stack.split(";"))
            stacks[frames] += int(count)
        return _from_stacks(stacks, "py-spy", what)

    return finish


def _clean(frame: str) -> str:
    # "function (path/to/file.py:123)" -> "function (file.py:123)" for own time; the line
    # stays so a hot line is visible.
    name, _, rest = frame.partition(" (")
    if not rest:
        return frame
    path, _, line = rest.rstrip(")").rpartition(":")
    return f"{name} ({_short(path)}:{line})" if path else frame
