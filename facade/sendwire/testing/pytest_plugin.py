"""pytest fixtures for a mock Messages API server (plugin `sendwire`, via `pytest11`).

`sendwire_mock` starts one server per test session on a free loopback port, in a background
thread of the test process; `sendwire_mock_clean` is the same server, reset before each test.
`sendwire_client` and `sendwire_async_client` are clients bound to that server, closed after
the test; the async one works in tests run by pytest-asyncio and by anyio's plugin alike.
Override `sendwire_mock_config` to change the server's settings. With the environment
variables SENDWIRE_MOCK_URL and SENDWIRE_MOCK_ACCOUNT (`SID:TOKEN`), the fixtures use that
running server instead of starting one.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

from .handle import MockServer

if TYPE_CHECKING:
    from sendwire import AsyncClient, Client
    from sendwire.mock import MockConfig

# Status steps in tests are moved by the test (`advance`), never by wall-clock time passing.
TEST_STEP_SECONDS = 60.0


@pytest.fixture(scope="session")
def sendwire_mock_config() -> MockConfig:
    """Settings of the session's mock server: one fresh account and one API key."""
    from sendwire.mock import Account, ApiKey, MockConfig
    from sendwire.mock.sids import new_secret, new_sid

    account = Account.generate()
    key = ApiKey(new_sid("SK"), new_secret(), account.sid)
    return MockConfig(accounts=[account], api_keys=[key], step_seconds=TEST_STEP_SECONDS)


@pytest.fixture(scope="session")
def sendwire_mock(sendwire_mock_config: MockConfig) -> Iterator[MockServer]:
    """A running mock server for the whole session: `.url`, `.account_sid`, `.auth_token`,
    `.api_key_sid`/`.api_key_secret`, and controls `.reset()`, `.advance(s)`, `.inbound(...)`.
    """
    external_url = os.environ.get("SENDWIRE_MOCK_URL")
    if external_url:
        sid, _, token = os.environ.get("SENDWIRE_MOCK_ACCOUNT", "").partition(":")
        if not sid or not token:
            raise pytest.UsageError("SENDWIRE_MOCK_URL needs SENDWIRE_MOCK_ACCOUNT=SID:TOKEN")
        handle = MockServer(url=external_url.rstrip("/"), account_sid=sid, auth_token=token)
        yield handle
        handle.close()
        return

    from sendwire.mock import create_app
    from sendwire.mock.server import BackgroundServer

    config = sendwire_mock_config
    account = config.accounts[0]
    key = (config.api_keys[0].sid, config.api_keys[0].secret) if config.api_keys else None
    with BackgroundServer(create_app(config)) as server:
        handle = MockServer(
            url=server.url, account_sid=account.sid, auth_token=account.auth_token, api_key=key
        )
        yield handle
        handle.close()


@pytest.fixture
def sendwire_mock_clean(sendwire_mock: MockServer) -> MockServer:
    """The session's mock server, reset (no messages, clock and faults as configured)."""
    sendwire_mock.reset()
    return sendwire_mock


@pytest.fixture
def sendwire_client(sendwire_mock: MockServer) -> Iterator[Client]:
    """A `sendwire.Client` for the session's mock server and its test account."""
    from sendwire import Client

    with Client(
        sendwire_mock.account_sid, sendwire_mock.auth_token, base_url=sendwire_mock.url
    ) as client:
        yield client


@pytest.fixture
def sendwire_async_client(request: pytest.FixtureRequest) -> AsyncClient:
    """A `sendwire.AsyncClient` for the session's mock server, opened and closed on the
    test's own event loop, whichever plugin runs the test (pytest-asyncio or anyio)."""
    if "anyio_backend" in request.fixturenames:
        backend = request.getfixturevalue("anyio_backend_name")
        if backend != "asyncio":
            pytest.fail(
                f"sendwire's AsyncClient runs on asyncio, not {backend}: give the "
                "anyio_backend fixture the value 'asyncio'",
                pytrace=False,
            )
        name = "_sendwire_async_client_anyio"
    elif _pytest_asyncio is not None:
        name = "_sendwire_async_client_asyncio"
    else:
        raise pytest.UsageError(
            "sendwire_async_client needs an async test: mark it with @pytest.mark.anyio "
            "(anyio's plugin) or @pytest.mark.asyncio (pip install pytest-asyncio)"
        )
    client: AsyncClient = request.getfixturevalue(name)
    return client


async def _async_client(mock: MockServer) -> AsyncIterator[AsyncClient]:
    from sendwire import AsyncClient

    async with AsyncClient(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        yield client


# The same client under each runner: anyio's plugin runs plain async fixtures of its own
# tests; pytest-asyncio (in its default strict mode) only those it marks as its own.
@pytest.fixture
async def _sendwire_async_client_anyio(sendwire_mock: MockServer) -> AsyncIterator[AsyncClient]:
    async for client in _async_client(sendwire_mock):
        yield client


try:
    import pytest_asyncio as _pytest_asyncio
except ImportError:  # pragma: no cover - depends on what the user installed
    _pytest_asyncio = None  # type: ignore[assignment]
else:

    @_pytest_asyncio.fixture
    async def _sendwire_async_client_asyncio(
        sendwire_mock: MockServer,
    ) -> AsyncIterator[AsyncClient]:
        async for client in _async_client(sendwire_mock):
            yield client
