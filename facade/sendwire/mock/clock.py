"""The mock's clock: real time plus an offset that tests can push forward.

The offset is part of the mock's state: with a database it is saved on every change, so a
restarted mock keeps the time it had (a delivered message does not read `queued` again).
"""

from __future__ import annotations

import time
from collections.abc import Callable


class MockClock:
    def __init__(self, offset_us: int = 0, save: Callable[[int], None] | None = None) -> None:
        self.offset_us = offset_us
        self._save = save

    def now_us(self) -> int:
        return time.time_ns() // 1000 + self.offset_us

    def advance(self, seconds: float) -> None:
        self.set_offset(self.offset_us + int(seconds * 1_000_000))

    def set_offset(self, offset_us: int) -> None:
        self.offset_us = offset_us
        if self._save is not None:
            self._save(offset_us)
