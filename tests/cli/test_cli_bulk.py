"""`sendwire bulk send|redact|delete` in-process against the mock: rows, results, exit codes."""

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


def _stored(mock: Any) -> list[tuple[str, str, int]]:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        return sorted(
            (m.to or "", m.body or "", m.num_media or 0)
            for m in client.messages.list(page_size=1000)
        )


def _results(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_mixed_rows_send_the_good_ones_and_report_the_bad(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "campaign.csv",
        ["to", "name", "media_url", "MaxPrice"],
        [
            ["+15550100001", "Ann", "", ""],
            ["+15550100002", "Bob", "https://e.com/a.jpg | https://e.com/b.jpg", "0.5"],
            ["+15550100003", "Cy", "notaurl", ""],  # the server refuses the media URL
            ["", "Nobody", "", ""],  # no recipient
            ["+15550100005", "Dee", "", "cheap"],  # max_price is not a number
        ],
    )
    outcome = run(
        capsys,
        "bulk",
        "send",
        str(source),
        "--from",
        SENDER,
        "--body",
        "Hello {name}",
        "--no-progress",
    )
    assert outcome.status == 1, outcome.err
    assert "2 sent now, 3 failed, 0 unknown" in outcome.out
    assert _stored(env) == [("+15550100001", "Hello Ann", 0), ("+15550100002", "Hello Bob", 2)]
    rows = _results(tmp_path / "campaign.results.csv")
    assert [r["index"] for r in rows] == ["0", "1", "2", "3", "4"]
    assert rows[0]["sid"].startswith("SM") and rows[1]["sid"].startswith("MM")
    assert rows[0]["to"] == "+15550100001" and rows[0]["error_code"] == ""
    assert rows[2]["error_code"] == "21620" and rows[2]["sid"] == ""
    # Refused before sending, with the code and text the service gives for a missing To.
    assert rows[3]["error_code"] == "21604" and rows[3]["sid"] == ""
    assert "A 'To' phone number is required." in rows[3]["error_message"]
    assert "max_price" in rows[4]["error_message"]
    assert (tmp_path / "campaign.journal").exists()


def test_a_clean_run_exits_0_and_a_rerun_sends_nothing(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "ok.csv",
        ["To", "Body", "From"],
        [[f"+1555020{i:04d}", f"b{i}", SENDER] for i in range(25)],
    )
    results = tmp_path / "out" / "r.csv"
    results.parent.mkdir()
    first = run(
        capsys,
        "bulk",
        "send",
        str(source),
        "--results",
        str(results),
        "--concurrency",
        "4",
        "--rate",
        "1000",
    )
    assert first.status == 0 and "25 sent now, 0 failed, 0 unknown" in first.out
    second = run(capsys, "bulk", "send", str(source), "--results", str(results))
    assert second.status == 0 and second.out.startswith("Resuming")
    # Nothing was sent again, and the summary and its rate say so.
    assert "0 sent now, 25 done earlier (25 sent, 0 failed), 0 failed" in second.out
    assert "(0/s)" in second.out
    assert len(_stored(env)) == 25
    assert env.stats()["requests"]["CreateMessage"] == {"201": 25}
    assert len(_results(results)) == 25


def test_dry_run_checks_every_row_and_sends_nothing(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "check.csv",
        ["to", "body", "media_url"],
        [
            ["+15550300001", "fine", ""],
            ["+15550300002", "", ""],
            ["+15550300003", "x" * 1601, ""],
            ["+15550300004", "", " ".join(f"https://e.com/{i}.jpg" for i in range(11))],
        ],
    )
    outcome = run(capsys, "bulk", "send", str(source), "--from", SENDER, "--dry-run")
    assert outcome.status == 1
    assert "4 rows checked, 3 invalid" in outcome.out
    # File lines as a spreadsheet numbers them (the header is line 1), and the column.
    assert [line.split(":")[0] for line in outcome.out.splitlines()[:3]] == [
        'check.csv line 3, column "body" (B)',
        'check.csv line 4, column "body" (B)',
        'check.csv line 5, column "media_url" (C)',
    ]
    assert env.stats()["messages"] == 0
    assert "CreateMessage" not in env.stats()["requests"]
    assert not (tmp_path / "check.journal").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["bulk", "send", "missing.csv"], "cannot read"),
        (["bulk", "send", "nocolumn.csv"], "needs a 'to' column"),
        (["bulk", "send", "nocolumn.csv", "--body", "{nope}"], "no such column"),
        (["bulk", "send", "nocolumn.csv", "--concurrency", "0"], "at least 1"),
        (["bulk", "delete"], "at least one filter"),
        (["bulk", "redact", "--date-sent", "soon"], "date"),
    ],
)
def test_usage_errors_exit_2(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    write_csv(tmp_path / "nocolumn.csv", ["phone", "body"], [["+15550400001", "x"]])
    outcome = run(capsys, *argv)
    assert outcome.status == 2
    assert message in outcome.err
    assert "CreateMessage" not in env.stats()["requests"]


def test_a_changed_file_is_refused_with_its_journal(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path / "c.csv", ["to", "body"], [["+15550500001", "one"]])
    assert run(capsys, "bulk", "send", str(source), "--from", SENDER).status == 0
    write_csv(source, ["to", "body"], [["+15550500001", "changed"]])
    outcome = run(capsys, "bulk", "send", str(source), "--from", SENDER)
    assert outcome.status == 2 and "c.journal" in outcome.err
    assert len(_stored(env)) == 1


def test_bulk_redact_and_delete_with_date_filters(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path / "s.csv", ["to", "body"], [[f"+1555060{i:04d}", "secret"] for i in range(6)]
    )
    assert run(capsys, "bulk", "send", str(source), "--from", SENDER).status == 0
    today = env.clock()
    env.advance(5 * 86400)
    assert (
        run(capsys, "send", "--to", "+15550609999", "--from", SENDER, "--body", "newer").status == 0
    )
    day = _sent_day(env, "+15550600000")
    redact = run(capsys, "bulk", "redact", "--date-sent-before", day, "--no-progress", "--yes")
    assert redact.status == 0 and "6 redacted now, 0 failed" in redact.out, (redact, today)
    assert [body for _, body, _ in _stored(env)].count("") == 6
    delete = run(capsys, "bulk", "delete", "--date-sent", day, "--results", "gone.csv", "--yes")
    assert delete.status == 0 and "6 deleted now" in delete.out
    assert _stored(env) == [("+15550609999", "newer", 0)]
    assert {r["to"] for r in _results(tmp_path / "gone.csv")} == {
        f"+1555060{i:04d}" for i in range(6)
    }


def _sent_day(mock: Any, to: str) -> str:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        message = next(iter(client.messages.list(to=to)))
    assert message.date_sent is not None
    return message.date_sent.date().isoformat()


# Rows of every kind the spec can describe, in the API's own column names.
_PARITY_COLUMNS = [
    "To", "From", "Body", "MediaUrl", "StatusCallback", "ValidityPeriod", "ApplicationSid",
    "ContentRetention", "MaxPrice", "SmartEncoded", "MessagingServiceSid", "SendAt",
]  # fmt: skip
_PARITY_ROWS = [
    ["+15550400001", SENDER, "fine", "", "", "", "", "", "", "", "", ""],
    ["not-a-number", SENDER, "bad to", "", "", "", "", "", "", "", "", ""],
    ["+15550400003", "not a sender!", "bad from", "", "", "", "", "", "", "", "", ""],
    ["+15550400004", SENDER, "bad media", "not a url", "", "", "", "", "", "", "", ""],
    ["+15550400005", SENDER, "bad callback", "", "no scheme", "", "", "", "", "", "", ""],
    ["+15550400006", SENDER, "validity", "", "", "0", "", "", "", "", "", ""],
    ["+15550400007", SENDER, "validity ok", "", "", "36000", "", "", "", "", "", ""],
    ["+15550400008", SENDER, "app sid", "", "", "", "AP123", "", "", "", "", ""],
    ["+15550400009", SENDER, "retention", "", "", "", "", "forever", "", "", "", ""],
    ["+15550400010", SENDER, "price", "", "", "", "", "", "cheap", "", "", ""],
    ["+15550400011", SENDER, "boolean", "", "", "", "", "", "", "maybe", "", ""],
    ["+15550400012", "", "no sender", "", "", "", "", "", "", "", "", ""],
    ["+15550400013", SENDER, "", "", "", "", "", "", "", "", "", ""],
    ["+15550400014", SENDER, "x" * 1601, "", "", "", "", "", "", "", "", ""],
    ["+15550400015", "", "service", "", "", "", "", "", "", "", "MG" + "a" * 32, ""],
    ["+15550400016", "", "bad service", "", "", "", "", "", "", "", "MG123", ""],
    ["+15550400017", SENDER, "send at", "", "", "", "", "", "", "", "", "tomorrow"],
    ["+15550400018", SENDER, "many media", " ".join(f"https://e.com/{i}" for i in range(11)),
     "", "", "", "", "", "", "", ""],
    ["+15550400019", SENDER, "ok media", "https://e.com/a.png", "https://e.com/cb",
     "", "", "discard", "0.5", "true", "", "2030-01-01T00:00:00Z"],
]  # fmt: skip


def test_dry_run_flags_exactly_the_rows_the_mock_refuses(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import httpx

    source = write_csv(tmp_path / "parity.csv", _PARITY_COLUMNS, _PARITY_ROWS)
    outcome = run(capsys, "bulk", "send", str(source), "--dry-run")
    # "parity.csv line N, column ...": data row N - 2 (the header is line 1).
    flagged = {
        int(line.split(":")[0].split(",")[0].split()[2]) - 2
        for line in outcome.out.splitlines()
        if line.startswith("parity.csv line ")
    }
    refused = set()
    for index, row in enumerate(_PARITY_ROWS):
        form: dict[str, list[str]] = {}
        for name, cell in zip(_PARITY_COLUMNS, row, strict=True):
            if cell == "":
                continue
            values = cell.split(" ") if name == "MediaUrl" and cell.startswith("http") else [cell]
            form[name] = values
        answer = httpx.post(
            f"{env.url}/2010-04-01/Accounts/{env.account_sid}/Messages.json",
            data=form,
            auth=(env.account_sid, env.auth_token),
        )
        assert answer.status_code in (201, 400), answer.text
        if answer.status_code == 400:
            refused.add(index)
    assert refused, "the mix must hold rows the mock refuses"
    assert flagged == refused
