"""The README's loop as a user runs it: `sendwire mock --incoming-url ... --log-requests` and
examples/incoming_reply.py, each in its own process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from inbox_helpers import EXAMPLE, NUMBER, PHONE, eventually, replies

from sendwire.mock import Account
from sendwire.testing import MockProcess


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def account() -> Account:
    return Account.generate()


@pytest.fixture
def example_process(account: Account) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, TWILIO_AUTH_TOKEN=account.auth_token, PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, str(EXAMPLE), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        assert "Answering" in process.stdout.readline()
        yield f"http://127.0.0.1:{port}/sms"
    finally:
        process.terminate()
        process.wait(10)


def test_the_readme_loop_with_both_processes(account: Account, example_process: str) -> None:
    mock = MockProcess(
        account=(account.sid, account.auth_token),
        extra_args=["--incoming-url", example_process, "--log-requests"],
    )
    server = mock.start()
    try:
        # Printed right after the line start() waits for: read on by a background thread.
        eventually(lambda: any(line.startswith("Inbox: ") for line in mock.output))
        server.inbound(from_=PHONE, to=NUMBER, body="help")
        reply = eventually(lambda: replies(server.http))[0]
        assert reply["body"] == "Text anything and I will echo it back."
        httpx.get(server.url + server.messages_path(), auth=server.auth)
        eventually(lambda: any(" ListMessage 200 " in line for line in mock.output))
        logged = "".join(mock.output)
        assert f"POST {example_process} IncomingMessage 200" in logged
        assert account.auth_token not in logged
    finally:
        assert mock.terminate() in (0, -15)  # as the mock's own process tests accept


def test_an_incoming_url_that_is_not_http_is_refused() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sendwire", "mock", "--port", "0", "--incoming-url", "ftp://x"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "http:// or https://" in done.stderr


def test_the_example_needs_its_token_from_the_environment() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TWILIO_AUTH_TOKEN"}
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 2 and "TWILIO_AUTH_TOKEN" in done.stderr
