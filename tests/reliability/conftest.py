"""Fixtures and switches of the reliability suite.

Each long test has a quick size that runs in `make test` and a full size marked `soak`, run
by `make soak` (which sets SENDWIRE_SOAK=1). Without that variable the full sizes are skipped,
so a plain `pytest` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from sendwire.testing import MockServer

SOAK_ENV = "SENDWIRE_SOAK"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "soak: the full-size run of a long test (`make soak`)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(SOAK_ENV) == "1":
        return
    skip = pytest.mark.skip(reason=f"full-size run: `make soak` runs it ({SOAK_ENV}=1)")
    for item in items:
        if item.get_closest_marker("soak") is not None:
            item.add_marker(skip)


@pytest.fixture
def mock(sendwire_mock: MockServer) -> Iterator[MockServer]:
    """The session's in-process mock server, emptied before and after the test."""
    sendwire_mock.reset()
    yield sendwire_mock
    sendwire_mock.reset()
