"""Where the time goes, for figures that miss their goal.

In-process code is profiled with pyinstrument; a server subprocess with py-spy (sampling its
stacks from outside while load runs). Both reduce to the same table: the functions with the
most time of their own, and the heaviest call paths (time including callees).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
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
_FRAME = re.compile(r"\((.*):(\d+)\)$")  # "function (path/file.py:123)"
Profile = dict[str, Any]
Stacks = Counter[tuple[str, ...]]


def _short(path: str) -> str:
    for marker in ("site-packages/", "facade/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path[len(_ROOT) :] if path.startswith(_ROOT) else _STDLIB.sub("", path)


def _shorter(match: re.Match[str]) -> str:
    return f"({_short(match[1])}:{match[2]})"


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


@contextlib.contextmanager
def py_spy(pid: int, seconds: float, what: str) -> Iterator[list[Profile]]:
    """Sample a running process for `seconds` from the start of the block; the profile, when
    py-spy is installed and took one, is in the list yielded once the block is done."""
    found: list[Profile] = []
    beside = Path(sys.executable).parent / "py-spy"
    executable = str(beside) if beside.exists() else shutil.which("py-spy")
    with tempfile.NamedTemporaryFile(prefix="bench-py-spy-", suffix=".txt") as out:
        command = [executable or "py-spy", "record", "--pid", str(pid), "--duration"]
        command += [str(max(1, round(seconds))), "--rate", "250", "--format", "raw"]
        command += ["--nonblocking", "--output", out.name]
        pipe, quiet = subprocess.PIPE, subprocess.DEVNULL
        process = (
            subprocess.Popen(command, stdout=quiet, stderr=pipe, text=True) if executable else None
        )
        yield found
        error = process.communicate(timeout=seconds + 60)[1] if process else "not installed"
        text = Path(out.name).read_text()
    stacks: Stacks = Counter()
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():  # own time keeps the line, so a hot line shows
            stacks[tuple(_FRAME.sub(_shorter, frame) for frame in stack.split(";"))] += int(count)
    if stacks:
        found.append(_profile(stacks, "py-spy", what, sum(stacks.values())))
    else:
        print(f"  (no profile from py-spy: {error.strip()[-300:]})", file=sys.stderr)
