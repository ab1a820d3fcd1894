"""`sendwire contract` as users' CI runs it: from the installed wheel, against real servers."""

from __future__ import annotations

import base64
import os
import re
import secrets
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from contract_servers import broken_proxy, unauthorized

from sendwire.testing import MockProcess

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

# Small but enough for the stateful phase to reach update and delete with this seed.
SMALL = ["--seed", "7", "--max-examples", "2", "--stateful-max-examples", "30"]
# A line of the failure list: number, operation, [phases], (N times), checks.
FETCH_FAILURE = re.compile(
    r"^  \d+\. FetchMessage \[[a-z,]+\](?: \(\d+ times\))?: .*ST101 Server error", re.MULTILINE
)
PROOF_OK = "OK: the stateful phase created, fetched, updated and deleted messages."


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str


def new_account() -> tuple[str, str]:
    return "AC" + secrets.token_hex(16), secrets.token_hex(16)


def contract(bin_dir: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> Outcome:
    done = subprocess.run(
        [str(bin_dir / "sendwire"), "contract", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def installed_mock(installed_bin: Path) -> Iterator[tuple[str, tuple[str, str]]]:
    """`sendwire mock` of the installed wheel, in its own process."""
    account = new_account()
    process = subprocess.Popen(
        [str(installed_bin / "sendwire"), "mock", "--port", "0", "--step-seconds", "0",
         "--account", f"{account[0]}:{account[1]}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert process.stdout is not None
    url = None
    for line in process.stdout:
        if match := re.search(r"listening on (http://\S+)", line):
            url = match.group(1)
            break
    assert url is not None, "the installed mock did not start"
    try:
        yield url, account
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def upstream_mock() -> Iterator[tuple[str, tuple[str, str]]]:
    account = new_account()
    with MockProcess(account=account, step_seconds=0) as server:
        yield server.url, account


def test_installed_wheel_passes_against_a_mock_process(
    installed_bin: Path, installed_mock: tuple[str, tuple[str, str]], tmp_path: Path
) -> None:
    url, (sid, token) = installed_mock
    report = tmp_path / "reports" / "contract.xml"
    outcome = contract(
        installed_bin, "--url", url, "--account", f"{sid}:{token}", "--junit", str(report),
        *SMALL, cwd=tmp_path,
    )  # fmt: skip
    assert outcome.status == 0, outcome.stdout[-4000:] + outcome.stderr
    assert PROOF_OK in outcome.stdout
    stateful = outcome.stdout.split("Stateful phase, answers by operation and status:")[1]
    for operation, status in (
        ("CreateMessage", 201), ("FetchMessage", 200), ("UpdateMessage", 200),
        ("DeleteMessage", 204),
    ):  # fmt: skip
        assert re.search(rf"^  {operation} .*\b{status}: [1-9]", stateful, re.MULTILINE)
    assert "Contract tests passed" in outcome.stdout
    root = ET.parse(report).getroot()
    assert root.get("failures") == "0" and root.get("errors") == "0"
    assert int(root.get("tests", "0")) >= 11  # 9 operations, the stateful run, the proof
    assert token not in outcome.stdout + outcome.stderr + report.read_text()


def test_a_broken_operation_fails_the_run_and_is_named(
    installed_bin: Path, upstream_mock: tuple[str, tuple[str, str]], tmp_path: Path
) -> None:
    upstream, (sid, token) = upstream_mock
    report = tmp_path / "contract.xml"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with broken_proxy(upstream) as url:
        outcome = contract(
            installed_bin, "--url", url, "--account", f"{sid}:{token}", "--junit", str(report),
            *SMALL, cwd=tmp_path, env={"TMPDIR": str(scratch)},
        )  # fmt: skip
    assert outcome.status == 1, outcome.stdout[-4000:] + outcome.stderr
    # The summary names the operation and the check, and gives a masked reproduction.
    assert re.search(r"^  FetchMessage +[1-9]", outcome.stdout, re.MULTILINE)
    failures = outcome.stdout.split("Failures (")[1]
    assert FETCH_FAILURE.search(failures)
    assert re.search(r"^     curl -X GET .*-H 'Authorization: \*\*\*'", failures, re.MULTILINE)
    assert "Contract tests FAILED" in outcome.stdout
    root = ET.parse(report).getroot()
    assert int(root.get("failures", "0")) >= 1
    assert "FetchMessage" in outcome.stdout and "Server error" in report.read_text()

    # The server echoed the credentials in its 500 body: they are masked everywhere.
    basic = base64.b64encode(f"{sid}:{token}".encode()).decode()
    assert "broken: got" in outcome.stdout + report.read_text()
    left = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert left == [report]  # the scratch directory went away
    for text in (outcome.stdout, outcome.stderr, report.read_text()):
        assert token not in text
        assert basic.rstrip("=") not in text


def test_a_server_that_only_answers_401_never_proves_the_stateful_phase(
    installed_bin: Path, tmp_path: Path
) -> None:
    sid, token = new_account()
    with unauthorized() as url:
        outcome = contract(
            installed_bin, "--url", url, "--account", f"{sid}:{token}", *SMALL, cwd=tmp_path
        )
    # Every 401 is a documented answer, so every check passes: the proof alone fails the run.
    assert outcome.status == 3, outcome.stdout[-4000:] + outcome.stderr
    assert "FAIL: the stateful phase never created anything" in outcome.stdout
    assert "(no CreateMessage 201, no FetchMessage 200" in outcome.stdout
    assert PROOF_OK not in outcome.stdout


def test_without_the_extra_the_command_says_what_to_install(bare_bin: Path, tmp_path: Path) -> None:
    outcome = contract(bare_bin, "--url", "http://127.0.0.1:9", "--account", "AC1:t", cwd=tmp_path)
    assert outcome.status == 2
    assert "pip install 'sendwire[contract]'" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    helped = contract(bare_bin, "--help", cwd=tmp_path)
    assert helped.status == 0 and "--max-examples" in helped.stdout
