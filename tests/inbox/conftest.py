"""Fixtures of the inbox tests: the session's mock, a small TwiML app, hostile apps."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
import pytest

from sendwire.testing import MockServer

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


@pytest.fixture
def mock(sendwire_mock: MockServer) -> Iterator[MockServer]:
    sendwire_mock.reset()
    yield sendwire_mock
    sendwire_mock.reset()


@pytest.fixture
def api(mock: MockServer) -> Iterator[httpx.Client]:
    base = f"{mock.url}/2010-04-01/Accounts/{mock.account_sid}"
    with httpx.Client(base_url=base, auth=mock.auth, timeout=10.0) as client:
        yield client


@pytest.fixture
def example_app(mock: MockServer) -> Iterator[RunningApp]:
    """examples/incoming_reply.py, serving with the test account's token."""
    module = load_example()
    server = module.serve("127.0.0.1", 0, mock.auth_token)
    server.RequestHandlerClass = QuietHandler
    app = RunningApp(server)
    yield app
    app.stop()


WsgiApp = Callable[[dict[str, Any], Any], list[bytes]]


@pytest.fixture
def serve_app() -> Iterator[Callable[[WsgiApp], RunningApp]]:
    """Serve any WSGI app (a hostile one, say) on 127.0.0.1 for the test's duration."""
    running: list[RunningApp] = []

    def start(app: WsgiApp) -> RunningApp:
        server = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
        running.append(RunningApp(server))
        return running[-1]

    yield start
    for app in running:
        app.stop()
