"""Helpers of the CLI tests: running `sendwire` in-process or as a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from sendwire.cli import main

SENDER = "+15017122661"


@attrs.frozen
class Outcome:
    status: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Outcome:
    """`sendwire ARGV...` in this process; argparse's exits become a status too."""
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return Outcome(status, captured.out, captured.err)


def mock_env(mock: Any) -> dict[str, str]:
    return {
        "TWILIO_ACCOUNT_SID": mock.account_sid,
        "TWILIO_AUTH_TOKEN": mock.auth_token,
        "SENDWIRE_BASE_URL": mock.url,
    }


def use_mock(monkeypatch: pytest.MonkeyPatch, mock: Any) -> None:
    for name, value in mock_env(mock).items():
        monkeypatch.setenv(name, value)
    for name in ("TWILIO_API_KEY", "TWILIO_API_SECRET"):
        monkeypatch.delenv(name, raising=False)


def child(argv: list[str], mock: Any, cwd: Path, **popen: Any) -> subprocess.Popen[str]:
    """`python -m sendwire ARGV...` as a child process talking to ``mock``."""
    env = {**os.environ, **mock_env(mock), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "sendwire", *argv],
        cwd=cwd,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,
    )


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
