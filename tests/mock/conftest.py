"""Fixtures for the mock server's tests: everything goes over HTTP to a real server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from sendwire.testing import MockServer


@pytest.fixture
def mock(sendwire_mock_clean: MockServer) -> MockServer:
    return sendwire_mock_clean


@pytest.fixture(scope="session")
def http(sendwire_mock: MockServer) -> Iterator[httpx.Client]:
    """An unauthenticated client for the mock (shared: creating clients is slow)."""
    with httpx.Client(base_url=sendwire_mock.url, timeout=10.0, verify=False) as client:
        yield client


@pytest.fixture(scope="session")
def _account_client(sendwire_mock: MockServer) -> Iterator[httpx.Client]:
    base = f"{sendwire_mock.url}/2010-04-01/Accounts/{sendwire_mock.account_sid}"
    with httpx.Client(base_url=base, auth=sendwire_mock.auth, timeout=10.0, verify=False) as client:
        yield client


@pytest.fixture
def api(mock: MockServer, _account_client: httpx.Client) -> httpx.Client:
    """A client authenticated as the test account, rooted at the account's path, on a
    freshly reset mock."""
    return _account_client
