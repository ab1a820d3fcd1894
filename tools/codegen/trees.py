"""Compare two generated trees, and bring one up to date with the other."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, leaving out Python's byte-code caches."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def differences(expected: Path, actual: Path, max_diff_lines: int = 80) -> list[str]:
    """Lines describing how ``actual`` differs from ``expected``; empty when they match."""
    want, have = read_tree(expected), read_tree(actual)
    report: list[str] = []
    for name in sorted(want.keys() - have.keys()):
        report.append(f"missing: {name}")
    for name in sorted(have.keys() - want.keys()):
        report.append(f"not generated any more: {name}")
    diff_lines: list[str] = []
    for name in sorted(want.keys() & have.keys()):
        if want[name] == have[name]:
            continue
        report.append(f"changed: {name}")
        diff_lines += difflib.unified_diff(
            have[name].decode("utf-8", "replace").splitlines(),
            want[name].decode("utf-8", "replace").splitlines(),
            fromfile=f"committed/{name}",
            tofile=f"fresh/{name}",
            lineterm="",
        )
    if diff_lines:
        report += diff_lines[:max_diff_lines]
        if len(diff_lines) > max_diff_lines:
            report.append(f"... {len(diff_lines) - max_diff_lines} more diff lines")
    return report


def sync(source: Path, target: Path) -> int:
    """Make ``target`` hold exactly ``source``'s files; untouched files keep their timestamps.

    Returns how many files were written or removed.
    """
    want, have = read_tree(source), read_tree(target)
    touched = 0
    for name in sorted(have.keys() - want.keys()):
        (target / name).unlink()
        touched += 1
    for name, content in want.items():
        if have.get(name) != content:
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
            touched += 1
    for directory in sorted(target.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if directory.is_dir() and directory.name != "__pycache__" and not _has_files(directory):
            shutil.rmtree(directory)
    return touched


def _has_files(directory: Path) -> bool:
    return any(
        path.is_file() and "__pycache__" not in path.relative_to(directory).parts
        for path in directory.rglob("*")
    )
