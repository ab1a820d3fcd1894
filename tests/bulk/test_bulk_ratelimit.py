"""Pacing rules with a controlled clock: what the bucket grants and how 429s slow a run."""

from __future__ import annotations

import asyncio

import pytest

from sendwire.bulk.ratelimit import AdaptiveGate, TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_grants_at_most_burst_plus_rate_times_elapsed() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=5, burst=2, clock=clock)
    granted_at: list[float] = []
    for _ in range(400):  # 400 polls over 4 simulated seconds
        if bucket.try_take() == 0:
            granted_at.append(clock.now)
        clock.now += 0.01
    assert len(granted_at) == bucket.granted
    # Every window of the run holds at most burst + rate * window grants.
    for start in granted_at:
        for window in (0.5, 1.0, 2.0):
            inside = [t for t in granted_at if start <= t < start + window]
            assert len(inside) <= 2 + 5 * window + 1e-9
    assert bucket.granted >= 2 + 5 * 3.9 - 1  # and it does not under-grant either


def test_bucket_tells_how_long_until_the_next_token() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=4, burst=1, clock=clock)
    assert bucket.try_take() == 0
    assert bucket.try_take() == pytest.approx(0.25)
    clock.now += 0.25
    assert bucket.try_take() == 0


def test_bucket_refuses_a_non_positive_rate() -> None:
    with pytest.raises(ValueError, match="positive"):
        TokenBucket(0)


def test_gate_halves_once_per_burst_of_429s_and_recovers() -> None:
    clock = FakeClock()
    gate = AdaptiveGate(concurrency=16, rate_limit=100, clock=clock)
    assert gate.rate_limited_by_server(retry_after=3) == 3
    assert gate.concurrency == 8
    assert gate.bucket is not None and gate.bucket.rate == 50
    # 429s of requests sent before the slow-down do not halve it again...
    assert gate.rate_limited_by_server(retry_after=None) == 1.0
    assert gate.concurrency == 8
    # ...but a 429 after the pace was cut does.
    clock.now += AdaptiveGate.DECREASE_INTERVAL
    gate.rate_limited_by_server(retry_after=0)
    assert gate.concurrency == 4 and gate.bucket.rate == 25
    assert gate.rate_limited == 3
    for _ in range(AdaptiveGate.RECOVERY_STEP * 12):
        gate.succeeded()
    assert gate.concurrency == 16
    assert gate.bucket.rate == 100


def test_gate_never_admits_more_than_its_concurrency() -> None:
    async def scenario() -> None:
        gate = AdaptiveGate(concurrency=3)
        in_flight = 0
        peak = 0

        async def one() -> None:
            nonlocal in_flight, peak
            await gate.acquire()
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0)
            in_flight -= 1
            gate.release()

        await asyncio.gather(*(one() for _ in range(50)))
        assert peak == 3
        assert gate.granted == 50

    asyncio.run(scenario())
