"""The answers a contract run saw: one JSON line per answer, written by the hooks.

The file is named by the environment variable CALLS_ENV. Counting in the run itself (rather
than asking the server) is what lets the stateful proof work against any server.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from pathlib import Path

CALLS_ENV = "SENDWIRE_CONTRACT_CALLS"

# phase -> operation -> HTTP status -> answers
Counts = dict[str, dict[str, dict[int, int]]]

# schemathesis workers are threads of one process: one line must not interleave with another.
_lock = threading.Lock()


def record_call(path: Path, phase: str, operation: str, status: int) -> None:
    line = json.dumps({"phase": phase, "operation": operation, "status": status})
    with _lock, path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def read_calls(paths: Iterable[Path]) -> Counts:
    counts: Counts = {}
    for path in paths:
        if not path.is_file():
            continue  # that run never got an answer
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                item = json.loads(line)
                phase, operation, status = item["phase"], item["operation"], int(item["status"])
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a killed run
            statuses = counts.setdefault(phase, {}).setdefault(operation, {})
            statuses[status] = statuses.get(status, 0) + 1
    return counts


def by_operation(counts: Counts, phases: Iterable[str] | None = None) -> dict[str, dict[int, int]]:
    """Answers per operation and status, summed over the phases (default: all of them)."""
    total: dict[str, dict[int, int]] = {}
    for phase, operations in counts.items():
        if phases is not None and phase not in phases:
            continue
        for operation, statuses in operations.items():
            into = total.setdefault(operation, {})
            for status, count in statuses.items():
                into[status] = into.get(status, 0) + count
    return total
