"""`bulk send` as a campaign is run: fix the failed rows and run again, a failed-rows file to
send as a new input, honest output, blank lines and file lines; safe sweeps."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import SENDER, run, use_mock, write_csv

from sendwire import Client


@pytest.fixture
def env(mock: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    use_mock(monkeypatch, mock)
    monkeypatch.chdir(tmp_path)
    return mock


def _stored(mock: Any) -> list[tuple[str, str]]:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        return sorted((m.to or "", m.body or "") for m in client.messages.list(page_size=1000))


def _creates(mock: Any) -> dict[str, int]:
    counts: dict[str, int] = mock.stats()["requests"].get("CreateMessage", {})
    return counts


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _campaign(rows: int) -> list[list[str]]:
    return [[f"+1555031{i:04d}", f"Customer {i}", f"code {i}"] for i in range(rows)]


def test_fix_the_failed_rows_and_run_the_same_command_again(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _campaign(50)
    rows[15][0] = "John Smith"  # name and number swapped: file line 17
    rows[15][1] = "+15550310015"
    rows[40][0] = "12345"  # file line 42
    source = write_csv(tmp_path / "customers.csv", ["to", "name", "code"], rows)
    argv = ["bulk", "send", str(source), "--from", SENDER, "--body", "Hi {name}: {code}"]
    first = run(capsys, *argv)
    assert first.status == 1
    assert "48 sent now, 2 failed, 0 unknown" in first.out
    # Each failure is named by the line and column a spreadsheet shows.
    assert 'customers.csv line 17, column "to" (A)' in first.err and "21211" in first.err
    assert 'customers.csv line 42, column "to" (A)' in first.err
    failed = _read(tmp_path / "customers.failed.csv")
    assert [(r["to"], r["name"], r["error_code"]) for r in failed] == [
        ("John Smith", "+15550310015", "21211"),
        ("12345", "Customer 40", "21211"),
    ]
    assert all(r["error_message"] for r in failed)

    # Row 17 corrected in the CSV; the same command sends it, and only it.
    rows[15][0], rows[15][1] = "+15550310015", "John Smith"
    write_csv(source, ["to", "name", "code"], rows)
    second = run(capsys, *argv)
    assert second.status == 1  # line 42 still fails
    assert "1 sent now, 49 done earlier (48 sent, 1 failed), 0 failed, 0 unknown" in second.out
    assert _creates(env) == {"201": 49}
    assert ("+15550310015", "Hi John Smith: code 15") in _stored(env)
    assert [r["to"] for r in _read(tmp_path / "customers.failed.csv")] == ["12345"]

    # A row that was sent cannot be changed: refused, naming its line, nothing sent.
    rows[4][2] = "another code"
    write_csv(source, ["to", "name", "code"], rows)
    third = run(capsys, *argv)
    assert third.status == 2 and "customers.csv line 6:" in third.err
    assert "remove" in third.err and _creates(env) == {"201": 49}


def test_the_failed_rows_file_is_corrected_and_sent_as_a_new_input(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _campaign(6)
    rows[2][0] = "abc"
    rows[5][0] = "+1555"
    source = write_csv(tmp_path / "c.csv", ["to", "name", "code"], rows)
    assert run(capsys, "bulk", "send", str(source), "--from", SENDER, "--body", "{code}").status
    failed_file = tmp_path / "c.failed.csv"
    failed = _read(failed_file)
    assert list(failed[0]) == ["to", "name", "code", "error_code", "error_message"]
    for row in failed:
        row["to"] = {"abc": "+15550319902", "+1555": "+15550319905"}[row["to"]]
    with failed_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(failed[0]))
        writer.writeheader()
        writer.writerows(failed)
    again = run(capsys, "bulk", "send", str(failed_file), "--from", SENDER, "--body", "{code}")
    assert again.status == 0, again
    assert "2 sent now, 0 failed" in again.out and "error_code" not in again.err
    assert ("+15550319902", "code 2") in _stored(env) and ("+15550319905", "code 5") in _stored(env)
    assert _creates(env) == {"201": 6}
    # Its own failed-rows file has the same columns (not a second pair of error columns).
    assert _read(tmp_path / "c.failed.failed.csv") == []
    header = (tmp_path / "c.failed.failed.csv").read_text().splitlines()[0]
    assert header.count("error_code") == 1


def test_blank_lines_are_skipped_and_errors_name_the_file_line(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "gaps.csv"
    source.write_text(
        'to,body\n+15550320001,one\n\n,\n+15550320002,"two\nlines"\n\nnot a number,three\n'
    )
    dry = run(capsys, "bulk", "send", str(source), "--from", SENDER, "--dry-run")
    assert "3 rows checked, 1 invalid" in dry.out
    assert 'gaps.csv line 8, column "to" (A)' in dry.out
    sent = run(capsys, "bulk", "send", str(source), "--from", SENDER, "--no-progress")
    assert sent.status == 1 and "Sending 3 rows" in sent.out
    assert "2 sent now, 1 failed" in sent.out and "gaps.csv line 8" in sent.err
    assert _stored(env) == [("+15550320001", "one"), ("+15550320002", "two\nlines")]


def test_progress_lines_tell_this_run_from_earlier_ones(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "p.csv", ["to", "body"], [["+15550330001", "x"]] * 1)
    assert run(capsys, "bulk", "send", str(source), "--from", SENDER).status == 0
    again = run(capsys, "bulk", "send", str(source), "--from", SENDER)
    progress = [line for line in again.out.splitlines() if "ETA" in line]
    assert progress and "sent 0 now, 1 earlier" in progress[-1] and "0/s" in progress[-1]
    assert "Resuming 1 rows" in again.out and "begun " in again.out


def _messages(mock: Any, count: int, to: str) -> None:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        for i in range(count):
            client.messages.create(to=to, from_=SENDER, body=f"old {i}")


def _count(mock: Any, to: str) -> int:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        return len(list(client.messages.list(to=to)))


def test_a_sweep_counts_first_and_needs_yes_without_a_terminal(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _messages(env, 4, "+15550340001")
    _messages(env, 2, "+15550340002")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    dry = run(capsys, "bulk", "delete", "--to", "+15550340001", "--dry-run")
    assert dry.status == 0 and "4 message(s) match (to=+15550340001)" in dry.out
    assert "nothing was deleted" in dry.out and _count(env, "+15550340001") == 4
    unconfirmed = run(capsys, "bulk", "delete", "--to", "+15550340001")
    assert unconfirmed.status == 2 and "--yes" in unconfirmed.err
    assert _count(env, "+15550340001") == 4
    done = run(capsys, "bulk", "delete", "--to", "+15550340001", "--yes", "--no-progress")
    assert done.status == 0 and "4 deleted now" in done.out
    assert _count(env, "+15550340001") == 0 and _count(env, "+15550340002") == 2
    # The journal is named after the filters; running it again says when it began.
    assert (tmp_path / "sendwire-delete-to-15550340001.journal").exists()
    again = run(capsys, "bulk", "delete", "--to", "+15550340001", "--yes", "--no-progress")
    assert again.status == 0 and "Resuming bulk delete" in again.out and "begun " in again.out


@pytest.mark.parametrize(("answer", "deleted"), [("n", False), ("", False), ("y", True)])
def test_a_sweep_asks_on_a_terminal(
    answer: str,
    deleted: bool,
    env: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _messages(env, 3, "+15550350001")
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    outcome = run(capsys, "bulk", "redact", "--to", "+15550350001", "--no-progress")
    assert asked == ["Redact 3 message(s)? [y/N] "]
    with Client(env.account_sid, env.auth_token, base_url=env.url) as client:
        bodies = {m.body for m in client.messages.list(to="+15550350001")}
    if deleted:
        assert outcome.status == 0 and bodies == {""}
    else:
        assert outcome.status == 1 and "Cancelled" in outcome.out and "" not in bodies


def test_sweep_journal_names_are_readable_and_safe() -> None:
    from sendwire.cli.bulksweep import journal_stem

    assert journal_stem("delete", {}) == "sendwire-delete-all"
    assert (
        journal_stem("redact", {"to": "whatsapp:+15558675310", "date_sent": "2024-06-01"})
        == "sendwire-redact-date-sent-2024-06-01-to-whatsapp15558675310"
    )
    long = journal_stem("delete", {"from_": "x" * 500, "to": "../../etc"})
    assert len(long) <= 100 and "/" not in long
