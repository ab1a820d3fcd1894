"""Access counters, exposed at /_mock/stats so test tools can see what really happened."""

from __future__ import annotations

from collections import Counter
from typing import Any


class Stats:
    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str]] = Counter()
        self.callbacks: Counter[str] = Counter()

    def record(self, operation: str, status: int | str) -> None:
        self.requests[(operation, str(status))] += 1

    def clear(self) -> None:
        self.requests.clear()
        self.callbacks.clear()

    def snapshot(self) -> dict[str, Any]:
        by_operation: dict[str, dict[str, int]] = {}
        for (operation, status), count in sorted(self.requests.items()):
            by_operation.setdefault(operation, {})[status] = count
        return {"requests": by_operation, "callbacks": dict(self.callbacks)}
