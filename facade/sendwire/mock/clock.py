"""The mock's clock: real time plus an offset that tests can push forward."""

from __future__ import annotations

import time


class MockClock:
    def __init__(self, offset_us: int = 0) -> None:
        self.offset_us = offset_us

    def now_us(self) -> int:
        return time.time_ns() // 1000 + self.offset_us

    def advance(self, seconds: float) -> None:
        self.offset_us += int(seconds * 1_000_000)

    def reset(self) -> None:
        self.offset_us = 0
