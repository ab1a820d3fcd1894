"""Helpers of the inbox tests."""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import httpx

T = TypeVar("T")
PHONE = "+15551230001"
NUMBER = "+15005550006"


def eventually(check: Callable[[], T | None], seconds: float = 10.0) -> T:
    """The first truthy result of `check`, polled until `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing came within {seconds} s")
        time.sleep(0.05)


def send(api: httpx.Client, to: str = PHONE, body: str = "Hello", **extra: Any) -> dict[str, Any]:
    data = {"To": to, "From": NUMBER, "Body": body, **extra}
    response = api.post("/Messages.json", data=data)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def inbox(http: httpx.Client, name: str, **params: Any) -> dict[str, Any]:
    response = http.get(f"/_mock/inbox/api/{name}", params=params)
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()
    return payload


def conversation(http: httpx.Client, phone: str = PHONE, number: str = NUMBER) -> dict[str, Any]:
    return inbox(http, "conversation", A=phone, B=number)


def replies(http: httpx.Client) -> list[dict[str, Any]]:
    return [m for m in conversation(http)["messages"] if m["direction"] == "outbound-reply"]


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "incoming_reply.py"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("incoming_reply", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RunningApp:
    """A WSGI app on 127.0.0.1 in a thread; `.url` is its /sms endpoint."""

    def __init__(self, server: WSGIServer) -> None:
        self.server = server
        host, port = server.server_address[:2]
        self.url = f"http://{host}:{port}/sms"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


WsgiApp = Callable[[dict[str, Any], Any], list[bytes]]
