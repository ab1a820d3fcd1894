"""redact_many and delete_many against the real mock, with date filters and resume."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from bulk_helpers import SENDER, client_for, fresh_prefix, numbers

from sendwire import AsyncClient, ValidationError
from sendwire.bulk.journal import Journal, JournalKind
from sendwire.bulk.options import RunOptions
from sendwire.bulk.sweep import SweepAction, SweepRun
from sendwire.bulk.target import ClientTarget

# The outcome depends on the transport: run on the fast path and on plain httpx.
pytestmark = pytest.mark.usefixtures("http_path")

DAY = 86400


def _two_generations(mock: Any) -> tuple[list[str], list[str], dt.date, dt.date]:
    """Ten messages sent today and ten three days later (on the mock's clock)."""
    old, new = numbers(fresh_prefix(), 10), numbers(fresh_prefix(), 10)
    with client_for(mock) as client:
        first = client.messages.send_many([{"to": n, "from": SENDER, "body": "old"} for n in old])
        mock.advance(3 * DAY)
        second = client.messages.send_many([{"to": n, "from": SENDER, "body": "new"} for n in new])
    with first, second:
        old_day = first.succeeded[0].message.date_sent
        new_day = second.succeeded[0].message.date_sent
    assert old_day is not None and new_day is not None
    return old, new, old_day.date(), new_day.date()


def _bodies(mock: Any) -> dict[str, str]:
    with client_for(mock) as client:
        return {m.to or "": m.body or "" for m in client.messages.list(page_size=1000)}


def test_delete_many_and_redact_many_touch_only_what_the_dates_select(mock: Any) -> None:
    old, new, old_day, new_day = _two_generations(mock)
    with client_for(mock) as client:
        with client.messages.delete_many(
            date_sent_before=old_day + dt.timedelta(days=1), concurrency=4
        ) as deleted:
            assert deleted.succeeded_count == 10 and deleted.failed_count == 0
            assert {s.message.to for s in deleted.succeeded} == set(old)
        with client.messages.redact_many(date_sent_after=new_day) as redacted:
            assert redacted.succeeded_count == 10
            assert all(s.message.body == "" for s in redacted.succeeded)
    assert _bodies(mock) == {n: "" for n in new}


def test_async_redact_many_with_a_date_and_a_recipient(mock: Any) -> None:
    old, _, old_day, _ = _two_generations(mock)

    async def run() -> int:
        async with AsyncClient(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
            result = await client.messages.redact_many(to=old[3], date_sent=old_day)
            with result:
                return result.succeeded_count

    assert asyncio.run(run()) == 1
    bodies = _bodies(mock)
    assert bodies[old[3]] == "" and sum(1 for b in bodies.values() if b == "") == 1


def test_a_sweep_resumes_from_its_journal(mock: Any, tmp_path: Path) -> None:
    _, _, old_day, _ = _two_generations(mock)
    journal = tmp_path / "delete.journal"
    with client_for(mock) as client:
        client.messages.delete_many(date_sent=old_day, journal=journal).close()
        deletes = mock.stats()["requests"]["DeleteMessage"]["204"]
        again = client.messages.delete_many(date_sent=old_day, journal=journal)
        assert again.succeeded_count == 10  # done earlier, kept in the journal
        again.close()
        assert mock.stats()["requests"]["DeleteMessage"]["204"] == deletes == 10
        # The journal belongs to these filters; other filters need another journal.
        with pytest.raises(Exception, match="other filters"):
            client.messages.delete_many(date_sent_after=old_day, journal=journal)


def test_bad_filters_are_refused_before_anything_is_touched(mock: Any) -> None:
    with client_for(mock) as client, pytest.raises(ValidationError):
        client.messages.delete_many(date_sent_before=dt.datetime(2024, 1, 1))  # naive
    assert "DeleteMessage" not in mock.stats()["requests"]


def test_a_message_already_gone_counts_as_deleted(mock: Any, tmp_path: Path) -> None:
    with client_for(mock) as client:
        message = client.messages.create(to=fresh_prefix() + "0001", from_=SENDER, body="x")
        client.messages.delete(message.sid)

    async def run() -> tuple[bool, bool]:
        async with AsyncClient(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
            target = ClientTarget(client.messages)
            outcomes = []
            for action in (SweepAction.DELETE, SweepAction.REDACT):
                journal = Journal.open(tmp_path / action.value, JournalKind(action.value))
                run = SweepRun(target, journal, action, RunOptions(concurrency=1), max_attempts=2)
                outcome = await run._apply(message)
                outcomes.append(type(outcome).__name__ == "SentOutcome")
                journal.close()
            return outcomes[0], outcomes[1]

    deleted, redacted = asyncio.run(run())
    assert deleted and not redacted
