"""Fixtures of the inbox tests: the session's mock, a small TwiML app, hostile apps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from wsgiref.simple_server import make_server

import httpx
import pytest
from inbox_helpers import QuietHandler, RunningApp, WsgiApp, load_example

from sendwire.testing import MockServer


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
