"""What a network failure means to each client, on each HTTP path.

A raw socket server misbehaves on purpose (the one fault the mock cannot play: refusing,
resetting or garbling at the TCP level on cue). Each case checks the classification the
retry rules depend on: a request that never left may be sent again, one that may have been
read is never repeated for a create, and every failure surfaces as a sendwire error.
"""

from __future__ import annotations

import asyncio
import gc
import socket
import struct
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from reliability_helpers import SENDER, new_account

from sendwire import AsyncClient, Client, TimeoutError, TransportError
from sendwire._transport import stacks as http

pytestmark = pytest.mark.usefixtures("http_path")

ACCOUNT = new_account()


class RogueServer:
    """Accepts connections on 127.0.0.1 and answers each with `behaviour`."""

    def __init__(self, behaviour: str, answer: bytes = b"") -> None:
        self.behaviour = behaviour
        self.answer = answer  # the body of each answer, for "idle_close"
        self.requests = 0  # requests read (one per connection but for "idle_close")
        self.connections = 0
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._open.append(conn)
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        self.connections += 1
        if self.behaviour == "idle_close":
            self._keep_alive(conn)
            return
        try:
            if conn.recv(65536):
                self.requests += 1
            if self.behaviour == "reset":  # RST after reading the request
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
            elif self.behaviour == "hang_up":  # FIN, no answer
                conn.close()
            elif self.behaviour == "garbage":
                conn.sendall(b"NOT HTTP AT ALL\r\n\r\n")
                conn.close()
            elif self.behaviour == "truncated":
                conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{"sid": ')
                conn.close()
            elif self.behaviour == "silent":  # reads the request, never answers
                self._stop.wait(60)
        except OSError:
            pass

    def _keep_alive(self, conn: socket.socket) -> None:
        """Answer every request with `answer`; close the connection once idle 0.1 s."""
        head = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
        conn.settimeout(0.1)
        try:
            while _read_request(conn):
                self.requests += 1
                length = f"Content-Length: {len(self.answer)}\r\n\r\n".encode()
                conn.sendall(head + length + self.answer)
        except OSError:
            pass
        conn.close()

    def close(self) -> None:
        self._stop.set()
        self._sock.close()
        for conn in self._open:
            conn.close()


@contextmanager
def rogue(behaviour: str) -> Iterator[RogueServer]:
    server = RogueServer(behaviour)
    try:
        yield server
    finally:
        server.close()


def _read_request(conn: socket.socket) -> bool:
    """Read one request (head, then a Content-Length body); False once the client is gone."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return False
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return False
        body += chunk
    return True


@contextmanager
def rogue_answering(answer: bytes) -> Iterator[RogueServer]:
    server = RogueServer("idle_close", answer)
    try:
        yield server
    finally:
        server.close()


def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def attempt(
    url: str, operation: str, kind: str = "async", **options: Any
) -> tuple[BaseException, list[float]]:
    """Run one create or fetch with an AsyncClient (or a Client); the error it ended with and
    its sleeps."""
    sleeps: list[float] = []

    def call(messages: Any) -> Any:
        if operation == "create":
            return messages.create(to="+15558675310", from_=SENDER, body="hi")
        return messages.get("SM" + "0" * 32)

    def run_sync() -> BaseException:
        with Client(*ACCOUNT, base_url=url, sleep=sleeps.append, **options) as client:
            try:
                call(client.messages)
            except Exception as error:  # noqa: BLE001 - returned to be checked
                return error
        raise AssertionError("the call succeeded against a server that cannot answer")

    async def sleep(delay: float) -> None:
        sleeps.append(delay)

    async def run() -> BaseException:
        async with AsyncClient(*ACCOUNT, base_url=url, sleep=sleep, **options) as client:
            try:
                await call(client.messages)
            except Exception as error:  # noqa: BLE001 - returned to be checked
                return error
        raise AssertionError("the call succeeded against a server that cannot answer")

    return (run_sync() if kind == "sync" else asyncio.run(run())), sleeps


KINDS = pytest.mark.parametrize("kind", ["async", "sync"])


def test_the_path_in_use_is_the_one_chosen(http_path: str) -> None:
    assert http.http_path() == (http.FAST if http_path == "fast" else http.PLAIN)


@KINDS
def test_a_refused_connection_is_not_sent_so_even_a_create_is_retried(kind: str) -> None:
    error, sleeps = attempt(refused_url(), "create", kind, max_retries=2)
    assert type(error) is TransportError  # a connect failure, not a timeout
    assert error.may_have_reached_server is False
    assert len(sleeps) == 2


@KINDS
@pytest.mark.parametrize("behaviour", ["reset", "hang_up", "garbage", "truncated"])
def test_a_failure_after_the_request_was_read_never_repeats_a_create(
    behaviour: str, kind: str
) -> None:
    with rogue(behaviour) as server:
        error, sleeps = attempt(server.url, "create", kind, max_retries=3)
    assert type(error) is TransportError
    assert error.may_have_reached_server is True
    assert "not repeated" in str(error)
    assert sleeps == [] and server.requests == 1


@KINDS
@pytest.mark.parametrize("behaviour", ["reset", "hang_up"])
def test_a_fetch_is_retried_after_the_same_failures(behaviour: str, kind: str) -> None:
    with rogue(behaviour) as server:
        error, sleeps = attempt(server.url, "fetch", kind, max_retries=2)
    assert isinstance(error, TransportError)
    # Every attempt went through the client's own policy: nothing was resent behind its back.
    assert len(sleeps) == 2 and server.requests == 3


@KINDS
def test_a_server_that_never_answers_hits_the_read_timeout(kind: str) -> None:
    with rogue("silent") as server:
        error, sleeps = attempt(server.url, "create", kind, timeout=0.5, max_retries=3)
    assert isinstance(error, TimeoutError)
    assert error.may_have_reached_server is True
    assert sleeps == []


@KINDS
def test_a_fetch_that_times_out_is_retried_then_surfaces_as_a_timeout(kind: str) -> None:
    with rogue("silent") as server:
        error, sleeps = attempt(server.url, "fetch", kind, timeout=0.3, max_retries=1)
    assert isinstance(error, TimeoutError)
    assert len(sleeps) == 1 and server.requests == 2


def test_clients_leave_no_connection_or_session_open(sendwire_mock: Any) -> None:
    """Used and closed, an AsyncClient (and send_many's private one) leaves nothing behind
    that would warn when collected ("Unclosed client session", unclosed sockets)."""
    mock = sendwire_mock
    account = (mock.account_sid, mock.auth_token)

    async def use() -> None:
        async with AsyncClient(*account, base_url=mock.url) as client:
            await client.messages.create(to="+15558675310", from_=SENDER, body="closing")
            rows = [{"to": "+15558675310", "from": SENDER, "body": f"b{i}"} for i in range(20)]
            (await client.messages.send_many(rows, concurrency=8)).close()

    # Collect what earlier tests left behind first, so only this test's objects are judged.
    gc.collect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(use())
        with Client(*account, base_url=mock.url) as client:
            rows = [{"to": "+15558675310", "from": SENDER, "body": f"s{i}"} for i in range(20)]
            client.messages.send_many(rows, concurrency=8).close()
        gc.collect()
    port = mock.url.rsplit(":", 1)[1]
    unclosed = [
        str(w.message)
        for w in caught
        if "nclosed" in str(w.message)
        and (port in str(w.message) or "socket" not in str(w.message))
    ]
    assert unclosed == []


def test_a_pooled_connection_the_server_closed_meanwhile_is_not_used(sendwire_mock: Any) -> None:
    """The server closes an idle kept-alive connection while the client's event loop is not
    running to notice; the next create must go out on a fresh connection, not fail."""
    mock = sendwire_mock
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as real:
        sample = real.messages.create(to="+15558675310", from_=SENDER, body="a sample")
    answer = httpx.get(
        f"{mock.url}/2010-04-01/Accounts/{mock.account_sid}/Messages/{sample.sid}.json",
        auth=(mock.account_sid, mock.auth_token),
    ).content
    loop = asyncio.new_event_loop()
    try:
        with rogue_answering(answer) as server:
            client = AsyncClient(*ACCOUNT, base_url=server.url, max_retries=0)
            create = client.messages.create
            loop.run_until_complete(create(to="+15558675310", from_=SENDER, body="one"))
            time.sleep(0.5)  # the server hangs up on the idle connection meanwhile
            loop.run_until_complete(create(to="+15558675310", from_=SENDER, body="two"))
            loop.run_until_complete(client.close())
        assert server.requests == 2 and server.connections == 2
    finally:
        loop.close()
