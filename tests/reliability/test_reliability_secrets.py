"""Secrets never show: a representative run, with everything it printed, logged and raised.

The account's auth token, an API key's secret and a deliberately wrong token are distinctive
random strings. One run exercises both clients (token and API key) through every kind of call,
retries under injected faults, every kind of error (API, transport, timeout, validation), a
bulk send with a journal, and the command line (plain and bulk commands, credentials from the
environment and from flags). Then every log record (DEBUG, all loggers), exception text,
traceback, repr, CLI output, the mock's own output and the files the bulk run left behind are
searched for the secrets, raw and as the Basic credentials they would travel in.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import logging
import secrets
import socket
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reliability_helpers import SENDER, cli_env, mock_process, new_account

from sendwire import AsyncClient, Client, SendwireError
from sendwire.webhooks import RequestValidator

FAULTS = "429=0.1,503=0.1,reset=0.1,reset_after_commit=0.1,retry_after=0"
# Lighter for the command line: its runs retry with real waits.
CLI_FAULTS = "429=0.05,503=0.05,reset=0.05,reset_after_commit=0.05,retry_after=0"


class Transcript:
    """Everything the run showed, labelled by where it came from."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, str]] = []
        self.errors = 0

    def add(self, label: str, text: object) -> None:
        self.parts.append((label, text if isinstance(text, str) else repr(text)))

    def error(self, label: str, exc: BaseException) -> None:
        self.errors += 1
        self.add(f"{label}: str", str(exc))
        self.add(f"{label}: repr", repr(exc))
        self.add(f"{label}: traceback", "".join(traceback.format_exception(exc)))
        for name, value in vars(exc).items():
            self.add(f"{label}: .{name}", value)

    def attempt(self, label: str, call: Callable[[], Any]) -> Any:
        try:
            result = call()
        except SendwireError as exc:
            self.error(label, exc)
            return None
        self.add(f"{label}: result", result)
        return result

    def leaks(self, needles: dict[str, str]) -> list[tuple[str, str]]:
        return [
            (label, what) for label, text in self.parts for what, s in needles.items() if s in text
        ]


def basic_value(user: str, secret: str) -> str:
    return base64.b64encode(f"{user}:{secret}".encode()).decode()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def library_run(server: Any, key: tuple[str, str], out: Transcript, workdir: Path) -> None:
    sid, token = server.account_sid, server.auth_token
    client = Client(sid, token, base_url=server.url)
    out.add("client repr", repr(client))
    out.add("client vars", vars(client))
    messages = client.messages
    sms = out.attempt("create", lambda: messages.create(to="+15558675310", from_=SENDER, body="a"))
    mms = out.attempt(
        "create mms",
        lambda: messages.create(
            to="+15558675310", from_=SENDER, media_url=["https://example.com/x.png"]
        ),
    )
    out.attempt("get", lambda: messages.get(sms.sid))
    out.attempt("list", lambda: list(messages.list(page_size=1, limit=3)))
    page = out.attempt("page", lambda: messages.page(page_size=1))
    out.attempt("next page", lambda: page.next_page())
    media = out.attempt("media list", lambda: list(messages.media(mms.sid).list()))
    out.attempt("media get", lambda: messages.media(mms.sid).get(media[0].sid))
    out.attempt("media delete", lambda: messages.media(mms.sid).delete(media[0].sid))
    out.attempt("feedback", lambda: messages.feedback(sms.sid))
    out.attempt("redact", lambda: messages.redact(sms.sid))
    out.attempt("cancel (409)", lambda: messages.cancel(sms.sid))
    out.attempt("delete", lambda: messages.delete(sms.sid))
    out.attempt("get deleted (404)", lambda: messages.get(sms.sid))
    out.attempt(
        "invalid create", lambda: messages.create(to="not a number", from_=SENDER, body="x")
    )

    # Retries and failures under injected faults, with every answer's fate recorded.
    server.set_faults(FAULTS, seed=5)
    # Retries go through the real backoff logic; only the waits themselves are skipped.
    flaky = Client(sid, token, base_url=server.url, max_retries=2, sleep=lambda _: None)
    for n in range(20):
        out.attempt(
            f"faulty create {n}",
            lambda n=n: flaky.messages.create(to="+15558675310", from_=SENDER, body=f"f{n}"),
        )
        out.attempt(f"faulty list {n}", lambda: list(flaky.messages.list(limit=2)))
    with messages.send_many(
        ({"to": f"+1555000{i:04d}", "from": SENDER, "body": f"bulk {i}"} for i in range(40)),
        journal=workdir / "library.journal",
    ) as result:
        out.add("bulk result", repr(result))
        out.add("bulk succeeded", list(result.succeeded[:3]))
        out.add("bulk failed", list(result.failed))
    server.set_faults("latency_ms=400")
    out.attempt(
        "timeout",
        lambda: Client(sid, token, base_url=server.url, timeout=0.05, max_retries=0).messages.get(
            mms.sid
        ),
    )
    server.set_faults("")
    client.close()

    # Errors before and without a server.
    out.attempt(
        "wrong token (401)", lambda: list(Client(sid, WRONG, base_url=server.url).messages.list())
    )
    refused = Client(sid, token, base_url=f"http://127.0.0.1:{closed_port()}", max_retries=1)
    out.attempt("connection refused", lambda: refused.messages.get(mms.sid))
    out.attempt(
        "credentials in the URL",
        lambda: Client(sid, token, base_url=f"http://{sid}:{token}@127.0.0.1:1"),
    )
    out.attempt("bad timeout", lambda: Client(sid, token, timeout=-1))
    out.attempt("bad sid", lambda: Client(sid, token, base_url=server.url).messages.get("nope"))
    out.add("validator repr", repr(RequestValidator(token)))
    out.add("server handle repr", repr(server))

    async def with_api_key() -> None:
        async with AsyncClient(sid, api_key=key[0], api_secret=key[1], base_url=server.url) as c:
            out.add("async client repr", repr(c))
            message = await c.messages.create(to="+15558675311", from_=SENDER, body="k")
            out.add("async create", message)
            out.add("async list", [m async for m in c.messages.list(limit=3)])
            try:
                await c.messages.get("SM" + "0" * 32)
            except SendwireError as exc:
                out.error("async 404", exc)
            result = await c.messages.redact_many(to="+15558675311")
            out.add("async redact_many", repr(result))
            result.close()

    asyncio.run(with_api_key())


WRONG = "wrongtok" + secrets.token_hex(16)


def cli_run(server: Any, key: tuple[str, str], out: Transcript, workdir: Path) -> None:
    env = cli_env(server)
    flags = ["--account-sid", server.account_sid, "--auth-token", server.auth_token]
    commands: list[list[str]] = [
        ["send", "--to", "+15558675312", "--from", SENDER, "--body", "cli"],
        ["list", "--limit", "3"],
        ["get", "SM" + "0" * 32],
        ["list", "--auth-token", WRONG],
        ["list", "--limit", "2", "--api-key", key[0], "--api-secret", key[1]],
        ["bulk", "send", "campaign.csv", "--from", SENDER, "--no-progress", *flags],
        ["bulk", "send", "campaign.csv", "--dry-run"],
        ["bulk", "delete", "--to", "+15558675310", "--no-progress", "--yes"],
    ]
    for n in range(len(commands)):
        (workdir / f"cli{n}").mkdir()
        with (workdir / f"cli{n}" / "campaign.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["to", "body"])
            writer.writerows([f"+1555111{i:04d}", f"cli {i}"] for i in range(30))
    server.set_faults(CLI_FAULTS, seed=11)
    try:
        # All at once: they are independent, and each spends most of its time starting up.
        running = [
            (
                argv,
                subprocess.Popen(
                    [sys.executable, "-m", "sendwire", *argv],
                    cwd=workdir / f"cli{n}",
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
            for n, argv in enumerate(commands)
        ]
        for argv, process in running:
            stdout, stderr = process.communicate(timeout=180)
            command = " ".join(argv[:2])
            out.add(f"$ sendwire {command} (exit {process.returncode}) stdout", stdout)
            out.add(f"$ sendwire {command} (exit {process.returncode}) stderr", stderr)
    finally:
        server.set_faults("")
    for path in sorted(workdir.rglob("*")):
        if path.is_file():
            out.add(f"file {path.name}", path.read_bytes().decode("utf-8", "replace"))


@pytest.mark.usefixtures("http_path")  # on both HTTP paths
def test_no_secret_shows_anywhere_in_a_full_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sendwire")
    out = Transcript()
    account = new_account()
    with mock_process(account=account) as (process, server):
        key = server.create_api_key()
        needles = {
            "auth token": account[1],
            "API secret": key[1],
            "wrong token": WRONG,
            "Basic credentials (token)": basic_value(account[0], account[1]),
            "Basic credentials (API key)": basic_value(key[0], key[1]),
        }
        library_run(server, key, out, tmp_path)
        cli_run(server, key, out, tmp_path)
    out.add("mock output", "".join(process.output))
    for record in caplog.records:
        out.add(f"log {record.name}", record.getMessage())
        out.add(f"log {record.name} args", record.args)
        if record.exc_info and record.exc_info[1] is not None:
            out.error(f"log {record.name} exception", record.exc_info[1])
    out.add("all logs", caplog.text)

    assert out.leaks(needles) == []
    # The run did what it claims: it logged requests and retries, and met errors of each kind.
    messages = caplog.text
    assert "retrying" in messages and " -> 201 " in messages
    labels = " ".join(label for label, _ in out.parts)
    for kind in ("wrong token (401)", "connection refused", "timeout", "get deleted (404)"):
        assert f"{kind}: repr" in labels, kind
    assert out.errors >= 10
    cli_outputs = [text for label, text in out.parts if label.startswith("$ sendwire bulk send")]
    assert any("Done: 30 sent now" in text for text in cli_outputs), cli_outputs
