"""tools/clean_run.py: the end-of-run check finds a file or a process left behind."""

from __future__ import annotations

import subprocess
from pathlib import Path

import clean_run


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("cache/\n*.journal\n__pycache__/\n")
    (root / "kept.txt").write_text("tracked\n")
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)
    return root


def test_a_clean_run_passes_and_caches_may_appear(tmp_path: Path) -> None:
    root, state = _repo(tmp_path), tmp_path / "state.json"
    clean_run.snapshot(state, root)
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert clean_run.leftovers(state, root, grace_seconds=0) == []


def test_files_left_or_changed_are_named_even_when_ignored(tmp_path: Path) -> None:
    root, state = _repo(tmp_path), tmp_path / "state.json"
    clean_run.snapshot(state, root)
    (root / "sendwire-delete-1.journal").write_text("left")  # ignored, but still litter
    (root / "stray.csv").write_text("left")
    (root / "kept.txt").write_text("changed\n")
    problems = clean_run.leftovers(state, root, grace_seconds=0)
    assert sorted(problems) == [
        "file left or changed: kept.txt",
        "file left or changed: sendwire-delete-1.journal",
        "file left or changed: stray.csv",
    ]


def test_a_process_left_running_is_named_until_it_ends(tmp_path: Path) -> None:
    root, state = _repo(tmp_path), tmp_path / "state.json"
    clean_run.snapshot(state, root)
    orphan = subprocess.Popen(["sleep", "60"], cwd=root, start_new_session=True)
    try:
        problems = clean_run.leftovers(state, root, grace_seconds=0)
        assert problems == [f"process left running: pid {orphan.pid}: sleep 60"]
    finally:
        orphan.kill()
        orphan.wait()
    assert clean_run.leftovers(state, root, grace_seconds=0) == []
