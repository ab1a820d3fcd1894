"""Injected faults: what a client sees, and that they never corrupt state."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from mock_helpers import assert_error, fresh_number

from sendwire.testing import MockServer

FORM = {"From": "+15557122661", "Body": "faulty"}


@pytest.fixture
def faults(mock: MockServer) -> Iterator[MockServer]:
    """The mock, with faults switched off again afterwards."""
    yield mock
    mock.set_faults("")


@pytest.fixture
def fresh() -> Iterator[httpx.Client]:
    """A client without pooled connections, so a dropped connection is seen as such."""
    with httpx.Client(
        timeout=10.0, verify=False, limits=httpx.Limits(max_keepalive_connections=0)
    ) as client:
        yield client


def create(client: httpx.Client, mock: MockServer, to: str | None = None) -> httpx.Response:
    return client.post(
        mock.url + mock.messages_path(), data={**FORM, "To": to or fresh_number()}, auth=mock.auth
    )


def test_rate_limit_answers_429_with_retry_after(
    faults: MockServer, fresh: httpx.Client, api: httpx.Client
) -> None:
    faults.set_faults("429=1,retry_after=3")
    response = create(fresh, faults)
    assert_error(response, 429, 20429)
    assert response.headers["retry-after"] == "3"
    assert_error(api.get("/Messages.json"), 429, 20429)
    # Test controls are never faulted.
    assert faults.stats()["messages"] == 0


def test_server_error_answers_503_in_the_api_format(
    faults: MockServer, fresh: httpx.Client
) -> None:
    faults.set_faults("503=1")
    assert_error(create(fresh, faults), 503, 20503)
    assert faults.stats()["messages"] == 0


def test_reset_drops_the_connection_before_anything_happens(
    faults: MockServer, fresh: httpx.Client
) -> None:
    faults.set_faults("reset=1")
    with pytest.raises(httpx.TransportError):
        create(fresh, faults)
    faults.set_faults("")
    assert faults.stats()["messages"] == 0


def test_reset_after_commit_stores_the_message_then_drops_the_connection(
    faults: MockServer, fresh: httpx.Client, api: httpx.Client
) -> None:
    faults.set_faults("reset_after_commit=1")
    to = fresh_number()
    with pytest.raises(httpx.TransportError):
        create(fresh, faults, to)
    # Only creates are affected.
    assert api.get("/Messages.json").status_code == 200
    faults.set_faults("")
    stored = api.get("/Messages.json", params={"To": to}).json()["messages"]
    assert len(stored) == 1
    assert stored[0]["body"] == "faulty"


def test_faults_follow_the_seed(faults: MockServer, api: httpx.Client) -> None:
    def run() -> list[int]:
        faults.set_faults("429=0.3,503=0.3", seed=42)
        return [api.get("/Messages.json").status_code for _ in range(30)]

    first = run()
    assert first == run()
    assert {200, 429, 503} == set(first)


def test_mixed_faults_never_corrupt_state(
    faults: MockServer, fresh: httpx.Client, api: httpx.Client
) -> None:
    faults.set_faults("429=0.15,503=0.15,reset=0.15,reset_after_commit=0.15,latency_ms=1", seed=7)
    acknowledged, unknown = set(), set()
    for _ in range(60):
        to = fresh_number()
        try:
            response = create(fresh, faults, to)
        except httpx.TransportError:
            unknown.add(to)
            continue
        if response.status_code == 201:
            acknowledged.add(response.json()["sid"])
        else:
            assert response.status_code in (429, 503)
    faults.set_faults("")
    stats = faults.stats()
    create_counts = stats["requests"]["CreateMessage"]
    assert create_counts.get("reset_after_commit", 0) > 0
    assert create_counts.get("reset", 0) > 0
    listed = api.get("/Messages.json", params={"PageSize": 1000}).json()["messages"]
    listed_sids = {message["sid"] for message in listed}
    assert acknowledged <= listed_sids
    # Exactly the acknowledged creates plus the ones committed before the drop are stored.
    assert len(listed_sids) == len(acknowledged) + create_counts["reset_after_commit"]
    assert stats["messages"] == len(listed_sids)
    for message in listed:
        assert api.get(f"/Messages/{message['sid']}.json").json() == message
