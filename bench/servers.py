"""The servers under test, each a real subprocess: the Sendwire mock and Prism."""

from __future__ import annotations

import atexit
import base64
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import httpx

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0


@attrs.frozen
class Account:
    """Throwaway credentials made up for one run; the token is never printed."""

    sid: str
    token: str = attrs.field(repr=False)

    @classmethod
    def generate(cls) -> Account:
        return cls("AC" + secrets.token_hex(16), secrets.token_hex(16))

    @property
    def basic(self) -> str:
        return base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()

    @property
    def messages_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.sid}/Messages.json"


_LIVE: set[Any] = set()


@atexit.register
def stop_all() -> None:
    """Stop every server still running (at exit, or when the suite is told to stop)."""
    for server in list(_LIVE):
        server.stop()


def mock_help() -> str:
    """What the installed `sendwire mock --help` says (to see which options it has)."""
    command = [sys.executable, "-m", "sendwire", "mock", "--help"]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


class MockServer:
    """`sendwire mock` on a free loopback port (one worker, the embedded store or a file),
    run by `sendwire.testing.MockProcess`, as the tests run it."""

    def __init__(self, account: Account, db: Path | None = None, args: Sequence[str] = ()):
        from sendwire.testing import MockProcess

        self._process = MockProcess(
            account=(account.sid, account.token),
            db=db,
            step_seconds=1.0,
            extra_args=args,
            start_timeout=START_TIMEOUT,
        )
        self.command_shown = self._process.command_shown
        self.url = ""

    @property
    def pid(self) -> int:
        return self._process.pid

    def start(self) -> MockServer:
        _LIVE.add(self)
        try:
            self.url = self._process.start().url
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        _LIVE.discard(self)
        self._process.terminate()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def prism_executable() -> Path | None:
    path = ROOT / "node_modules" / ".bin" / "prism"
    return path if path.exists() else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PrismServer:
    """`prism mock spec/messages.yaml`: examples and schema checks from the same spec.
    Warnings only: logging every request would slow Prism down (the mock logs none either)."""

    command_shown = "prism mock spec/messages.yaml -h 127.0.0.1 -p PORT --verboseLevel warn"

    def __init__(self, executable: Path) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self._command = [str(executable), *self.command_shown.split()[1:]]
        self._command[self._command.index("PORT")] = str(port)
        self.process: subprocess.Popen[bytes] | None = None

    def launch(self) -> PrismServer:
        """Start without waiting (Node boots for seconds while the mock starts)."""
        env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
        self.process = subprocess.Popen(
            self._command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _LIVE.add(self)
        return self

    def wait_ready(self) -> PrismServer:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while self.process.poll() is None and time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/", timeout=1.0)
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("Prism did not start")

    def stop(self) -> None:
        _LIVE.discard(self)
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
