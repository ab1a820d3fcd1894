"""Both HTTP paths put the same request on the wire.

A recording server on 127.0.0.1 keeps the bytes of every request it reads and answers each
with a real message document taken from the mock. The same calls through the fast path
(aiohttp; its plain calls skip httpx's client layer) and through plain httpx must produce
the same method, target, body and headers that matter.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from sendwire import AsyncClient
from sendwire._core import http

SENDER = "+15017122661"
COMPARED = {
    b"accept",
    b"accept-encoding",
    b"authorization",
    b"content-type",
    b"content-length",
    b"user-agent",
    b"host",
}


class Recorder:
    def __init__(self, answer: bytes) -> None:
        self.answer = answer
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
                    + f"Content-Length: {len(reply)}\r\n\r\n".encode()
                    + reply
                )

    def close(self) -> None:
        self._sock.close()


@contextmanager
def recorder(answer: bytes) -> Iterator[Recorder]:
    server = Recorder(answer)
    try:
        yield server
    finally:
        server.close()


def _wire(path: str, answer: bytes, account: tuple[str, str]) -> list[tuple[Any, ...]]:
    """What the server read for a create, a fetch and a redact sent on `path`."""
    with recorder(answer) as server:

        async def calls() -> None:
            async with AsyncClient(*account, base_url=server.url) as client:
                await client.messages.create(
                    to="+15558675310",
                    from_=SENDER,
                    body="Héllo & good-bye: 100% sure?",
                    media_url=[
                        "https://example.com/a.jpg",
                        "https://example.com/b%20c.png?x=1&y=2",
                    ],
                    provide_feedback=True,
                    send_at=dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
                    schedule_type="fixed",
                    messaging_service_sid="MG" + "0" * 32,
                )
                await client.messages.get("SM" + "1" * 32)
                await client.messages.redact("SM" + "1" * 32)

        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(http.ENV, path)
            asyncio.run(calls())
        port = server.url.rsplit(":", 1)[1].encode()
        return [
            (line, body, {k: v.replace(port, b"PORT") for k, v in h.items() if k in COMPARED})
            for line, h, body in server.requests
        ]


@pytest.mark.skipif(not http.fast_available(), reason="sendwire[fast] is not installed")
def test_the_fast_path_sends_exactly_what_httpx_sends(sendwire_mock: Any) -> None:
    mock = sendwire_mock
    account = (mock.account_sid, mock.auth_token)
    with httpx.Client(base_url=mock.url, auth=account) as raw:
        answer = raw.post(
            f"/2010-04-01/Accounts/{mock.account_sid}/Messages.json",
            data={"To": "+15558675310", "From": SENDER, "Body": "sample"},
        ).content
    fast = _wire(http.FAST, answer, account)
    plain = _wire(http.PLAIN, answer, account)
    assert len(fast) == len(plain) == 3
    assert fast == plain
