"""Retries under the mock's injected faults: reads ride them out, sends are never doubled."""

from __future__ import annotations

import builtins
import socket
from typing import Any

import httpx
import pytest
from facade_helpers import Runner, collect, fresh_number, request_counts, resolve, set_faults

from sendwire import Message, RateLimitError, ServerError, TransportError
from sendwire import TimeoutError as SendwireTimeoutError

# The outcome depends on the transport: run on the fast path and on plain httpx.
pytestmark = pytest.mark.usefixtures("http_path")

SENDER = "+15017122661"


def _stored(runner: Runner, to: str) -> list[Message]:
    """What the mock holds for ``to``, read with faults off."""
    set_faults(runner.mock, "")

    async def scenario(client: Any) -> list[Message]:
        return await collect(client.messages.list(to=to))

    return Runner("sync", runner.mock).run(scenario)


def test_reads_are_retried_through_429_503_and_resets(runner: Runner) -> None:
    to = fresh_number()

    async def create(client: Any) -> Message:
        return await resolve(client.messages.create(to=to, from_=SENDER, body="read me"))

    message = runner.run(create)
    set_faults(runner.mock, "429=0.2,503=0.2,reset=0.2,retry_after=0", seed=11)

    async def read_many(client: Any) -> list[Message]:
        fetched = []
        for _ in range(15):
            fetched.append(await resolve(client.messages.get(message.sid, max_retries=30)))
        fetched.extend(await collect(client.messages.list(to=to, max_retries=30)))
        return fetched

    fetched = runner.run(read_many)
    assert all(m.sid == message.sid for m in fetched) and len(fetched) == 16
    faults = request_counts(runner.mock)["FetchMessage"]
    assert {"429", "503", "reset"} <= faults.keys()  # each fault kind was met and survived
    injected = sum(n for status, n in faults.items() if status != "200")
    assert faults["200"] == 15
    assert len(runner.sleeps) >= injected


def test_creates_are_retried_on_429_and_stored_once(runner: Runner) -> None:
    to = fresh_number()
    set_faults(runner.mock, "429=0.5,retry_after=0", seed=3)

    async def scenario(client: Any) -> list[Message]:
        return [
            await resolve(client.messages.create(to=to, from_=SENDER, body=f"n{i}", max_retries=30))
            for i in range(6)
        ]

    created = runner.run(scenario)
    rate_limited = request_counts(runner.mock)["CreateMessage"].get("429", 0)
    assert rate_limited > 0 and len(runner.sleeps) == rate_limited
    stored = _stored(runner, to)
    assert sorted(m.sid for m in stored) == sorted(m.sid for m in created)
    assert sorted(m.body or "" for m in stored) == [f"n{i}" for i in range(6)]


def test_create_is_not_retried_after_reset_after_commit(runner: Runner) -> None:
    to = fresh_number()
    set_faults(runner.mock, "reset_after_commit=1")

    async def scenario(client: Any) -> None:
        await resolve(client.messages.create(to=to, from_=SENDER, body="once", max_retries=5))

    with pytest.raises(TransportError) as info:
        runner.run(scenario)
    assert info.value.may_have_reached_server and info.value.outcome_unknown
    assert "not repeated" in str(info.value)
    assert runner.sleeps == []
    stored = _stored(runner, to)
    assert [m.body for m in stored] == ["once"]  # it was sent, exactly once


def test_create_is_not_retried_after_a_reset_or_a_503(runner: Runner) -> None:
    to = fresh_number()

    async def scenario(client: Any) -> None:
        await resolve(client.messages.create(to=to, from_=SENDER, body="x", max_retries=5))

    set_faults(runner.mock, "reset=1")
    with pytest.raises(TransportError):
        runner.run(scenario)
    set_faults(runner.mock, "503=1")
    with pytest.raises(ServerError) as info:
        runner.run(scenario)
    assert info.value.outcome_unknown
    assert runner.sleeps == []
    counts = request_counts(runner.mock)["CreateMessage"]
    assert counts == {"reset": 1, "503": 1}


def test_retry_after_is_honoured(runner: Runner) -> None:
    set_faults(runner.mock, "429=1,retry_after=4")

    async def scenario(client: Any) -> None:
        await resolve(
            client.messages.create(to=fresh_number(), from_=SENDER, body="x", max_retries=2)
        )

    with pytest.raises(RateLimitError):
        runner.run(scenario)
    assert runner.sleeps == [4.0, 4.0]


def test_backoff_delays_grow_within_their_bounds(runner: Runner) -> None:
    set_faults(runner.mock, "503=1")

    async def scenario(client: Any) -> None:
        await resolve(client.messages.get("SM" + "a" * 32, max_retries=5))

    with pytest.raises(ServerError):
        runner.run(scenario)
    assert len(runner.sleeps) == 5
    for retry, delay in enumerate(runner.sleeps):
        assert 0 <= delay <= min(8.0, 0.5 * 2**retry)
    assert request_counts(runner.mock)["FetchMessage"] == {"503": 6}


def test_per_client_and_per_call_retry_settings(runner: Runner) -> None:
    set_faults(runner.mock, "503=1")

    async def scenario(client: Any) -> None:
        for call in (
            lambda: client.messages.get("SM" + "a" * 32),
            lambda: client.with_options(max_retries=1).messages.get("SM" + "a" * 32),
            lambda: client.messages.get("SM" + "a" * 32, max_retries=0),
        ):
            with pytest.raises(ServerError):
                await resolve(call())

    runner.run(scenario, max_retries=2)
    assert len(runner.sleeps) == 2 + 1 + 0


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_connection_refused_on_create_is_retried_then_raised(runner: Runner) -> None:
    async def scenario(client: Any) -> None:
        await resolve(client.messages.create(to=fresh_number(), from_=SENDER, body="x"))

    with pytest.raises(TransportError) as info:
        runner.run(scenario, base_url=f"http://127.0.0.1:{_closed_port()}", max_retries=3)
    assert len(runner.sleeps) == 3
    assert not info.value.may_have_reached_server and not info.value.outcome_unknown
    assert "not sent" in str(info.value)


class _LoseFirstDeleteAnswer(httpx.BaseTransport):
    """Delivers the first DELETE to the server, then drops its answer on the floor."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.dropped = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "DELETE" and not self.dropped:
            response.read()
            self.dropped += 1
            raise httpx.ReadError("connection lost", request=request)
        return response


class _AsyncLoseFirstDeleteAnswer(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.dropped = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "DELETE" and not self.dropped:
            await response.aread()
            self.dropped += 1
            raise httpx.ReadError("connection lost", request=request)
        return response


def test_delete_whose_answer_was_lost_counts_as_done(runner: Runner) -> None:
    """The retry of a delete finds 404 because the first attempt worked: that is success."""
    to = fresh_number()
    transport = _LoseFirstDeleteAnswer() if runner.kind == "sync" else _AsyncLoseFirstDeleteAnswer()

    async def scenario(client: Any) -> str:
        created = await resolve(client.messages.create(to=to, from_=SENDER, body="bye"))
        assert await resolve(client.messages.delete(created.sid)) is None
        return str(created.sid)

    runner.run(scenario, transport=transport)
    assert transport.dropped == 1 and len(runner.sleeps) == 1
    assert request_counts(runner.mock)["DeleteMessage"] == {"204": 1, "404": 1}
    assert _stored(runner, to) == []


def test_timeouts_raise_sendwire_timeout_error(runner: Runner) -> None:
    """A real read timeout (the mock answers late): reads retry it, a create does not."""
    to = fresh_number()
    set_faults(runner.mock, "latency_ms=400")

    async def read(client: Any) -> None:
        await resolve(client.messages.get("SM" + "b" * 32, max_retries=2))

    with pytest.raises(SendwireTimeoutError) as info:
        runner.run(read, timeout=0.1)
    assert isinstance(info.value, TransportError) and isinstance(info.value, builtins.TimeoutError)
    assert len(runner.sleeps) == 2

    async def send(client: Any) -> None:
        await resolve(client.messages.create(to=to, from_=SENDER, body="late", max_retries=2))

    with pytest.raises(SendwireTimeoutError) as created:
        runner.run(send, timeout=0.1)
    assert created.value.outcome_unknown and len(runner.sleeps) == 2  # no sleep: not repeated
    # Whether the server went on with the late request or dropped it, it holds at most one.
    assert len(_stored(runner, to)) <= 1
