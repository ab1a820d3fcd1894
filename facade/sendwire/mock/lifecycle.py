"""A message's status over time on the mock clock.

Nothing rewrites a stored status: a message keeps when its progression starts and how long
each step takes, and its status at any moment follows from that. This makes the clock the
only thing tests need to move, and a status is the same however often it is read.
"""

from __future__ import annotations

import re

from .store import MessageRow

# The recipient numbers +1500555300NN (NN = 01..10) end with delivery error 300NN, so
# clients can exercise failure handling.
_FAILING_RECIPIENT = re.compile(r"\+1500555300(0[1-9]|10)\Z")
DELIVERY_ERRORS: dict[int, tuple[str, str]] = {
    30001: ("failed", "Queue overflow"),
    30002: ("failed", "Account suspended"),
    30003: ("undelivered", "Unreachable destination handset"),
    30004: ("undelivered", "Message blocked"),
    30005: ("undelivered", "Unknown destination handset"),
    30006: ("undelivered", "Landline or unreachable carrier"),
    30007: ("undelivered", "Carrier violation"),
    30008: ("undelivered", "Unknown error"),
    30009: ("undelivered", "Missing segment"),
    30010: ("failed", "Message price exceeds max price"),
}
BILLED = frozenset({"sent", "delivered", "undelivered", "received", "read"})


def outcome_for(to_addr: str) -> tuple[str, int | None]:
    """The final status of a message to this recipient, and its error code if any."""
    match = _FAILING_RECIPIENT.match(to_addr)
    if match is None:
        return "delivered", None
    code = 30000 + int(match.group(1))
    return DELIVERY_ERRORS[code][0], code


# What follows the initial status, as (status, steps after the start): the start is the
# creation time, or SendAt for a scheduled message. The outcome takes the last place.
_AFTER: dict[str, tuple[tuple[str, int], ...]] = {
    "queued": (("sending", 1), ("sent", 2), ("", 3)),
    "accepted": (("queued", 1), ("sending", 2), ("sent", 3), ("", 4)),
    "scheduled": (("queued", 0), ("sending", 1), ("sent", 2), ("", 3)),
    "received": (),
}
_AFTER_FAILED: dict[str, tuple[tuple[str, int], ...]] = {
    "queued": (("", 1),),
    "accepted": (("queued", 1), ("", 2)),
    "scheduled": (("queued", 0), ("", 1)),
    "received": (),
}


OUTCOMES = frozenset({"delivered"} | {status for status, _ in DELIVERY_ERRORS.values()})


def initials_reaching(status: str) -> frozenset[str]:
    """The initial statuses whose progression passes through `status` before its outcome:
    a cheap first test when looking for messages in that status."""
    return frozenset(
        initial
        for table in (_AFTER, _AFTER_FAILED)
        for initial, steps in table.items()
        if status == initial or any(step == status for step, _ in steps)
    )


def _steps(row: MessageRow) -> tuple[tuple[str, int], ...]:
    table = _AFTER_FAILED if row.outcome == "failed" else _AFTER
    return table[row.initial_status]


def timeline(row: MessageRow) -> list[tuple[str, int]]:
    """Every status the message takes, with the time it takes it, in order."""
    start, step = row.start_us, row.step_us
    steps = [(row.initial_status, row.date_created)]
    steps += [(status or row.outcome, start + n * step) for status, n in _steps(row)]
    if row.canceled_us is not None:
        steps = [entry for entry in steps if entry[1] < row.canceled_us]
        steps.append(("canceled", row.canceled_us))
    return steps


def status_at(row: MessageRow, now: int) -> tuple[str, int]:
    """The status at `now` and when the message took it."""
    if row.canceled_us is not None:
        current = (row.initial_status, row.date_created)
        for entry in timeline(row):
            if entry[1] > now:
                break
            current = entry
        return current
    # Without a cancellation the answer is arithmetic: how many steps have passed.
    start, step = row.start_us, row.step_us
    if now < start:
        return row.initial_status, row.date_created
    passed = (now - start) // step if step else None
    current = (row.initial_status, row.date_created)
    for status, n in _steps(row):
        if passed is not None and n > passed:
            break
        current = (status or row.outcome, start + n * step)
    return current
