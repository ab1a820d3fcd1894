"""Damaged files and messy spreadsheets: refused with one line and exit 2, nothing sent twice.

* Journals damaged, copied or swapped every way we could think of (emptied, cut short,
  garbled, replaced, of another kind or format, for another input, account or server, locked,
  copied without their write-ahead log after a crash, beside another database's log) are
  refused before a single request; a crash copy made with its log resumes, each row once.
* CSV files people make (unterminated quotes, duplicate columns, huge cells, Latin-1, UTF-16,
  NUL characters, stray cells, broken templates) are refused before anything is sent, naming
  the file and the line, even when the fault is on the last line.
* CSV written for people (results files, `list --csv`, `get --csv`) never holds a cell a
  spreadsheet would run as a formula; `--json` keeps the raw text.
* A full disk (a real file-size limit on the process, and an injected ENOSPC) and an
  unwritable results path give a one-line reason and exit 2, never a traceback.
"""

from __future__ import annotations

import csv
import errno
import fcntl
import io
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from reliability_helpers import SENDER

from sendwire import Client
from sendwire.bulk.journal import Journal, JournalKind
from sendwire.cli import main
from sendwire.cli.spreadsheet import safe_cell
from sendwire.testing import MockServer

# -- running the command ----------------------------------------------------------------------


@attrs.frozen
class Outcome:
    status: int
    out: str
    err: str


@pytest.fixture
def cli(
    mock: MockServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Outcome]:
    """`sendwire ARGV...` in this process, against the mock."""
    for name, value in _env(mock).items():
        monkeypatch.setenv(name, value)
    for name in ("TWILIO_API_KEY", "TWILIO_API_SECRET"):
        monkeypatch.delenv(name, raising=False)

    def run(*argv: str) -> Outcome:
        try:
            status = main(list(argv))
        except SystemExit as exit_:
            status = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return run


def _env(mock: MockServer) -> dict[str, str]:
    return {
        "TWILIO_ACCOUNT_SID": mock.account_sid,
        "TWILIO_AUTH_TOKEN": mock.auth_token,
        "SENDWIRE_BASE_URL": mock.url,
    }


def _child(argv: list[str], mock: MockServer, cwd: Path, **popen: Any) -> subprocess.Popen[str]:
    env = {**os.environ, **_env(mock), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "sendwire", *argv],
        cwd=cwd,
        env=env,
        text=True,
        stdout=popen.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        **popen,
    )


def assert_refused(outcome: Outcome, *words: str) -> None:
    """Exit 2 with one line on stderr saying why, and no traceback."""
    assert outcome.status == 2, outcome
    assert "Traceback" not in outcome.err + outcome.out
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sendwire: error: "), outcome.err
    for word in words:
        assert word in lines[0], (word, lines[0])


def stored(mock: MockServer) -> int:
    return int(mock.stats()["messages"])


def campaign(path: Path, rows: int, tag: str = "row") -> list[tuple[str, str]]:
    wanted = [(f"+1555{800000 + i:07d}", f"{tag} {i}") for i in range(rows)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["to", "body"])
        writer.writerows(wanted)
    return wanted


def stored_rows(mock: MockServer) -> Counter[tuple[str, str]]:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        return Counter((m.to or "", m.body or "") for m in client.messages.list(page_size=1000))


# -- journals damaged after a finished run ------------------------------------------------------


def _rewrite_sqlite(path: Path, statement: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(statement)
    db.close()


def _plain_sqlite(path: Path, tables: bool) -> None:
    path.unlink()
    db = sqlite3.connect(path, isolation_level=None)
    if tables:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('hello')")
    else:
        db.execute("PRAGMA user_version=7")  # a SQLite header, no tables
    db.close()


def _garble(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    data = bytearray(path.read_bytes())
    start = 4096 + rng.randrange(0, max(1, len(data) - 8192))
    data[start : start + 4096] = rng.randbytes(min(4096, len(data) - start))
    path.write_bytes(bytes(data))


def _other_kind(path: Path) -> None:
    path.unlink()
    Journal.open(path, JournalKind.REDACT).close()


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _junk_beside(suffix: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        path.with_name(path.name + suffix).write_bytes(b"\x00not a log\x00" * 100)

    return damage


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated to 0 bytes": (lambda p: p.write_bytes(b""), "no recorded run"),
    "cut to half": (lambda p: os.truncate(p, p.stat().st_size // 2), "refusing the journal"),
    "cut to 100 bytes": (lambda p: os.truncate(p, 100), "refusing the journal"),
    "garbled page": (lambda p: _garble(p, 7), "refusing the journal"),
    "replaced by text": (lambda p: p.write_text("to,body\n" * 300), "not a SQLite database"),
    "SQLite without tables": (lambda p: _plain_sqlite(p, False), "no recorded run"),
    "another SQLite database": (lambda p: _plain_sqlite(p, True), "not a bulk journal"),
    "newer format": (
        lambda p: _rewrite_sqlite(p, "UPDATE meta SET value='99' WHERE key='format'"),
        "format '99'",
    ),
    "older format": (
        lambda p: _rewrite_sqlite(p, "UPDATE meta SET value='1' WHERE key='format'"),
        "format '1'",
    ),
    "unknown item state": (
        lambda p: _rewrite_sqlite(p, "UPDATE items SET state='maybe' WHERE idx=1"),
        "no known state",
    ),
    "a journal of another kind": (_other_kind, "bulk redact run"),
    "a garbage -wal beside it": (_junk_beside("-wal"), "-wal"),
    "a rollback -journal beside it": (_junk_beside("-journal"), "-journal"),
    "a directory": (_directory, "directory"),
}


@pytest.fixture
def finished(
    cli: Callable[..., Outcome], mock: MockServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A 6-row campaign sent to the end; returns its journal."""
    monkeypatch.chdir(tmp_path)
    campaign(tmp_path / "rows.csv", 6)
    first = cli("bulk", "send", "rows.csv", "--from", SENDER, "--no-progress")
    assert first.status == 0, first
    assert stored(mock) == 6
    return tmp_path / "rows.journal"


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_or_swapped_journal_is_refused_and_nothing_is_sent(
    damage: str, finished: Path, cli: Callable[..., Outcome], mock: MockServer
) -> None:
    spoil, words = DAMAGE[damage]
    spoil(finished)
    before = _files(finished.parent)
    again = cli("bulk", "send", "rows.csv", "--from", SENDER, "--no-progress")
    assert_refused(again, words)
    assert stored(mock) == 6
    assert _files(finished.parent) == before  # a refused journal is left as it was found


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(["--account-sid", "AC" + "1" * 32], id="other account"),
        pytest.param(["--base-url", "http://127.0.0.1:9"], id="other server"),
        pytest.param(["--body", "Changed: {body}"], id="other template"),
    ],
)
def test_a_journal_is_refused_for_another_account_server_or_template(
    change: list[str], finished: Path, cli: Callable[..., Outcome], mock: MockServer
) -> None:
    again = cli("bulk", "send", "rows.csv", "--from", SENDER, "--no-progress", *change)
    assert_refused(again, "rows.journal")
    assert stored(mock) == 6


def test_a_journal_is_refused_for_another_csv(
    finished: Path, cli: Callable[..., Outcome], mock: MockServer, tmp_path: Path
) -> None:
    campaign(tmp_path / "other.csv", 6, tag="other")
    again = cli(
        "bulk", "send", "other.csv", "--journal", "rows.journal", "--from", SENDER, "--no-progress"
    )
    assert_refused(again, "differs")
    assert stored(mock) == 6


def test_a_journal_held_by_another_run_is_refused(
    finished: Path, cli: Callable[..., Outcome], mock: MockServer
) -> None:
    descriptor = os.open(finished, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        again = cli("bulk", "send", "rows.csv", "--from", SENDER, "--no-progress")
    finally:
        os.close(descriptor)
    assert_refused(again, "in use by another bulk run")
    assert stored(mock) == 6


def test_a_stale_log_beside_a_missing_journal_is_refused(
    cli: Callable[..., Outcome], mock: MockServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    campaign(tmp_path / "rows.csv", 3)
    (tmp_path / "rows.journal-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 60)
    outcome = cli("bulk", "send", "rows.csv", "--from", SENDER, "--no-progress")
    assert_refused(outcome, "rows.journal-wal")
    assert stored(mock) == 0 and not (tmp_path / "rows.journal").exists()


# -- journals copied after a crash ---------------------------------------------------------------


def _killed_run(mock: MockServer, cwd: Path, name: str, rows: int, after: int) -> None:
    """`bulk send NAME.csv` as a child process, SIGKILLed once the mock stores ``after`` more."""
    campaign(cwd / f"{name}.csv", rows, tag=name)
    start = stored(mock)
    argv = ["bulk", "send", f"{name}.csv", "--from", SENDER, "--no-progress"]
    process = _child(argv, mock, cwd)
    deadline = time.monotonic() + 60
    while stored(mock) < start + after and process.poll() is None:
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.005)
    assert process.poll() is None, "the run finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert (cwd / f"{name}.journal-wal").exists(), "a crashed run leaves its write-ahead log"


def _copy(source: Path, target: Path, *, wal_from: Path | None) -> None:
    shutil.copyfile(source, target)
    if wal_from is not None:
        shutil.copyfile(wal_from.with_name(wal_from.name + "-wal"), f"{target}-wal")


def test_crash_copies_without_their_own_log_are_refused_and_with_it_resume_exactly_once(
    cli: Callable[..., Outcome], mock: MockServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _killed_run(mock, tmp_path, "a", 1500, after=150)
    _killed_run(mock, tmp_path, "b", 1500, after=150)
    a, b = tmp_path / "a.journal", tmp_path / "b.journal"
    before = stored(mock)

    def resume(journal: str) -> Outcome:
        return cli("bulk", "send", "a.csv", "--journal", journal, "--from", SENDER, "--no-progress")

    _copy(a, tmp_path / "lost.journal", wal_from=None)
    assert_refused(resume("lost.journal"), "lost its write-ahead log")
    _copy(a, tmp_path / "swapped.journal", wal_from=b)
    assert_refused(resume("swapped.journal"), "belongs to another journal")
    # A log beside a journal that was closed cleanly is never its own.
    finished_a = tmp_path / "closed.journal"
    Journal.open(finished_a, JournalKind.SEND).close()
    shutil.copyfile(f"{a}-wal", f"{finished_a}-wal")
    assert_refused(resume("closed.journal"), "closed cleanly")
    # The copy's own log in place: also refused for another account, and not consumed by it.
    _copy(a, tmp_path / "copy.journal", wal_from=a)
    other = cli(
        "bulk", "send", "a.csv", "--journal", "copy.journal", "--from", SENDER,
        "--account-sid", "AC" + "2" * 32, "--no-progress",
    )  # fmt: skip
    assert_refused(other, "other filters, account or server")
    assert stored(mock) == before
    assert not (tmp_path / "copy.journal-shm").exists()
    # Made with its own log, the copy resumes the crashed run: every row exactly once.
    done = resume("copy.journal")
    assert done.status == 0, done
    assert "Resuming 1500 rows" in done.out
    rows = stored_rows(mock)
    assert all(rows[(f"+1555{800000 + i:07d}", f"a {i}")] == 1 for i in range(1500)), [
        key for key, count in rows.items() if count != 1
    ]


# -- CSV in strictly -------------------------------------------------------------------------


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


GOOD_ROWS = "".join(f"+1555867{i:04d},fine {i}\n" for i in range(5))

BAD_CSV: dict[str, tuple[bytes | str, list[str], str]] = {
    # name: (file content, extra arguments, words the refusal must hold)
    "unterminated quote": ('to,body\n+15558675310,"first row\n' + GOOD_ROWS, [], "line 2"),
    "unterminated quote on the last line": (
        "to,body\n" + GOOD_ROWS + '+15558670099,"never closed\n',
        [],
        "line 7",
    ),
    "text after a closing quote": (
        "to,body\n" + GOOD_ROWS + '+15558670099,"quoted"tail\n',
        [],
        "line 7",
    ),
    "to,body,to": ("to,body,to\n+15558675310,x,+15558675311\n", [], "same column"),
    "to,To": ("to,To,body\n+15558675310,+15558675311,x\n", [], "same column"),
    " to ,TO (spaces)": (" to ,body,TO\n+15558675310,x,+1\n", [], "same column"),
    "from,From_ (one field)": (
        "to,from,From_,body\n+15558675310,+15017122661,+15017122662,x\n",
        [],
        "same column",
    ),
    "media_url,MediaUrl": (
        "to,media_url,MediaUrl\n+15558675310,https://e.com/a,https://e.com/b\n",
        [],
        "same column",
    ),
    "name,name for the template": (
        "to,name,name\n+15558675310,Ann,Bob\n",
        ["--body", "Hi {name}"],
        "same column",
    ),
    "Name,NAME for the template": (
        "to,Name,NAME\n+15558675310,Ann,Bob\n",
        ["--body", "Hi {Name}"],
        "same column",
    ),
    "a 70,000-character cell": (
        "to,body\n" + GOOD_ROWS + "+15558670099," + "x" * 70_000 + "\n",
        [],
        "line 7",
    ),
    "a 10 MB cell": ("to,body\n+15558670099," + "y" * 10_000_000 + "\n", [], "line 2"),
    "a 10 MB quoted cell": ('to,body\n+15558670099,"' + "z" * 10_000_000 + '"\n', [], "line 2"),
    "Latin-1 bytes": (b"to,body\n" + GOOD_ROWS.encode() + b"+15558670099,caf\xe9\n", [], "line 7"),
    "Windows-1252 quotes": (b"to,body\n+15558670099,\x93hi\x94\n", [], "line 2"),
    "UTF-16 with a BOM": ("to,body\n+15558670099,x\n".encode("utf-16"), [], "UTF-16"),
    "UTF-16 without a BOM": ("to,body\n+15558670099,x\n".encode("utf-16-le"), [], "NUL"),
    "a NUL character": ("to,body\n" + GOOD_ROWS + "+15558670099,a\x00b\n", [], "line 7"),
    "more cells than columns": (
        "to,body\n" + GOOD_ROWS + "+15558670099,one,two\n",
        [],
        "line 7",
    ),
    "{} template": ("to,name\n+15558675310,Ann\n", ["--body", "Hi {}"], "--body"),
    "{0} template": ("to,name\n+15558675310,Ann\n", ["--body", "Hi {0}"], "--body"),
    "attribute in template": (
        "to,name\n+15558675310,Ann\n",
        ["--body", "Hi {name.__class__}"],
        "--body",
    ),
    "index in template": ("to,name\n+15558675310,Ann\n", ["--body", "Hi {name[0]}"], "--body"),
    "unclosed brace": ("to,name\n+15558675310,Ann\n", ["--body", "Hi {name"], "--body"),
    "lone closing brace": ("to,name\n+15558675310,Ann\n", ["--body", "Hi name}"], "--body"),
    "bad conversion": ("to,name\n+15558675310,Ann\n", ["--body", "Hi {name!x}"], "--body"),
    "bad format spec": ("to,name\n+15558675310,Ann\n", ["--body", "Hi {name:d}"], "--body"),
    "nested placeholder": (
        "to,name,w\n+15558675310,Ann,5\n",
        ["--body", "Hi {name:{w}}"],
        "--body",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CSV))
@pytest.mark.parametrize("dry_run", [False, True], ids=["send", "dry-run"])
def test_a_messy_csv_is_refused_before_anything_is_sent(
    case: str,
    dry_run: bool,
    cli: Callable[..., Outcome],
    mock: MockServer,
    tmp_path: Path,
) -> None:
    content, extra, words = BAD_CSV[case]
    source = _write(tmp_path / "messy.csv", content)
    outcome = cli(
        "bulk", "send", str(source), "--from", SENDER, "--no-progress", *extra,
        *(["--dry-run"] if dry_run else []),
    )  # fmt: skip
    assert_refused(outcome, words)
    if "--body" not in words:
        assert "messy.csv" in outcome.err
    assert stored(mock) == 0
    assert not (tmp_path / "messy.journal").exists()


def test_a_utf8_bom_blank_lines_and_multi_line_cells_are_read_as_meant(
    cli: Callable[..., Outcome], mock: MockServer, tmp_path: Path
) -> None:
    source = _write(
        tmp_path / "fine.csv",
        '\ufeffto,Body\n+15558670001,"two\nlines"\n\n,\n+15558670002,"say ""hi"""\n\n',
    )
    outcome = cli("bulk", "send", str(source), "--from", SENDER, "--no-progress")
    assert outcome.status == 0, outcome
    assert stored_rows(mock) == Counter(
        {("+15558670001", "two\nlines"): 1, ("+15558670002", 'say "hi"'): 1}
    )


# -- CSV written for people ----------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("https://evil.example","click")',
    "=1+2",
    "+1+2",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "\n=1+2",
    "   =1+2",
    "\u00a0=1+2",
    "\uff1d1+2",
    "\uff0b1+2",
    "\uff0d1+2",
    "\uff20SUM(1)",
    "+",
    "-",
    "+1 555 867 5310",
    "+15558675310=1",
]
PLAIN = ["hello", "+15558675310", "whatsapp:+15558675310", "a=b", "1-2", "", "'=already"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_cell_is_neutralised(text: str) -> None:
    cell = safe_cell(text)
    assert cell == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_cells_and_e164_numbers_stay_as_they_are(text: str) -> None:
    assert safe_cell(text) == text


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _no_formulas(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for value in row.values():
            visible = value.lstrip()
            assert not (value[:1] in "\t\r\n" and value) and not (
                visible
                and visible[0] in "=+-@\uff1d\uff0b\uff0d\uff20"
                and safe_cell(value) != value
            ), row


@pytest.fixture
def hostile_messages(mock: MockServer) -> list[str]:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        return [
            client.messages.create(to="+15558675310", from_=SENDER, body=body).sid
            for body in FORMULAS
            if body.strip()
        ]


def test_list_and_get_csv_neutralise_formulas_and_json_keeps_the_raw_text(
    hostile_messages: list[str], cli: Callable[..., Outcome]
) -> None:
    listing = cli("list", "--csv", "--limit", "0")
    assert listing.status == 0, listing
    rows = _read_csv(listing.out)
    assert len(rows) == len(hostile_messages)
    bodies = {row["body"] for row in rows}
    assert all(body.startswith("'") for body in bodies), bodies
    assert {row["to"] for row in rows} == {"+15558675310"}
    assert {row["from"] for row in rows} == {SENDER}
    _no_formulas(rows)
    raw = json.loads(cli("list", "--json", "--limit", "0").out)
    assert sorted(item["body"] for item in raw) == sorted(b for b in FORMULAS if b.strip())
    for sid in hostile_messages[:4]:
        one = cli("get", sid, "--csv")
        assert one.status == 0, one
        (row,) = _read_csv(one.out)
        assert row["sid"] == sid and row["body"].startswith("'") and row["to"] == "+15558675310"
        assert json.loads(cli("get", sid, "--json").out)["body"] == row["body"][1:]


def test_the_results_file_neutralises_formulas(
    cli: Callable[..., Outcome], mock: MockServer, tmp_path: Path
) -> None:
    rows = [["=1+2", "refused recipient"], ["+15558670001", "@SUM(1)"], ["-3+4", "x"]]
    source = tmp_path / "inj.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["to", "body"])
        writer.writerows(rows)
    outcome = cli("bulk", "send", str(source), "--from", SENDER, "--no-progress")
    assert outcome.status == 1, outcome
    results = _read_csv((tmp_path / "inj.results.csv").read_text(encoding="utf-8"))
    assert [r["to"] for r in results] == ["'=1+2", "+15558670001", "'-3+4"]
    _no_formulas(results)


# -- every documented exit status holds ----------------------------------------------------------


def test_an_unwritable_results_path_exits_2_with_one_line(
    cli: Callable[..., Outcome], mock: MockServer, tmp_path: Path
) -> None:
    campaign(tmp_path / "rows.csv", 2)
    for target in (tmp_path / "no" / "such" / "dir" / "r.csv", tmp_path):
        outcome = cli(
            "bulk", "send", str(tmp_path / "rows.csv"), "--results", str(target),
            "--from", SENDER, "--no-progress",
        )  # fmt: skip
        assert_refused(outcome, "cannot write")
    assert stored(mock) == 2
    assert not list(tmp_path.glob("**/*.partial"))


def test_a_full_disk_while_writing_results_exits_2_with_one_line(
    cli: Callable[..., Outcome],
    mock: MockServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sendwire.cli import resultsfile

    class FullDisk:
        def writerow(self, row: Any) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(resultsfile, "people_writer", lambda handle: FullDisk())
    campaign(tmp_path / "rows.csv", 2)
    outcome = cli("bulk", "send", str(tmp_path / "rows.csv"), "--from", SENDER, "--no-progress")
    assert_refused(outcome, "No space left on device")
    assert not list(tmp_path.glob("*.partial"))


def test_a_full_stdout_exits_2_with_one_line(mock: MockServer, tmp_path: Path) -> None:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        for i in range(30):
            client.messages.create(to="+15558675310", from_=SENDER, body=f"m{i}" * 200)
    with open("/dev/full", "w") as full:
        process = _child(["list", "--csv", "--limit", "0"], mock, tmp_path, stdout=full)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "No space left on device" in err


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("limit_kib", [160, 288])
def test_a_disk_that_fills_up_mid_run_exits_2_and_the_rerun_sends_each_row_once(
    limit_kib: int, mock: MockServer, tmp_path: Path
) -> None:
    wanted = campaign(tmp_path / "big.csv", 1500)
    argv = ["bulk", "send", "big.csv", "--from", SENDER, "--no-progress"]
    process = _child(argv, mock, tmp_path, preexec_fn=_file_size_limit(limit_kib * 1024))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2, (out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "big.journal" in err
    assert stored(mock) < 1500
    rerun = _child(argv, mock, tmp_path)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, (out, err)
    assert stored_rows(mock) == Counter(wanted)
