"""Fix and retry through the library: a corrected failed item goes out, a changed sent one never.

Also: results tell this run's work from an earlier run's, and async results are async context
managers.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from bulk_helpers import SENDER, client_for, create_requests, fresh_prefix, numbers, stored

from sendwire import AsyncClient
from sendwire.bulk import JournalMismatchError


def _items(prefix: str, count: int, bad: dict[int, str]) -> list[dict[str, Any]]:
    """``count`` items; those in ``bad`` have that (invalid) recipient instead."""
    return [
        {"to": bad.get(i, number), "from": SENDER, "body": f"fix {i}"}
        for i, number in enumerate(numbers(prefix, count))
    ]


def test_only_corrected_failed_items_go_out_on_the_rerun_each_exactly_once(
    mock: Any, tmp_path: Path
) -> None:
    prefix = fresh_prefix()
    journal = tmp_path / "fix.journal"
    broken = _items(prefix, 12, {3: "John Smith", 8: "+1555"})
    with client_for(mock) as client:
        with client.messages.send_many(broken, journal=journal) as first:
            assert (first.succeeded_count, first.failed_count) == (10, 2)
            assert [f.index for f in first.failed] == [3, 8]
            assert {f.error.code for f in first.failed} == {21211}  # type: ignore[attr-defined]
        fixed = _items(prefix, 12, {8: "+1555"})  # row 3 corrected, row 8 still wrong
        with client.messages.send_many(fixed, journal=journal) as second:
            assert second.succeeded_now_count == 1 and second.failed_now_count == 0
            assert (second.earlier_succeeded_count, second.earlier_failed_count) == (10, 1)
            assert (second.succeeded_count, second.failed_count) == (11, 1)
            assert second.succeeded[3].request["to"] == numbers(prefix, 12)[3]
    assert create_requests(mock) == {"201": 11}
    assert stored(mock, prefix) == {
        (n, f"fix {i}"): 1 for i, n in enumerate(numbers(prefix, 12)) if i != 8
    }


def test_a_changed_item_that_was_sent_is_refused_and_nothing_goes_out(
    mock: Any, tmp_path: Path
) -> None:
    prefix = fresh_prefix()
    journal = tmp_path / "sent.journal"
    items = _items(prefix, 6, {2: "abc"})
    with client_for(mock) as client:
        client.messages.send_many(items, journal=journal).close()
        items[4] = {**items[4], "body": "changed after sending"}
        items[2] = {**items[2], "to": numbers(prefix, 6)[2]}  # a fix, before the bad change
        with pytest.raises(JournalMismatchError) as refused:
            client.messages.send_many(items, journal=journal)
    assert refused.value.index == 4
    assert create_requests(mock) == {"201": 5}


def test_a_rerun_of_a_finished_run_reports_nothing_sent_now(mock: Any, tmp_path: Path) -> None:
    items = _items(fresh_prefix(), 5, {})
    journal = tmp_path / "done.journal"
    seen = []
    with client_for(mock) as client:
        client.messages.send_many(items, journal=journal).close()
        with client.messages.send_many(items, journal=journal, on_progress=seen.append) as again:
            assert again.succeeded_now_count == 0 and again.earlier_succeeded_count == 5
            assert again.succeeded_count == 5 and again.unknown_count == 0
    last = seen[-1]
    assert last.phase == "done" and last.sent_now == 0 and last.resumed == 5
    assert last.rate == 0.0


def test_async_results_are_async_context_managers(mock: Any, tmp_path: Path) -> None:
    items = _items(fresh_prefix(), 3, {})

    async def run() -> int:
        async with (
            AsyncClient(mock.account_sid, mock.auth_token, base_url=mock.url) as client,
            await client.messages.send_many(items) as result,
        ):
            journal = result._journal.path
            count = result.succeeded_count
        assert not journal.exists()  # a temporary journal goes when the result is closed
        return count

    assert asyncio.run(run()) == 3


def test_an_unknown_option_is_refused_like_a_misspelt_argument(mock: Any) -> None:
    with client_for(mock) as client, pytest.raises(TypeError):
        client.messages.send_many([], concurency=4)  # type: ignore[call-arg]
