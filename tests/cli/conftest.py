"""Fixtures of the CLI tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def mock(sendwire_mock: Any) -> Iterator[Any]:
    """The session's mock server, emptied before and after the test."""
    sendwire_mock.reset()
    yield sendwire_mock
    sendwire_mock.reset()
