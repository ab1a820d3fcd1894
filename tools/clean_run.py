"""Check that a run (`make test`) leaves nothing behind: no process, no file.

    python tools/clean_run.py snapshot STATE   # before the run
    python tools/clean_run.py check STATE      # after it: exit 1, naming what was left

Files: every path `git status --porcelain --ignored` shows (untracked, ignored or changed),
with a hash of its content, compared before and after; caches and build folders are allowed
to appear. Processes: any process started after the snapshot that is still alive, and is in
this run's process group or runs from, or names, this checkout (a `sendwire mock` child that
outlived its parent is reparented to PID 1, but keeps both).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Folders a run may create or change: caches, the virtual environment, build and test output.
ALLOWED_PARTS = frozenset(
    {
        ".venv",
        "node_modules",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        ".import_linter_cache",
        "build",
        "dist",
        # What the tests report: the inbox's browser screenshots.
        "test-results",
    }
)
# A process that is exiting as the run ends gets this long to go.
GRACE_SECONDS = 5.0


def _status_paths(root: Path) -> dict[str, str]:
    """Each path git shows as untracked, ignored or changed, with its content's hash."""
    out = subprocess.run(
        ["git", "status", "--porcelain=v1", "-z", "--ignored", "--untracked-files=all"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode()
    paths: dict[str, str] = {}
    for entry in out.split("\0"):
        if len(entry) < 4:
            continue
        path = entry[3:]
        if ALLOWED_PARTS.intersection(Path(path).parts):
            continue
        paths[path] = _digest(root / path)
    return paths


def _digest(path: Path) -> str:
    if path.is_dir():
        return "dir"
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def _processes() -> dict[int, str]:
    """pid -> start time (in clock ticks since boot), for every process now."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # Fields after the command name (which may hold spaces) start after its ')'.
            found[int(entry.name)] = stat.rsplit(")", 1)[1].split()[19]
    return found


def _ancestors() -> set[int]:
    pids, pid = set(), os.getpid()
    while pid > 1:
        pids.add(pid)
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            break
    return pids


def _belongs_to_run(pid: int, root: Path) -> str | None:
    """The command line of a process of this run or this checkout, else None."""
    proc = Path(f"/proc/{pid}")
    try:
        command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        pgid = os.getpgid(pid)
        cwd = os.readlink(proc / "cwd")
    except (OSError, ProcessLookupError):
        return None
    where = str(root)
    if pgid == os.getpgid(0) or cwd == where or cwd.startswith(where + "/") or where in command:
        return command or f"[pid {pid}]"
    return None


def snapshot(state: Path, root: Path = ROOT) -> None:
    state.write_text(json.dumps({"files": _status_paths(root), "processes": _processes()}))


def leftovers(state: Path, root: Path = ROOT, grace_seconds: float = GRACE_SECONDS) -> list[str]:
    before = json.loads(state.read_text())
    files_before: dict[str, str] = before["files"]
    processes_before = {int(pid): start for pid, start in before["processes"].items()}
    problems = [
        f"file left or changed: {path}"
        for path, digest in _status_paths(root).items()
        if files_before.get(path) != digest
    ]
    deadline = time.monotonic() + grace_seconds
    while True:
        ours = _ancestors()
        running = []
        for pid, start in _processes().items():
            if pid in ours or processes_before.get(pid) == start:
                continue
            command = _belongs_to_run(pid, root)
            if command is not None:
                running.append(f"process left running: pid {pid}: {command}")
        if not running or time.monotonic() > deadline:
            return problems + running
        time.sleep(0.5)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("snapshot", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    state = Path(argv[1])
    if argv[0] == "snapshot":
        snapshot(state)
        return 0
    problems = leftovers(state)
    state.unlink()
    for problem in problems:
        print(f"clean run: {problem}", file=sys.stderr)
    if problems:
        print("clean run: FAILED, the run left the above behind", file=sys.stderr)
        return 1
    print("clean run: no process and no file left behind")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
