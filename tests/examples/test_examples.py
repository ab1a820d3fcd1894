"""Every program in examples/ runs against a mock, as its docstring tells a user to run it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sendwire.mock import DEV_ACCOUNT, MockConfig, create_app
from sendwire.mock.server import BackgroundServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RUN_TIMEOUT_SECONDS = 120


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    """A mock as a user runs it: the development account, statuses a fraction of a second
    apart so a tracked message reaches its final status quickly."""
    config = MockConfig(accounts=[DEV_ACCOUNT], step_seconds=0.2)
    with BackgroundServer(create_app(config)) as server:
        yield server.url


def user_env(mock: str) -> dict[str, str]:
    return dict(
        os.environ,
        TWILIO_ACCOUNT_SID=DEV_ACCOUNT.sid,
        TWILIO_AUTH_TOKEN=DEV_ACCOUNT.auth_token,
        SENDWIRE_BASE_URL=mock,
        PYTHONUNBUFFERED="1",
    )


def run(mock: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=user_env(mock),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
    )


def test_send_and_track_follows_the_message_to_delivered(mock: str, tmp_path: Path) -> None:
    done = run(mock, tmp_path, str(EXAMPLES / "send_and_track.py"), "+15558675310", "Shipped")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.match(r"sent SM[0-9a-f]{32}: queued\n", done.stdout)
    assert "now delivered" in done.stdout and "delivered at" in done.stdout


def test_send_and_track_reports_a_carrier_failure(mock: str, tmp_path: Path) -> None:
    done = run(mock, tmp_path, str(EXAMPLES / "send_and_track.py"), "+150055530001", "Hi")
    assert done.returncode == 1
    assert "not delivered: error 3000" in done.stdout


def test_async_fanout_sends_each_number_once_and_reports_the_bad_one(
    mock: str, tmp_path: Path
) -> None:
    numbers = [f"+1555020{n:04d}" for n in range(30)]
    done = run(mock, tmp_path, str(EXAMPLES / "async_fanout.py"), *numbers, "not-a-number")
    assert done.returncode == 1, done.stderr
    assert "30 sent, 1 failed" in done.stdout
    assert "not-a-number: failed: to: The 'To' number is not a valid phone number" in done.stdout
    listed = httpx.get(
        f"{mock}/2010-04-01/Accounts/{DEV_ACCOUNT.sid}/Messages.json",
        params={"From": "+15017122661", "PageSize": 1000},
        auth=(DEV_ACCOUNT.sid, DEV_ACCOUNT.auth_token),
    ).json()["messages"]
    assert sorted(m["to"] for m in listed if m["to"] in numbers) == numbers


def test_csv_campaign_sends_each_row_once_even_when_run_again(mock: str, tmp_path: Path) -> None:
    campaign = tmp_path / "campaign.csv"
    shutil.copy(EXAMPLES / "campaign.csv", campaign)
    first = run(mock, tmp_path, str(EXAMPLES / "csv_campaign.py"), str(campaign))
    assert first.returncode == 1, first.stderr  # the file holds one bad number on purpose
    assert "3 sent, 1 failed of 4" in first.stdout
    assert "row 4: not-a-number: to: The 'To' number is not a valid" in first.stdout
    assert (tmp_path / "campaign.journal").exists()
    again = run(mock, tmp_path, str(EXAMPLES / "csv_campaign.py"), str(campaign))
    assert "3 sent, 1 failed of 4" in again.stdout
    listed = httpx.get(
        f"{mock}/2010-04-01/Accounts/{DEV_ACCOUNT.sid}/Messages.json",
        params={"To": "+15550100101"},
        auth=(DEV_ACCOUNT.sid, DEV_ACCOUNT.auth_token),
    ).json()["messages"]
    assert len(listed) == 1 and listed[0]["body"].startswith("Hi Ada,")


@pytest.fixture
def receiver(mock: str, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    process = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "status_callback_receiver.py"), "--port", "0"],
        cwd=tmp_path,
        env=user_env(mock),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready = re.search(r"on (http://\S+/status)", process.stdout.readline())
        assert ready, "the receiver did not start"
        yield ready.group(1), process
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_status_callback_receiver_accepts_the_mocks_signed_callbacks_only(
    mock: str, receiver: tuple[str, subprocess.Popen[str]]
) -> None:
    url, process = receiver
    auth = (DEV_ACCOUNT.sid, DEV_ACCOUNT.auth_token)
    forged = httpx.post(
        url, data={"MessageSid": "SM" + "1" * 32, "MessageStatus": "delivered"},
        headers={"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
    )  # fmt: skip
    assert forged.status_code == 403
    sent = httpx.post(
        f"{mock}/2010-04-01/Accounts/{DEV_ACCOUNT.sid}/Messages.json",
        data={"To": "+15558675310", "From": "+15017122661", "Body": "Hi", "StatusCallback": url},
        auth=auth,
    ).json()
    lines = []
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any("delivered" in line for line in lines):
        lines.append(process.stdout.readline())
    assert [line.split() for line in lines] == [
        [sent["sid"], status] for status in ("queued", "sending", "sent", "delivered")
    ]


def test_the_fixture_suite_passes(tmp_path: Path) -> None:
    """The example suite runs on its own, as a user's would: its async tests once under
    anyio's plugin and once under pytest-asyncio, with the same fixture."""
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider",
            "--rootdir", str(tmp_path), str(EXAMPLES / "test_with_fixtures.py"),
        ],
        cwd=tmp_path, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 passed" in done.stdout
    for name in ("test_async_code_under_anyio", "test_async_code_under_pytest_asyncio"):
        assert re.search(rf"::{name}(\[\w+\])? PASSED", done.stdout), done.stdout
