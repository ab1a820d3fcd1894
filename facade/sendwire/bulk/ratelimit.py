"""Pacing for bulk runs: a token bucket for a fixed rate, and a gate that backs off on 429.

The gate combines three limits every request passes through:
- how many requests may be in flight (starts at the run's concurrency, halved on each 429,
  then grown back by one for every run of successes),
- an optional token bucket (messages per second), whose rate is also halved on a 429 and
  recovers the same way,
- the request the server refused waits out its ``Retry-After`` before it is tried again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

Clock = Callable[[], float]


class TokenBucket:
    """``rate`` tokens per second, holding at most ``burst``; time comes from ``clock``."""

    def __init__(
        self, rate: float, burst: float | None = None, *, clock: Clock = time.monotonic
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be a positive number of messages per second")
        self.rate = float(rate)
        self.burst = float(burst) if burst is not None else max(1.0, min(self.rate, 10.0))
        self._clock = clock
        self._tokens = self.burst
        self._updated = clock()
        self.granted = 0

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def try_take(self) -> float:
        """Take a token and return 0, or return how many seconds until one is available."""
        self._refill()
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            self.granted += 1
            return 0.0
        return (1.0 - self._tokens) / self.rate

    def set_rate(self, rate: float) -> None:
        self._refill()
        self.rate = rate


class AdaptiveGate:
    """Admission for bulk requests: concurrency, optional rate, and 429 back-off."""

    # Successes needed before the limits grow one step after a slow-down.
    RECOVERY_STEP = 10
    # Requests already in flight when a 429 arrives were sent at the old pace; their 429s
    # must not halve the pace again, so it is halved at most once per this many seconds.
    DECREASE_INTERVAL = 1.0

    def __init__(
        self, concurrency: int, rate_limit: float | None = None, *, clock: Clock = time.monotonic
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.max_concurrency = concurrency
        self.concurrency = concurrency
        self._clock = clock
        self.max_rate = rate_limit
        self.bucket = TokenBucket(rate_limit, clock=clock) if rate_limit else None
        self._in_flight = 0
        self._streak = 0
        self._last_decrease = -float("inf")
        self._changed = asyncio.Event()
        self._granted = 0
        self.rate_limited = 0

    @property
    def granted(self) -> int:
        """Requests admitted so far (each one took a token when a rate is set)."""
        return self._granted

    async def acquire(self) -> None:
        while True:
            if self._in_flight >= self.concurrency:
                await self._wait(None)
                continue
            if self.bucket is not None:
                delay = self.bucket.try_take()
                if delay > 0:
                    await self._wait(delay)
                    continue
            self._in_flight += 1
            self._granted += 1
            return

    async def _wait(self, timeout: float | None) -> None:
        self._changed.clear()
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except asyncio.TimeoutError:
            pass

    def release(self) -> None:
        self._in_flight -= 1
        self._changed.set()

    def succeeded(self) -> None:
        """A request went through: after a streak, give back a step of what 429s took."""
        self._streak += 1
        if self._streak < self.RECOVERY_STEP:
            return
        self._streak = 0
        if self.concurrency < self.max_concurrency:
            self.concurrency += 1
            self._changed.set()
        if (
            self.bucket is not None
            and self.max_rate is not None
            and self.bucket.rate < self.max_rate
        ):
            self.bucket.set_rate(min(self.max_rate, self.bucket.rate * 1.25))

    def rate_limited_by_server(self, retry_after: float | None) -> float:
        """The server answered 429: halve the pace, and return how long the refused request
        waits before it is tried again (the server's ``Retry-After``, else one second)."""
        self.rate_limited += 1
        self._streak = 0
        now = self._clock()
        if now - self._last_decrease >= self.DECREASE_INTERVAL:
            self._last_decrease = now
            self.concurrency = max(1, self.concurrency // 2)
            if self.bucket is not None:
                self.bucket.set_rate(max(0.5, self.bucket.rate / 2))
        wait = retry_after if retry_after is not None and retry_after >= 0 else 1.0
        return min(wait, 60.0)
