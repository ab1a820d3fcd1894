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


def timeline(row: MessageRow) -> list[tuple[str, int]]:
    """Every status the message takes, with the time it takes it, in order."""
    created, start, step = row.date_created, row.start_us, row.step_us
    if row.initial_status == "received":
        return [("received", created)]
    steps: list[tuple[str, int]] = [(row.initial_status, created)]
    if row.initial_status == "accepted":
        steps.append(("queued", start + step))
        start += step
    elif row.initial_status == "scheduled":
        steps.append(("queued", start))
    if row.outcome == "failed":
        steps.append(("failed", start + step))
    else:
        steps += [
            ("sending", start + step),
            ("sent", start + 2 * step),
            (row.outcome, start + 3 * step),
        ]
    if row.canceled_us is not None:
        steps = [entry for entry in steps if entry[1] < row.canceled_us]
        steps.append(("canceled", row.canceled_us))
    return steps


def status_at(row: MessageRow, now: int) -> tuple[str, int]:
    """The status at `now` and when the message took it."""
    current = (row.initial_status, row.date_created)
    for entry in timeline(row):
        if entry[1] > now:
            break
        current = entry
    return current
