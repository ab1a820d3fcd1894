"""What the stateful phase must have achieved, seen in the answers it got.

A stateful phase that only ever met 401s or 404s passes every schemathesis check (those
answers are documented), so checks alone cannot tell a real create-fetch-update-delete
chain from a run that never got in.
"""

from __future__ import annotations

from .calls import Counts, by_operation
from .settings import STATEFUL_PHASE

# (operation, status, what an answer of that kind proves)
STATEFUL_PROOF: tuple[tuple[str, int, str], ...] = (
    ("CreateMessage", 201, "created a message"),
    ("FetchMessage", 200, "fetched a message"),
    ("UpdateMessage", 200, "updated a message"),
    ("DeleteMessage", 204, "deleted a message"),
)


def missing(counts: Counts) -> list[tuple[str, int, str]]:
    """The requirements the stateful phase's answers do not meet; empty when proven."""
    seen = by_operation(counts, phases=[STATEFUL_PHASE])
    return [
        (operation, status, deed)
        for operation, status, deed in STATEFUL_PROOF
        if not seen.get(operation, {}).get(status)
    ]


def describe_missing(gaps: list[tuple[str, int, str]]) -> str:
    if [operation for operation, _, _ in gaps][:1] == ["CreateMessage"]:
        lead = "the stateful phase never created anything"
    else:
        lead = "the stateful phase never " + ", never ".join(deed for _, _, deed in gaps)
    return f"{lead} (no {', no '.join(f'{op} {status}' for op, status, _ in gaps)})"
