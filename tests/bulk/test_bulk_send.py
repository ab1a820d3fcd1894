"""send_many against the real mock over HTTP: outcomes, resume, reconciliation, pacing."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from bulk_helpers import SENDER, client_for, create_requests, fresh_prefix, numbers, stored

from sendwire import AsyncClient, Client, ValidationError
from sendwire.bulk import BulkResult, JournalMismatchError, OutcomeUnknownError
from sendwire.bulk.api import destination
from sendwire.bulk.codec import encode_request, fingerprint, normalize_request
from sendwire.bulk.journal import Intent, Journal, JournalKind
from sendwire.bulk.options import RunOptions
from sendwire.bulk.progress import BulkProgress
from sendwire.testing import MockProcess

# The outcome depends on the transport: run on the fast path and on plain httpx.
pytestmark = pytest.mark.usefixtures("http_path")


def _send(mode: str, mock: Any, items: Any, **options: Any) -> BulkResult:
    if mode == "sync":
        with client_for(mock) as client:
            return client.messages.send_many(items, **options)

    async def run() -> BulkResult:
        async with AsyncClient(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
            return await client.messages.send_many(items, **options)

    return asyncio.run(run())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_good_and_bad_items_each_get_their_own_outcome(mode: str, mock: Any) -> None:
    to = numbers(fresh_prefix(), 6)
    items: list[Any] = [
        {"to": to[0], "from": SENDER, "body": "good one"},
        {"to": to[1], "from": SENDER},  # no content
        {"to": to[2], "from": SENDER, "media_url": ["notaurl"]},  # the spec's format refuses it
        {"to": to[3], "from_": SENDER, "body": "x", "colour": "blue"},  # unknown field
        "not a mapping",
        {"to": to[5], "from_": SENDER, "body": "good two", "media_url": "https://e.com/a.png"},
    ]
    progress: list[BulkProgress] = []
    with _send(mode, mock, iter(items), concurrency=4, on_progress=progress.append) as result:
        assert (result.total, result.succeeded_count, result.failed_count) == (6, 2, 4)
        assert [s.index for s in result.succeeded] == [0, 5]
        assert result.succeeded[1].message.num_media == 1
        assert result.succeeded[0].request == {"to": to[0], "from_": SENDER, "body": "good one"}
        errors = {f.index: f.error for f in result.failed}
        assert sorted(errors) == [1, 2, 3, 4]
        assert isinstance(errors[1], ValidationError)
        # Refused before sending, with the code the service would have answered.
        assert isinstance(errors[2], ValidationError) and errors[2].code == 21620
        assert isinstance(errors[3], ValidationError) and "colour" in str(errors[3])
        assert isinstance(errors[4], ValidationError)
        assert not result.ok and result.duration > 0
    assert stored(mock) == {(to[0], "good one"): 1, (to[5], "good two"): 1}
    # Bad items never reach the server: the client judges them by the spec's own rules.
    assert create_requests(mock) == {"201": 2}
    assert progress[-1].phase == "done" and progress[-1].processed == 6


def test_a_rerun_with_the_same_journal_sends_nothing_again(mock: Any, tmp_path: Path) -> None:
    prefix = fresh_prefix()
    items = [{"to": n, "from": SENDER, "body": f"hello {n}"} for n in numbers(prefix, 40)]
    journal = tmp_path / "run.journal"
    with client_for(mock) as client:
        first = client.messages.send_many(items, journal=journal)
        first_sids = [s.message.sid for s in first.succeeded]
        first.close()
        second = client.messages.send_many(
            items + [{"to": prefix + "9999", "from": SENDER, "body": "appended"}], journal=journal
        )
    assert second.succeeded_count == 41
    assert [s.message.sid for s in second.succeeded][:40] == first_sids
    assert create_requests(mock) == {"201": 41}
    second.close()


def test_a_journal_refuses_a_different_input(mock: Any, tmp_path: Path) -> None:
    journal = tmp_path / "run.journal"
    to = numbers(fresh_prefix(), 3)
    with client_for(mock) as client:
        client.messages.send_many(
            [{"to": n, "from": SENDER, "body": "a"} for n in to], journal=journal
        ).close()
        with pytest.raises(JournalMismatchError, match="item 0"):
            client.messages.send_many(
                [{"to": n, "from": SENDER, "body": "b"} for n in to], journal=journal
            )
        with pytest.raises(JournalMismatchError, match="only 2"):
            client.messages.send_many(
                [{"to": n, "from": SENDER, "body": "a"} for n in to[:2]], journal=journal
            )
    assert create_requests(mock) == {"201": 3}


def _write_intents(path: Path, items: list[dict[str, Any]], started_at: float, mock: Any) -> None:
    """What a run that died right after committing its intents leaves behind."""
    with client_for(mock) as client:
        context = destination(client)
    journal = Journal.open(path, JournalKind.SEND, context=context)
    intents = []
    for index, item in enumerate(items):
        encoded = encode_request(normalize_request(item))
        intents.append(Intent(index, fingerprint(encoded), encoded, item["to"], started_at))
    journal.write_intents(intents)
    journal.close()


def test_unknown_outcomes_are_reconciled_before_anything_is_resent(
    mock: Any, tmp_path: Path
) -> None:
    to = numbers(fresh_prefix(), 8)
    items = [{"to": n, "from": SENDER, "body": f"note {n}"} for n in to]
    # Two identical items to one number: one stored message must settle only one of them.
    items += [{"to": to[0], "from": SENDER, "body": "same"}] * 2
    journal = tmp_path / "run.journal"
    _write_intents(journal, items, time.time() - 2, mock)
    with client_for(mock) as client:
        # The dead run had got these out before it died: half the notes, one "same".
        for item in items[:4] + items[8:9]:
            client.messages.create(to=item["to"], from_=SENDER, body=item["body"])
        with client.messages.send_many(items, journal=journal) as result:
            assert result.succeeded_count == 10 and result.failed_count == 0
            assert result.reconciled_count == 5
    expected = {(n, f"note {n}"): 1 for n in to}
    expected[(to[0], "same")] = 2
    assert stored(mock) == expected
    assert create_requests(mock) == {"201": 10}


def test_crash_faults_end_with_every_message_stored_exactly_once(tmp_path: Path) -> None:
    faults = "429=0.05,503=0.05,reset=0.05,reset_after_commit=0.08,retry_after=0"
    with MockProcess(faults=faults, seed=11) as server:
        prefix = fresh_prefix()
        items = [{"to": n, "from": SENDER, "body": f"fault run {n}"} for n in numbers(prefix, 300)]
        with client_for(server) as client:
            result = client.messages.send_many(
                items, concurrency=16, journal=tmp_path / "faults.journal"
            )
        server.set_faults("")
        with result:
            assert result.succeeded_count == 300, [f.error for f in result.failed][:3]
            assert result.reconciled_count > 0
            sids = [s.message.sid for s in result.succeeded]
            assert len(set(sids)) == 300
        assert stored(server) == {(item["to"], item["body"]): 1 for item in items}
        creates = create_requests(server)
        assert creates.get("reset_after_commit", 0) > 0
        # Every 429 was seen by the engine and slowed it down, and every create request the
        # server saw took a token from the engine's gate.
        assert result.rate_limited_count == creates.get("429", 0) > 0
        assert result.requests == sum(creates.values())


def test_every_create_request_takes_a_token_from_the_rate_limit(mock: Any) -> None:
    items = [{"to": n, "from": SENDER, "body": "paced"} for n in numbers(fresh_prefix(), 30)]
    with (
        client_for(mock) as client,
        client.messages.send_many(items, rate_limit=200, concurrency=8) as result,
    ):
        assert result.succeeded_count == 30
    assert result.requests == sum(create_requests(mock).values()) == 30


def test_stop_on_error_stops_sending_and_reports_it(mock: Any) -> None:
    to = numbers(fresh_prefix(), 200)
    items = [{"to": n, "from": SENDER, "body": "stop test"} for n in to]
    items[3] = {"to": to[3], "from": SENDER}  # invalid: no content
    with (
        client_for(mock) as client,
        client.messages.send_many(items, stop_on_error=True, concurrency=2) as result,
    ):
        assert result.stopped and not result.ok
        assert result.failed_count == 1
        assert result.succeeded_count < 200
        sent = sum(stored(mock).values())
        assert sent == result.succeeded_count


def test_a_temporary_journal_is_removed_when_the_result_is_closed(mock: Any) -> None:
    with client_for(mock) as client:
        result = client.messages.send_many(
            [{"to": fresh_prefix() + "0001", "from": SENDER, "body": "tmp"}]
        )
    assert result.journal_path is None
    path = result._journal.path
    assert path.exists()
    result.close()
    assert not path.exists()


def test_a_failing_progress_callback_does_not_stop_the_run(
    mock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(progress: BulkProgress) -> None:
        raise RuntimeError("display went away")

    items = [{"to": n, "from": SENDER, "body": "cb"} for n in numbers(fresh_prefix(), 20)]
    with client_for(mock) as client, client.messages.send_many(items, on_progress=broken) as result:
        assert result.succeeded_count == 20
    assert "on_progress failed" in caplog.text


def test_items_whose_fate_cannot_be_checked_are_never_resent_blindly(
    mock: Any, tmp_path: Path
) -> None:
    to = numbers(fresh_prefix(), 3)
    items = [{"to": n, "from": SENDER, "body": f"unsure {n}"} for n in to]
    journal = tmp_path / "run.journal"
    _write_intents(journal, items, time.time() - 2, mock)
    with client_for(mock) as client:
        client.messages.create(to=to[0], from_=SENDER, body=f"unsure {to[0]}")
    # The server answers nothing but 503: nothing can be proven, so nothing is sent.
    mock.set_faults("503=1")
    try:
        with (
            Client(mock.account_sid, mock.auth_token, base_url=mock.url, max_retries=0) as down,
            down.messages.send_many(items, journal=journal) as result,
        ):
            assert result.failed_count == 3 and result.succeeded_count == 0
            assert all(isinstance(f.error, OutcomeUnknownError) for f in result.failed)
    finally:
        mock.set_faults("")
    # Once it can be listed again, the next run settles them: one found, two sent.
    with client_for(mock) as client, client.messages.send_many(items, journal=journal) as result:
        assert result.succeeded_count == 3 and result.reconciled_count == 1
    assert stored(mock) == {(n, f"unsure {n}"): 1 for n in to}


def test_writes_spread_over_small_pools_only_for_a_client_that_owns_its_pool(mock: Any) -> None:
    import httpx

    from sendwire.bulk.send import send_many as engine_send_many
    from sendwire.bulk.target import LANE_CONNECTIONS, ClientTarget

    items = [{"to": n, "from": SENDER, "body": "lanes"} for n in numbers(fresh_prefix(), 64)]

    async def run(own_pool: bool) -> tuple[int, bool]:
        http = httpx.AsyncClient() if own_pool else None
        async with AsyncClient(
            mock.account_sid, mock.auth_token, base_url=mock.url, http_client=http
        ) as client:
            async with ClientTarget(client.messages, concurrency=16) as target:
                (await engine_send_many(target, items, RunOptions(concurrency=16))).close()
                lanes = list(target._lanes)
            extra_closed = all(lane._http.is_closed for lane in lanes[1:])
        if http is not None:
            await http.aclose()
        return len(lanes), extra_closed

    count, closed = asyncio.run(run(own_pool=False))
    assert 1 <= count <= 16 // LANE_CONNECTIONS and closed
    assert asyncio.run(run(own_pool=True)) == (1, True)  # the caller's pool is used as it is
    assert sum(stored(mock).values()) == 128
