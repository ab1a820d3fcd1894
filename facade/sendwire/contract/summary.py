"""The end of a contract run's log: what each operation got, and what failed, for CI readers."""

from __future__ import annotations

from collections.abc import Sequence

from .calls import Counts, by_operation
from .junit import Failure
from .settings import STATEFUL_PHASE


def _statuses(statuses: dict[int, int]) -> str:
    return ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items())) or "-"


def operations_table(counts: Counts, found: Sequence[Failure]) -> list[str]:
    seen = by_operation(counts)
    failing: dict[str, list[Failure]] = {}
    for failure in found:
        failing.setdefault(failure.operation, []).append(failure)
    names = sorted(set(seen) | set(failing))
    width = max([len("Operation"), *(len(name) for name in names)])
    lines = [f"  {'Operation':{width}}  {'Failures':8}  Requests by status"]
    for name in names:
        statuses = seen.get(name, {})
        total = sum(statuses.values())
        lines.append(
            f"  {name:{width}}  {len(failing.get(name, [])):<8}  {total} ({_statuses(statuses)})"
        )
    return lines


def failure_lines(found: Sequence[Failure]) -> list[str]:
    lines: list[str] = []
    for number, failure in enumerate(found, 1):
        times = f" ({failure.times} times)" if failure.times > 1 else ""
        checks = "; ".join(failure.checks)
        lines.append(f"  {number}. {failure.operation} [{failure.group}]{times}: {checks}")
        if failure.curl:
            lines.append(f"     {failure.curl}")
    return lines


def stateful_lines(counts: Counts) -> list[str]:
    seen = by_operation(counts, phases=[STATEFUL_PHASE])
    if not seen:
        return ["  (no answers)"]
    width = max(len(name) for name in seen)
    return [f"  {name:{width}}  {_statuses(seen[name])}" for name in sorted(seen)]


def render(counts: Counts, found: Sequence[Failure], stateful: bool) -> str:
    lines = ["", "Contract summary: requests the run sent, by operation and answer status"]
    lines += operations_table(counts, found)
    if found:
        # Worded without a curl credential flag: the redactor would mask the example itself.
        how = "putting your own credentials in place of the masked Authorization header"
        lines += ["", f"Failures ({len(found)}); reproduce with the curl line, {how}:"]
        lines += failure_lines(found)
    if stateful:
        lines += ["", "Stateful phase, answers by operation and status:"]
        lines += stateful_lines(counts)
    return "\n".join(lines)
