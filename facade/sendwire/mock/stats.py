"""Access counters, exposed at /_mock/stats so test tools can see what really happened."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .pipeline import Answer, ApiRequest, Layer


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


class Counting:
    """Counts every API request by operation and outcome (status, or the fault that hit it)."""

    def __init__(self, stats: Stats, next_layer: Layer) -> None:
        self.stats = stats
        self.next = next_layer

    async def __call__(self, request: ApiRequest) -> Answer:
        answer = await self.next(request)
        self.stats.record(request.operation_id, answer.outcome)
        return answer
