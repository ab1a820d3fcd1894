"""Status callbacks the mock really sends, checked and parsed with ``sendwire.webhooks``."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest
from facade_helpers import fresh_number

from sendwire import Client, MessageStatus
from sendwire.webhooks import RequestValidator, parse_status_callback


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[str, str, str]]  # (path, signature, body)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        self.received.append((self.path, self.headers.get("X-Twilio-Signature", ""), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    received: list[tuple[str, str, str]] = []
    handler = type("Handler", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


def test_signed_status_callbacks_validate_and_parse(
    mock: Any, receiver: tuple[str, list[tuple[str, str, str]]]
) -> None:
    base, received = receiver
    hook = f"{base}/hooks/status?tenant=7"
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        message = client.messages.create(
            to=fresh_number(), from_="+15017122661", body="track me", status_callback=hook
        )
        mock.advance(3600)
        deadline = time.monotonic() + 10  # waits for delivery; asserts nothing about speed
        while not any("delivered" in body for _, _, body in received):
            assert time.monotonic() < deadline, f"callbacks so far: {received}"
            time.sleep(0.02)

    validator = RequestValidator(mock.auth_token)
    events = []
    for path, signature, body in received:
        url = base + path
        form = parse_qsl(body, keep_blank_values=True)
        assert validator.validate(url, form, signature)
        assert not validator.validate(url + "&tenant=8", form, signature)
        assert not RequestValidator("another-token").validate(url, form, signature)
        events.append(parse_status_callback(form))

    assert all(e.message_sid == message.sid for e in events)
    assert all(e.account_sid == mock.account_sid for e in events)
    statuses = [e.status for e in events]
    assert statuses[-1] is MessageStatus.DELIVERED
    assert MessageStatus.SENT in statuses and all(s.is_known for s in statuses)
    last = events[-1]
    assert last.raw_dlr_done_date is not None and last.raw_dlr_done_date.tzinfo is not None
    assert last.error_code is None and last.to == message.to
