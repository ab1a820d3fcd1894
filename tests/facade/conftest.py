"""Fixtures of the facade tests: the mock server, emptied per test, and a runner per client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from facade_helpers import Runner


@pytest.fixture
def mock(sendwire_mock: Any) -> Iterator[Any]:
    """The mock server, emptied, with its clock and faults back to their defaults."""
    sendwire_mock.reset()
    yield sendwire_mock
    sendwire_mock.reset()


@pytest.fixture(params=["sync", "async"])
def runner(request: pytest.FixtureRequest, mock: Any) -> Runner:
    return Runner(request.param, mock)
