"""The journal on its own: what it keeps, what it refuses, what survives a reopen."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from sendwire.bulk.codec import decode_request, encode_request, fingerprint, normalize_request
from sendwire.bulk.errors import JournalError, JournalMismatchError
from sendwire.bulk.journal import (
    ErrorInfo,
    FailedOutcome,
    Intent,
    ItemState,
    Journal,
    JournalKind,
    SentOutcome,
    UnknownOutcome,
    check_fingerprint,
    remove_journal_files,
)


def _intent(index: int, body: str = "hi") -> Intent:
    request = encode_request({"to": f"+1555000{index:04d}", "from_": "+15550001111", "body": body})
    return Intent(index, fingerprint(request), request, f"+1555000{index:04d}", 1000.0 + index)


def test_intents_and_outcomes_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "run.journal"
    journal = Journal.open(path, JournalKind.SEND)
    journal.write_intents([_intent(i) for i in range(4)])
    journal.record_outcomes(
        [
            SentOutcome(0, "SM" + "0" * 32, {"sid": "SM" + "0" * 32}),
            FailedOutcome(1, ErrorInfo("BadRequestError", "bad To", 400, 21211), retryable=False),
            UnknownOutcome(2, ErrorInfo("TransportError", "reset")),
        ]
    )
    journal.close()

    reopened = Journal.open(path, JournalKind.SEND)
    records = reopened.records(0, 10)
    assert {i: r.state for i, r in records.items()} == {
        0: ItemState.SENT,
        1: ItemState.FAILED,
        2: ItemState.UNKNOWN,
        3: ItemState.INTENT,
    }
    assert [p.index for p in reopened.pending()] == [2, 3]
    assert reopened.known_sids(["SM" + "0" * 32, "SM" + "1" * 32]) == {"SM" + "0" * 32}
    failed = list(reopened.entries([ItemState.FAILED]))
    assert failed[0].error == ErrorInfo("BadRequestError", "bad To", 400, 21211)
    reopened.close()


def test_a_sid_is_given_to_one_item_only(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j", JournalKind.SEND)
    journal.write_intents([_intent(0), _intent(1)])
    sid = "SM" + "a" * 32
    journal.record_outcomes([SentOutcome(0, sid, None)])
    with pytest.raises(sqlite3.IntegrityError):
        journal.record_outcomes([SentOutcome(1, sid, None)])
    journal.close()


def test_absent_items_leave_reconciliation_and_can_be_claimed_again(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j", JournalKind.SEND)
    journal.write_intents([_intent(0), _intent(1)])
    journal.mark_absent([1])
    assert [p.index for p in journal.pending()] == [0]
    journal.write_intents([_intent(1)])
    assert [p.index for p in journal.pending()] == [0, 1]
    journal.close()


def test_a_journal_refuses_another_kind_of_run_or_other_filters(tmp_path: Path) -> None:
    path = tmp_path / "j"
    Journal.open(path, JournalKind.REDACT, context="to=+1555").close()
    with pytest.raises(JournalMismatchError, match="bulk redact run"):
        Journal.open(path, JournalKind.SEND)
    with pytest.raises(JournalMismatchError, match="other filters, account or server"):
        Journal.open(path, JournalKind.REDACT, context="to=+1666")
    Journal.open(path, JournalKind.REDACT, context="to=+1555").close()


def test_a_file_that_is_not_a_journal_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("to,body\n" * 200)
    with pytest.raises(JournalError, match="not a journal"):
        Journal.open(path, JournalKind.SEND)


def test_fingerprints_tell_items_apart() -> None:
    journal_item = _intent(3)
    record_fp = journal_item.fingerprint
    same = fingerprint(encode_request(decode_request(journal_item.request)))
    assert same == record_fp
    other = fingerprint(encode_request({**decode_request(journal_item.request), "body": "x"}))
    assert other != record_fp

    from sendwire.bulk.journal import ItemRecord

    record = ItemRecord(3, record_fp, ItemState.SENT, False)
    check_fingerprint(record, same)
    with pytest.raises(JournalMismatchError, match="item 3"):
        check_fingerprint(record, other)


def test_requests_round_trip_with_dates_and_from_spellings() -> None:
    when = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    request = normalize_request(
        {"to": "+1555", "from": "+1666", "send_at": when, "media_url": ["https://a", "https://b"]}
    )
    assert request["from_"] == "+1666" and "from" not in request
    assert decode_request(encode_request(request)) == request
    with pytest.raises(ValueError, match="both"):
        normalize_request({"from": "+1", "from_": "+2"})


def test_sweep_rows_are_keyed_by_target_sid(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j", JournalKind.DELETE)
    sid_a, sid_b = "SM" + "a" * 32, "SM" + "b" * 32
    journal.record_sweep(
        [
            (sid_a, encode_request({"sid": sid_a}), SentOutcome(0, sid_a, None)),
            (
                sid_b,
                encode_request({"sid": sid_b}),
                FailedOutcome(0, ErrorInfo("ServerError", "boom", 503), retryable=True),
            ),
        ]
    )
    assert journal.sweep_done([sid_a, sid_b]) == {sid_a}
    journal.record_sweep([(sid_b, encode_request({"sid": sid_b}), SentOutcome(0, sid_b, None))])
    assert journal.sweep_done([sid_a, sid_b]) == {sid_a, sid_b}
    assert journal.count([ItemState.SENT]) == 2
    journal.close()


def test_removing_a_journal_removes_its_side_files(tmp_path: Path) -> None:
    path = tmp_path / "j"
    journal = Journal.open(path, JournalKind.SEND)
    journal.write_intents([_intent(0)])
    journal.close()
    remove_journal_files(path)
    assert list(tmp_path.iterdir()) == []
