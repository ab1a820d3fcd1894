"""`sendwire send|get|list|redact|cancel|delete|media list` against the mock."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import SENDER, run, use_mock

SERVICE = "MG" + "1" * 32


@pytest.fixture
def env(mock: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    use_mock(monkeypatch, mock)
    monkeypatch.chdir(tmp_path)  # the files a bulk command leaves stay in the test's folder
    return mock


def _send(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    outcome = run(capsys, "send", "--json", *extra)
    assert outcome.status == 0, outcome.err
    sent: dict[str, Any] = json.loads(outcome.out)
    return sent


def test_send_get_redact_delete(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    sent = _send(
        capsys,
        "--to",
        "+15558675310",
        "--from",
        SENDER,
        "--body",
        "Hi there",
        "--media-url",
        "https://example.com/a.jpg",
    )
    assert sent["sid"].startswith("MM") and sent["num_media"] == 1 and sent["from"] == SENDER
    shown = run(capsys, "get", sent["sid"])
    assert shown.status == 0 and "Hi there" in shown.out and sent["sid"] in shown.out
    media = run(capsys, "media", "list", sent["sid"], "--csv")
    rows = list(csv.DictReader(io.StringIO(media.out)))
    assert len(rows) == 1 and rows[0]["sid"].startswith("ME")
    redacted = run(capsys, "redact", sent["sid"], "--json")
    assert json.loads(redacted.out)["body"] == ""
    assert run(capsys, "delete", sent["sid"]).out.strip() == f"deleted {sent['sid']}"
    gone = run(capsys, "get", sent["sid"])
    assert gone.status == 1 and "20404" in gone.err


def test_cancel_a_scheduled_message(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    sent = _send(
        capsys,
        "--to",
        "+15558675311",
        "--messaging-service-sid",
        SERVICE,
        "--body",
        "later",
        "--field",
        "schedule_type=fixed",
        "--field",
        "send_at=2031-01-01T10:00:00Z",
    )
    assert sent["status"] == "scheduled"
    canceled = run(capsys, "cancel", sent["sid"], "--json")
    assert canceled.status == 0 and json.loads(canceled.out)["status"] == "canceled"


def test_list_filters_limit_and_formats(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(3):
        _send(capsys, "--to", "+15550001000", "--from", SENDER, "--body", f"to A {i}")
    _send(capsys, "--to", "+15550002000", "--from", SENDER, "--body", "to B")
    table = run(capsys, "list", "--to", "+15550001000")
    lines = table.out.splitlines()
    assert lines[0].split()[:3] == ["SID", "DATE_SENT", "STATUS"]
    assert len(lines) == 4 and all("+15550001000" in line for line in lines[1:])
    as_json = json.loads(run(capsys, "list", "--to", "+15550001000", "--limit", "2", "--json").out)
    assert [m["body"] for m in as_json] == ["to A 2", "to A 1"]
    as_csv = list(
        csv.DictReader(
            io.StringIO(
                run(capsys, "list", "--csv", "--limit", "0", "--date-sent-after", "2000-01-01").out
            )
        )
    )
    assert {row["to"] for row in as_csv} == {"+15550001000", "+15550002000"}
    assert run(capsys, "list", "--json", "--from", "+19999999999").out.strip() == "[]"


def test_usage_errors_exit_2_and_api_errors_exit_1(
    env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "send", "--to", "+15550003000", "--from", SENDER).status == 2  # no body
    assert run(capsys, "get", "not-a-sid").status == 2
    assert run(capsys, "list", "--date-sent", "yesterday").status == 2
    assert run(capsys, "send").status == 2  # argparse: --to is required
    refused = run(
        capsys, "send", "--to", "+15550003000", "--from", SENDER, "--media-url", "notaurl"
    )
    # Refused before sending, with the code the service would give.
    assert refused.status == 2 and "21620" in refused.err
    unknown = run(capsys, "get", "SM" + "0" * 32)
    assert unknown.status == 1 and "20404" in unknown.err
    monkeypatch.delenv("TWILIO_AUTH_TOKEN")
    missing = run(capsys, "list")
    assert missing.status == 2 and "TWILIO_AUTH_TOKEN" in missing.err


def test_the_token_is_never_printed(
    env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "wrong" + "9f3c" * 6
    outputs = []
    for argv in (
        ["list", "--auth-token", secret],
        ["send", "--to", "+15550004000", "--from", SENDER, "--body", "x", "--auth-token", secret],
        ["bulk", "delete", "--all", "--auth-token", secret, "--no-progress"],
        ["list", "--help"],
        ["send", "--help"],
    ):
        outcome = run(capsys, *argv)
        outputs.append(outcome.out + outcome.err)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", secret)
    outcome = run(capsys, "get", "SM" + "0" * 32)
    outputs.append(outcome.out + outcome.err)
    assert any("20003" in text for text in outputs)  # the wrong token was really used
    assert all(secret not in text and env.auth_token not in text for text in outputs)
