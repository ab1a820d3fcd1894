"""Injected faults: a bulk send and a full listing through 10% of failed answers.

The mock runs as its own process with `--faults` spread over rate limits (429), server errors
(503), connections dropped before the request is handled (reset) and connections dropped
after the message was stored (reset_after_commit, the case where only reconciliation can tell
whether to send again). Each item has a unique body, so the stored messages can be counted
per item afterwards.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from reliability_helpers import SENDER, figures, mock_process, quick_and_full

from sendwire import Client

# The outcome depends on the transport: run on the fast path and on plain httpx.
pytestmark = pytest.mark.usefixtures("http_path")

FAULT_KINDS = ("429", "503", "reset", "reset_after_commit")
# 10% of API requests fail, a quarter of them of each kind.
FAULTS = ",".join(f"{kind}=0.025" for kind in FAULT_KINDS)
SEED = 20240607
LIST_SEED = 7
RECIPIENTS = 97


def row(index: int) -> dict[str, str]:
    return {"to": f"+1555{index % RECIPIENTS:07d}", "from_": SENDER, "body": f"row-{index}"}


def injected(counts: dict[str, int]) -> dict[str, int]:
    return {kind: counts.get(kind, 0) for kind in FAULT_KINDS}


@pytest.mark.parametrize("count", quick_and_full(600, 5000))
def test_send_many_and_listing_under_faults_keep_each_message_exactly_once(
    count: int, tmp_path: Path
) -> None:
    with mock_process(faults=FAULTS, seed=SEED) as (_, server):
        client = Client(server.account_sid, server.auth_token, base_url=server.url)
        with client:
            with client.messages.send_many(
                (row(i) for i in range(count)), journal=tmp_path / "faults.journal"
            ) as result:
                failures = [(f.index, repr(f.error)) for f in result.failed[:5]]
                assert result.failed_count == 0, failures
                assert result.succeeded_count == count
                sid_of_row = {s.index: s.message.sid for s in result.succeeded}
                reconciled = result.reconciled_count
            sending = server.stats()
            create_faults = injected(sending["requests"]["CreateMessage"])
            # Every kind of fault hit the sends, and the server stored exactly one per row.
            assert all(create_faults.values()), create_faults
            assert sending["messages"] == count
            # Each message whose answer was lost was found again on the server, not resent.
            assert reconciled >= 1

            # The listing runs under the same faults, from a known point of the generator.
            # (Reconciliation listed too: count only what this listing asked.)
            server.set_faults(FAULTS, seed=LIST_SEED)
            before = server.stats()["requests"].get("ListMessage", {})
            listed = list(client.messages.list(max_retries=10))
            after = server.stats()["requests"].get("ListMessage", {})
            listing = {answer: after[answer] - before.get(answer, 0) for answer in after}
            list_faults = injected(listing)
            assert sum(list_faults.values()) >= 1, list_faults

    bodies = Counter(message.body for message in listed)
    expected = {f"row-{i}" for i in range(count)}
    figures(
        "faults",
        messages=count,
        create_requests=sum(sending["requests"]["CreateMessage"].values()),
        create_faults=create_faults,
        reconciled=reconciled,
        list_requests=sum(listing.values()),
        list_faults=list_faults,
        listed=len(listed),
        duplicates=sum(n - 1 for n in bodies.values() if n > 1),
        missing=len(expected - set(bodies)),
    )
    assert bodies == Counter({f"row-{i}": 1 for i in range(count)})
    assert len({message.sid for message in listed}) == count
    # The SID each row was reported with is the message stored with that row's body.
    body_of_sid = {message.sid: message.body for message in listed}
    assert {index: body_of_sid[sid] for index, sid in sid_of_row.items()} == {
        i: f"row-{i}" for i in range(count)
    }
