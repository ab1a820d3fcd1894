"""Running `sendwire mock` as a separate process, for tests that kill or restart it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from .handle import MockServer

_READY = re.compile(r"listening on (http://\S+)")
_SID = re.compile(r"Account SID: (AC[0-9a-f]{32})")
_TOKEN = re.compile(r"Auth token:\s+(\S+)")
START_TIMEOUT_SECONDS = 20.0


def _accounts_variable() -> str:
    """The environment variable `sendwire mock` reads accounts from."""
    try:
        from sendwire.mock.account_sources import ACCOUNTS_ENV
    except ImportError as error:
        raise RuntimeError(f"the mock needs the 'mock' extra: {error}") from None
    return ACCOUNTS_ENV


class MockProcess:
    """`python -m sendwire mock --port 0 ...` in a child process.

    With `account=(sid, token)` the account is passed in the environment (never on the
    command line, which every local user can read); otherwise the process's own test account
    is read from its output.
    """

    def __init__(
        self,
        *,
        account: tuple[str, str] | None = None,
        db: Path | None = None,
        faults: str | None = None,
        seed: int | None = None,
        step_seconds: float | None = None,
        extra_args: Sequence[str] = (),
        host: str = "127.0.0.1",
        start_timeout: float = START_TIMEOUT_SECONDS,
    ) -> None:
        self.account = account
        self.start_timeout = start_timeout
        args = [sys.executable, "-m", "sendwire", "mock", "--host", host, "--port", "0"]
        if db is not None:
            args += ["--db", str(db)]
        if faults is not None:
            args += ["--faults", faults]
        if seed is not None:
            args += ["--seed", str(seed)]
        if step_seconds is not None:
            args += ["--step-seconds", str(step_seconds)]
        self.args = [*args, *extra_args]
        self.process: subprocess.Popen[str] | None = None
        self.output: list[str] = []
        self.server: MockServer | None = None

    def start(self) -> MockServer:
        variable = _accounts_variable()
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env.pop(variable, None)
        if self.account is not None:
            env[variable] = f"{self.account[0]}:{self.account[1]}"
        self.process = subprocess.Popen(
            self.args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        url, sid, token = self._wait_ready()
        if self.account is not None:
            sid, token = self.account
        if url is None or sid is None or token is None:
            self.kill()
            raise RuntimeError("the mock process did not start:\n" + "".join(self.output))
        self.server = MockServer(url=url, account_sid=sid, auth_token=token)
        # Keep draining the output so the child never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()
        return self.server

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("the mock process was not started")
        return self.process.pid

    @property
    def command_shown(self) -> str:
        """The command line as a person would type it, with the account's token hidden."""
        shown = " ".join(["sendwire", *self.args[3:]])
        if self.account is not None:
            shown = f"{_accounts_variable()}=SID:TOKEN {shown}"
        return shown

    def _wait_ready(self) -> tuple[str | None, str | None, str | None]:
        assert self.process is not None and self.process.stdout is not None
        url = sid = token = None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output.append(line)
            if match := _SID.search(line):
                sid = match.group(1)
            elif match := _TOKEN.search(line):
                token = match.group(1)
            elif match := _READY.search(line):
                url = match.group(1)
                break
        return url, sid, token

    def _drain(self) -> None:
        process = self.process
        if process is None or process.stdout is None:
            return
        for line in process.stdout:
            self.output.append(line)

    def kill(self) -> None:
        """SIGKILL: no chance to clean up, like a crash."""
        self._stop(signal.SIGKILL)

    def terminate(self) -> int:
        """SIGTERM and wait for the graceful shutdown; returns the exit status."""
        return self._stop(signal.SIGTERM)

    def _stop(self, sig: signal.Signals) -> int:
        if self.server is not None:
            self.server.close()
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.terminate()
