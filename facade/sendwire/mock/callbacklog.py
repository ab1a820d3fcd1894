"""The status callbacks the mock has sent, per message, for the inbox's message detail."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any, NamedTuple

# Messages remembered (oldest forgotten first) and callbacks kept per message.
_MESSAGES = 10_000
_PER_MESSAGE = 20


class SentCallback(NamedTuple):
    url: str
    status: str
    answer: str  # the receiver's HTTP status, or why there was none
    at: float  # wall-clock seconds
    duration_ms: float
    signature: str

    def as_json(self) -> dict[str, Any]:
        return self._asdict()


class CallbackLog:
    def __init__(self) -> None:
        self._by_message: OrderedDict[str, list[SentCallback]] = OrderedDict()

    def add(self, sid: str, sent: SentCallback) -> None:
        kept = self._by_message.setdefault(sid, [])
        self._by_message.move_to_end(sid)
        if len(kept) < _PER_MESSAGE:
            kept.append(sent)
        while len(self._by_message) > _MESSAGES:
            self._by_message.popitem(last=False)

    def of(self, sid: str) -> list[SentCallback]:
        return list(self._by_message.get(sid, ()))

    def clear(self) -> None:
        self._by_message.clear()


def sent_now(url: str, status: str, answer: str, started: float, signature: str) -> SentCallback:
    return SentCallback(
        url, status, answer, time.time(), (time.perf_counter() - started) * 1000, signature
    )
