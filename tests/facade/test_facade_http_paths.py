"""Every HTTP path puts the same request on the wire.

A recording server on 127.0.0.1 keeps the bytes of every request it reads and answers each
with a real message document taken from the mock. The same calls sent as direct calls
(the sync client's plain calls straight to httpx's transport, the async client's straight to
aiohttp) and through plain httpx must produce the same method, target, body and headers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from sendwire import AsyncClient, Client
from sendwire._transport import stacks as http

SENDER = "+15017122661"
COMPARED = {
    b"accept",
    b"connection",
    b"accept-encoding",
    b"authorization",
    b"content-type",
    b"content-length",
    b"user-agent",
    b"host",
}


class Recorder:
    def __init__(self, answer: bytes, extra_headers: bytes = b"", gzipped: bool = False) -> None:
        self.answer = gzip.compress(answer) if gzipped else answer
        self.extra_headers = extra_headers + (b"Content-Encoding: gzip\r\n" if gzipped else b"")
        self.requests: list[tuple[bytes, dict[bytes, bytes], bytes]] = []
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, rest = data.partition(b"\r\n\r\n")
                lines = head.split(b"\r\n")
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(b":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get(b"content-length", b"0"))
                while len(rest) < length:
                    rest += conn.recv(65536)
                body, data = rest[:length], rest[length:]
                self.requests.append((lines[0], headers, body))
                reply = self.answer
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + self.extra_headers
                    + f"Content-Length: {len(reply)}\r\n\r\n".encode()
                    + reply
                )

    def close(self) -> None:
        self._sock.close()


@contextmanager
def recorder(
    answer: bytes, extra_headers: bytes = b"", gzipped: bool = False
) -> Iterator[Recorder]:
    server = Recorder(answer, extra_headers, gzipped)
    try:
        yield server
    finally:
        server.close()


CREATE: dict[str, Any] = {
    "to": "+15558675310",
    "from_": SENDER,
    "body": "Héllo & good-bye: 100% sure?",
    "media_url": ["https://example.com/a.jpg", "https://example.com/b%20c.png?x=1&y=2"],
    "provide_feedback": True,
    "send_at": dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
    "schedule_type": "fixed",
    "messaging_service_sid": "MG" + "0" * 32,
}
SID = "SM" + "1" * 32


def _sync_calls(url: str, account: tuple[str, str]) -> None:
    with Client(*account, base_url=url) as client:
        client.messages.create(**CREATE)
        client.messages.get(SID)
        client.messages.redact(SID)
        client.messages.delete(SID)
        client.messages.page(page_size=2)


def _async_calls(url: str, account: tuple[str, str]) -> None:
    async def calls() -> None:
        async with AsyncClient(*account, base_url=url) as client:
            await client.messages.create(**CREATE)
            await client.messages.get(SID)
            await client.messages.redact(SID)
            await client.messages.delete(SID)
            await client.messages.page(page_size=2)

    asyncio.run(calls())


def _wire(
    calls: Callable[[str, tuple[str, str]], None],
    path: str,
    answer: bytes,
    account: tuple[str, str],
) -> list[tuple[Any, ...]]:
    """What the server read for a create, a fetch, a redact, a delete and a page."""
    with recorder(answer) as server:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(http.ENV, path)
            calls(server.url, account)
        port = server.url.rsplit(":", 1)[1].encode()
        return [
            (line, body, [(k, v.replace(port, b"PORT")) for k, v in h.items() if k in COMPARED])
            for line, h, body in server.requests
        ]


def _answer(mock: Any) -> bytes:
    """A message document as the mock writes it; it also reads as a (short) page."""
    with httpx.Client(base_url=mock.url, auth=(mock.account_sid, mock.auth_token)) as raw:
        sent = raw.post(
            f"/2010-04-01/Accounts/{mock.account_sid}/Messages.json",
            data={"To": "+15558675310", "From": SENDER, "Body": "sample"},
        ).json()
    page = {"messages": [sent], "next_page_uri": None, "page": 0, "page_size": 2}
    return json.dumps({**sent, **page}).encode()


@pytest.mark.skipif(not http.fast_available(), reason="sendwire[fast] is not installed")
def test_the_fast_path_sends_exactly_what_httpx_sends(sendwire_mock: Any) -> None:
    account = (sendwire_mock.account_sid, sendwire_mock.auth_token)
    answer = _answer(sendwire_mock)
    fast = _wire(_async_calls, http.FAST, answer, account)
    plain = _wire(_async_calls, http.PLAIN, answer, account)
    assert len(fast) == len(plain) == 5

    # aiohttp writes the same headers in an order of its own, and states the empty body of a
    # DELETE (`Content-Length: 0`), which httpx leaves out; the two mean the same request.
    def unordered(requests: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [
            (line, body, {k: v for k, v in h if body or (k, v) != (b"content-length", b"0")})
            for line, body, h in requests
        ]

    assert unordered(fast) == unordered(plain)


def test_the_sync_short_way_sends_exactly_what_httpx_sends(sendwire_mock: Any) -> None:
    account = (sendwire_mock.account_sid, sendwire_mock.auth_token)
    answer = _answer(sendwire_mock)
    direct = _wire(_sync_calls, "auto", answer, account)
    plain = _wire(_sync_calls, http.PLAIN, answer, account)
    assert len(direct) == len(plain) == 5
    assert direct == plain  # the header order included: a direct call builds the list itself
    assert [line.split()[0] for line, _, _ in direct] == [
        b"POST",
        b"GET",
        b"POST",
        b"DELETE",
        b"GET",
    ]


def test_the_sync_client_picks_its_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    from sendwire._transport.httpx_direct import DirectClient

    for variable in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv(http.ENV, raising=False)
    with Client("AC" + "0" * 32, "token") as client:
        assert type(client.http_client) is DirectClient
    monkeypatch.setenv(http.ENV, http.PLAIN)
    with Client("AC" + "0" * 32, "token") as client:
        assert type(client.http_client) is httpx.Client
    monkeypatch.delenv(http.ENV)
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with Client("AC" + "0" * 32, "token") as client:
        assert type(client.http_client) is httpx.Client  # httpx is what honours the proxy
    assert http.http_path() == http.PLAIN


def test_event_hooks_added_to_the_pool_see_every_call(mock: Any) -> None:
    seen: list[str] = []
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        sent = client.messages.create(to="+15558675310", from_=SENDER, body="before the hook")
        client.http_client.event_hooks["response"].append(
            lambda response: seen.append(f"{response.request.method} {response.status_code}")
        )
        client.messages.get(sent.sid)
        client.messages.redact(sent.sid)
    assert seen == ["GET 200", "POST 200"]


@pytest.mark.parametrize("path", ["auto", http.PLAIN])
def test_a_compressed_answer_and_a_cookie_are_handled_as_httpx_handles_them(
    sendwire_mock: Any, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Direct calls hand the body over without an httpx.Response when they can; a gzipped
    body must still arrive decoded, and a cookie the server sets must go back with the next
    request, on every path and both clients."""
    account = (sendwire_mock.account_sid, sendwire_mock.auth_token)
    answer = _answer(sendwire_mock)
    expected = json.loads(answer)["sid"]
    monkeypatch.setenv(http.ENV, path)
    cookie = b"Set-Cookie: region=ie1; Path=/\r\n"
    with recorder(answer, extra_headers=cookie, gzipped=True) as server:
        with Client(*account, base_url=server.url) as client:
            assert client.messages.get(SID).sid == expected
            assert client.messages.get(SID).sid == expected

        async def twice() -> list[str]:
            async with AsyncClient(*account, base_url=server.url) as client:
                return [(await client.messages.get(SID)).sid for _ in range(2)]

        assert asyncio.run(twice()) == [expected, expected]
    cookies = [headers.get(b"cookie") for _, headers, _ in server.requests]
    assert cookies == [None, b"region=ie1", None, b"region=ie1"]


@pytest.mark.parametrize("path", ["auto", http.PLAIN])
def test_plain_calls_skip_the_client_layer_unless_told_not_to(
    mock: Any, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts what goes through httpx's `send` (the client layer) on each path: nothing on
    direct calls, every call on plain httpx; a page (it has a query) always does."""
    sent: list[str] = []
    for cls in (httpx.Client, httpx.AsyncClient):
        original = cls.send

        def counting(
            self: Any, request: httpx.Request, *a: Any, _o: Any = original, **k: Any
        ) -> Any:
            sent.append(request.method)
            return _o(self, request, *a, **k)

        monkeypatch.setattr(cls, "send", counting)
    monkeypatch.setenv(http.ENV, path)
    account = (mock.account_sid, mock.auth_token)
    with Client(*account, base_url=mock.url) as client:
        message = client.messages.create(to="+15558675310", from_=SENDER, body="counted")
        client.messages.get(message.sid)
        client.messages.page(page_size=5)

    async def calls() -> None:
        async with AsyncClient(*account, base_url=mock.url) as client:
            message = await client.messages.create(to="+15558675310", from_=SENDER, body="counted")
            await client.messages.get(message.sid)
            await client.messages.page(page_size=5)

    asyncio.run(calls())
    every_call, page_only = ["POST", "GET", "GET"], ["GET"]
    if path == http.PLAIN:
        assert sent == every_call + every_call
    else:  # the async direct calls need aiohttp; the sync one needs nothing
        assert sent == page_only + (page_only if http.fast_available() else every_call)
