"""The servers under test, each a real subprocess: the Sendwire mock and Prism."""

from __future__ import annotations

import atexit
import base64
import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import httpx

if TYPE_CHECKING:
    from typing_extensions import Self

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "messages.yaml"
START_TIMEOUT = 60.0
_URL = re.compile(r"(https?://[0-9A-Za-z.:\[\]-]+)")


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


_LIVE: set[_Process | MockServer] = set()


def stop_all() -> None:
    """Stop every server still running (at exit, or when the suite is told to stop)."""
    for server in list(_LIVE):
        server.stop()


atexit.register(stop_all)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class _Process:
    """A server subprocess that prints its URL when it is ready."""

    name = "server"

    def __init__(
        self, command: Sequence[str], ready: re.Pattern[str] | None, cwd: Path = ROOT, url: str = ""
    ) -> None:
        self._command = list(command)
        self._ready = ready
        self._cwd = cwd
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the server
            prefix=f"bench-{self.name}-", suffix=".log", delete=False
        )
        self.process: subprocess.Popen[str] | None = None
        self.url = url
        self._found = threading.Event()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> Self:
        return self.launch().wait_ready()

    def launch(self) -> Self:
        """Start the process without waiting for it (so two servers can boot at once)."""
        if self.process is not None:
            raise RuntimeError(f"{self.name} was already started")
        self.process = subprocess.Popen(
            self._command,
            cwd=self._cwd,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
        )
        _LIVE.add(self)
        self._found = threading.Event()
        threading.Thread(target=self._read, name=f"{self.name}-stdout", daemon=True).start()
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:  # keep draining so the pipe never fills
            if self._ready is not None and not self._found.is_set():
                match = self._ready.search(line)
                if match is not None:
                    url = _URL.search(line[match.start() :])
                    if url is not None:
                        self.url = url.group(1).rstrip("/")
                        self._found.set()

    def wait_ready(self) -> Self:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while not (self._found.wait(0.05) or self._answers()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not start: {self.log_tail()}")
        return self

    def _answers(self) -> bool:
        """Without a ready line to wait for, the server is ready once it answers HTTP."""
        if self._ready is not None:
            return False
        try:
            httpx.get(self.url + "/", timeout=1.0)
        except httpx.HTTPError:
            return False
        return True

    def log_tail(self, size: int = 2000) -> str:
        self._log.flush()
        try:
            return Path(self._log.name).read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def stop(self) -> None:
        _LIVE.discard(self)
        process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # a graceful stop for both servers
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self._log.close()
        with contextlib.suppress(OSError):
            os.unlink(self._log.name)

    def __enter__(self) -> Self:
        return self if self.process is not None else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class MockServer:
    """`sendwire mock` on a free loopback port (one worker, the embedded store or a file),
    run by `sendwire.testing.MockProcess`, as the tests run it."""

    name = "mock"

    def __init__(self, account: Account, db: Path | None = None, step_seconds: float = 1.0):
        from sendwire.testing import MockProcess

        self.account = account
        self._process = MockProcess(
            account=(account.sid, account.token),
            db=db,
            step_seconds=step_seconds,
            start_timeout=START_TIMEOUT,
        )
        self.command_shown = self._process.command_shown
        self.url = ""

    @property
    def pid(self) -> int:
        return self._process.pid

    def start(self) -> Self:
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

    def __enter__(self) -> Self:
        # A server started before the `with` is only stopped by it: starting it again would
        # leave the first process running, orphaned when the suite exits.
        return self if self.url else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def prism_executable() -> Path | None:
    path = ROOT / "node_modules" / ".bin" / "prism"
    return path if path.exists() else None


class PrismServer(_Process):
    """`prism mock spec/messages.yaml`: examples and schema checks from the same spec."""

    name = "prism"

    def __init__(self, executable: Path) -> None:
        port = free_port()
        # Warnings only: logging every request to the console would slow Prism down, and the
        # mock it is compared with logs nothing per request either.
        command = [
            str(executable),
            "mock",
            str(SPEC),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "--verboseLevel",
            "warn",
        ]
        super().__init__(command, None, url=f"http://127.0.0.1:{port}")
        self.command_shown = (
            "prism mock spec/messages.yaml -h 127.0.0.1 -p PORT --verboseLevel warn"
        )
