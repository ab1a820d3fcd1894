"""pytest fixtures for a mock Messages API server (plugin `sendwire`, via `pytest11`).

`sendwire_mock` starts one server per test session on a free loopback port, in a background
thread of the test process; `sendwire_mock_clean` is the same server, reset before each test.
Override `sendwire_mock_config` to change the server's settings. With the environment
variables SENDWIRE_MOCK_URL and SENDWIRE_MOCK_ACCOUNT (`SID:TOKEN`), the fixtures use that
running server instead of starting one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from .handle import MockServer

if TYPE_CHECKING:
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
