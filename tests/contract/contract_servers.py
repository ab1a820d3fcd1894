"""Small HTTP servers on 127.0.0.1 for testing `sendwire contract` against a bad server.

* `BrokenProxy`: forwards every request to a real mock, except that fetching a message
  answers 500 with a body echoing the credentials it got (so masking is put to the test).
* `Unauthorized`: answers every request with 401, as a server does for wrong credentials.
"""

from __future__ import annotations

import base64
import http.server
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

FETCH_MESSAGE = re.compile(r"^/2010-04-01/Accounts/[^/]+/Messages/[^/]+\.json$")
_HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive", "host"}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream: httpx.Client | None = None

    def __getattr__(self, name: str) -> Any:
        # Every method, TRACE and made-up ones included: the server under test decides.
        if name.startswith("do_"):
            return self._answer
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _answer(self) -> None:
        raise NotImplementedError


class _BrokenHandler(_Handler):
    def _answer(self) -> None:
        body = self._body()
        path = self.path.split("?", 1)[0]
        if self.command == "GET" and FETCH_MESSAGE.match(path):
            sent = self.headers.get("Authorization", "")
            decoded = ""
            if sent.startswith("Basic "):
                decoded = base64.b64decode(sent[6:]).decode(errors="replace")
            error = {"code": 20500, "message": f"broken: got {sent} ({decoded})", "status": 500}
            self._send(500, json.dumps(error).encode(), {"Content-Type": "application/json"})
            return
        assert self.upstream is not None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        answer = self.upstream.request(self.command, self.path, content=body, headers=headers)
        kept = {
            k: v
            for k, v in answer.headers.items()
            if k.lower() not in _HOP_BY_HOP | {"content-encoding", "date", "server"}
        }
        self._send(answer.status_code, answer.content, kept)


class _UnauthorizedHandler(_Handler):
    def _answer(self) -> None:
        self._body()
        error = {
            "code": 20003,
            "message": "Authenticate",
            "more_info": "https://www.twilio.com/docs/errors/20003",
            "status": 401,
        }
        headers = {"Content-Type": "application/json", "WWW-Authenticate": 'Basic realm="API"'}
        self._send(401, json.dumps(error).encode(), headers)


@contextmanager
def _serve(handler: type[_Handler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def broken_proxy(upstream_url: str) -> Iterator[str]:
    with httpx.Client(base_url=upstream_url, timeout=30.0) as upstream:
        handler = type("BrokenProxy", (_BrokenHandler,), {"upstream": upstream})
        with _serve(handler) as url:
            yield url


@contextmanager
def unauthorized() -> Iterator[str]:
    with _serve(_UnauthorizedHandler) as url:
        yield url
