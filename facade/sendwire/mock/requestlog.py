"""The request log: every API request with its operation, outcome, duration and any fault.

It keeps the most recent requests in memory for the inbox, and with `log_requests` prints one
line per request. Only the method, path and query are kept: never a header, so never a
credential, and never a body.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections import deque
from collections.abc import Callable
from typing import Any, NamedTuple, TextIO

from .pipeline import Answer, ApiRequest, Layer

KEPT = 2000
_SHOWN_QUERY = 300


class LoggedRequest(NamedTuple):
    id: int
    at: float  # wall-clock seconds
    kind: str  # "api", or "webhook" for the mock's own calls to an app
    method: str
    target: str
    operation: str
    outcome: str
    duration_ms: float
    fault: str | None
    account: str | None
    note: str | None = None

    def as_json(self) -> dict[str, Any]:
        return self._asdict()

    def line(self) -> str:
        fault = f" fault={self.fault}" if self.fault else ""
        note = f" ({self.note})" if self.note else ""
        return (
            f"{self.method} {self.target} {self.operation} {self.outcome} "
            f"{self.duration_ms:.1f}ms{fault}{note}"
        )


class RequestLog:
    def __init__(self, console: TextIO | None = None) -> None:
        self.entries: deque[LoggedRequest] = deque(maxlen=KEPT)
        self._ids = itertools.count(1)
        self.console = console
        #: Called after each new entry (the live feed's notice), or None.
        self.on_record: Callable[[LoggedRequest], None] | None = None

    def add(
        self,
        kind: str,
        method: str,
        target: str,
        operation: str,
        outcome: str,
        duration_ms: float,
        fault: str | None = None,
        account: str | None = None,
        note: str | None = None,
    ) -> LoggedRequest:
        entry = LoggedRequest(
            next(self._ids),
            time.time(),
            kind,
            method,
            target,
            operation,
            outcome,
            duration_ms,
            fault,
            account,
            note,
        )
        self.entries.append(entry)
        if self.console is not None:
            print(entry.line(), file=self.console, flush=True)
        if self.on_record is not None:
            self.on_record(entry)
        return entry

    def after(self, last_id: int, account: str | None, limit: int) -> list[LoggedRequest]:
        """Entries newer than `last_id`, newest first (only the account's, if given)."""
        found: list[LoggedRequest] = []
        for entry in reversed(self.entries):
            if entry.id <= last_id or len(found) == limit:
                break
            if account is None or entry.account == account:
                found.append(entry)
        return found

    def clear(self) -> None:
        self.entries.clear()


def console_stream(enabled: bool) -> TextIO | None:
    return sys.stdout if enabled else None


def _target(request: ApiRequest) -> str:
    path: str = request.scope["path"]
    query: bytes = request.scope["query_string"]
    if query:
        path += "?" + query[:_SHOWN_QUERY].decode("latin-1")
    return path


class RequestLogging:
    """The API layer that writes the request log."""

    def __init__(self, log: RequestLog, next_layer: Layer) -> None:
        self.log = log
        self.next = next_layer

    async def __call__(self, request: ApiRequest) -> Answer:
        started = time.perf_counter()
        answer = await self.next(request)
        self.log.add(
            "api",
            request.scope["method"],
            _target(request),
            request.operation_id,
            answer.outcome,
            (time.perf_counter() - started) * 1000,
            request.fault,
            request.account,
        )
        return answer
