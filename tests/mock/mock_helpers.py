"""Helpers shared by the mock server's tests."""

from __future__ import annotations

import itertools
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import httpx

_numbers = itertools.count(1)

MORE_INFO = "https://www.twilio.com/docs/errors/{code}"


def fresh_number() -> str:
    """A recipient no other test uses."""
    return f"+1555{next(_numbers):07d}"


def send(api: httpx.Client, **params: Any) -> dict[str, Any]:
    """Create a message (From/To/Body defaults filled in) and return it; expects 201."""
    data: dict[str, Any] = {"To": fresh_number(), "From": "+15557122661", "Body": "Hello"}
    data.update({key.replace("from_", "From"): value for key, value in params.items()})
    data = {key: value for key, value in data.items() if value is not None}
    response = api.post("/Messages.json", data=data)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def assert_error(response: httpx.Response, status: int, code: int) -> dict[str, Any]:
    """The response is the API's error document with this status and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "more_info", "status"}
    assert body["code"] == code
    assert body["status"] == status
    assert body["more_info"] == MORE_INFO.format(code=code)
    assert isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in body["message"]
    return body


class _ReceiverServer(ThreadingHTTPServer):
    request_queue_size = 128  # callbacks arrive many at once


class Received:
    def __init__(self, path: str, headers: dict[str, str], params: list[tuple[str, str]]) -> None:
        self.path = path
        self.headers = headers
        self.params = params
        self.form = dict(params)


class Receiver:
    """A tiny HTTP server that records every POST it gets."""

    def __init__(self, delay: float = 0.0) -> None:
        self.received: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                with receiver._lock:
                    receiver.received.append(
                        Received(self.path, dict(self.headers), parse_qsl(body, True))
                    )
                time.sleep(delay)  # a slow receiver keeps callbacks in flight
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = _ReceiverServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    def wait_for(self, count: int, seconds: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.01)
        raise AssertionError(f"expected {count} callbacks, got {len(self.received)}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
