"""Live updates for the inbox: what changed, pushed to browsers as server-sent events.

Nothing is done while no browser listens. With listeners, changes are gathered and sent at
most every FLUSH_SECONDS as one small event naming what changed (messages created, statuses
moved, new request-log entries, callbacks sent); the page then asks for what it shows. A
burst of API traffic therefore costs the server a few events a second, not one per request.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import AsyncGenerator
from typing import Any

from .asgi import dumps
from .clock import MockClock
from .lifecycle import timeline
from .store import MessageRow

FLUSH_SECONDS = 0.25
PING_SECONDS = 15.0
# Bounds: sids named in one event (past it the event just says "many"), status times
# waited for, and events queued for a slow browser (past it, that browser misses some).
_NAMED = 100
_WATCHED = 50_000
_QUEUED = 64


class _Listener:
    def __init__(self, account: str | None) -> None:
        self.account = account
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue(_QUEUED)


class _Changes:
    def __init__(self) -> None:
        self.messages: dict[str, set[str]] = {}
        self.statuses: dict[str, set[str]] = {}
        self.request_accounts: set[str | None] = set()
        self.callbacks: dict[str, set[str]] = {}
        self.reset = False
        self.any = False

    def add(self, table: dict[str, set[str]], account: str, sid: str) -> None:
        table.setdefault(account, set()).add(sid)
        self.any = True

    def for_account(self, account: str | None) -> dict[str, Any] | None:
        tables = (
            ("messages", self.messages),
            ("statuses", self.statuses),
            ("callbacks", self.callbacks),
        )
        accounts = set().union(*(table for _, table in tables))
        if account is not None:
            accounts &= {account}
        event: dict[str, Any] = {}
        for shown in sorted(accounts):
            entry: dict[str, Any] = {"many": False}
            for name, table in tables:
                sids = table.get(shown, set())
                if sids:
                    entry[name] = sorted(sids)[:_NAMED]
                    entry["many"] = entry["many"] or len(sids) > _NAMED
            event.setdefault("accounts", {})[shown] = entry
        if self.request_accounts and (account is None or account in self.request_accounts):
            event["requests"] = True
        if self.reset:
            event["reset"] = True
        return event or None


class LiveFeed:
    def __init__(self, clock: MockClock) -> None:
        self._clock = clock
        self._listeners: set[_Listener] = set()
        self._changes = _Changes()
        self._due: list[tuple[int, str, str]] = []
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None

    @property
    def listening(self) -> bool:
        return bool(self._listeners)

    # What changed (cheap, and nothing at all without listeners)

    def message(self, account: str, sid: str, row: MessageRow | None) -> None:
        """A message was stored, changed or (with no row) deleted."""
        if not self._listeners:
            return
        self._changes.add(self._changes.messages, account, sid)
        if row is None:
            return
        now = self._clock.now_us()
        for _, at in timeline(row):
            if at > now and len(self._due) < _WATCHED:
                heapq.heappush(self._due, (at, account, sid))

    def status(self, account: str, sid: str) -> None:
        if self._listeners:
            self._changes.add(self._changes.statuses, account, sid)

    def callback(self, account: str, sid: str) -> None:
        if self._listeners:
            self._changes.add(self._changes.callbacks, account, sid)

    def request(self, account: str | None) -> None:
        if self._listeners:
            self._changes.request_accounts.add(account)
            self._changes.any = True

    def clock_moved(self) -> None:
        if self._wake is not None:
            self._wake.set()

    def reset(self) -> None:
        self._due.clear()
        if self._listeners:
            self._changes.reset = self._changes.any = True

    # Listening

    async def listen(self, account: str | None) -> AsyncGenerator[bytes, None]:
        """Server-sent events for one browser, until `close` or the caller stops."""
        listener = _Listener(account)
        self._listeners.add(listener)
        self._ensure_running()
        try:
            yield b"retry: 2000\nevent: hello\ndata: {}\n\n"
            while True:
                try:
                    chunk = await asyncio.wait_for(listener.queue.get(), PING_SECONDS)
                except asyncio.TimeoutError:
                    yield b": ping\n\n"
                    continue
                if chunk is None:
                    return
                yield chunk
        finally:
            self._listeners.discard(listener)

    def close(self) -> None:
        """End every stream (the server is shutting down)."""
        for listener in self._listeners:
            try:
                listener.queue.put_nowait(None)
            except asyncio.QueueFull:
                listener.queue.get_nowait()
                listener.queue.put_nowait(None)
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _ensure_running(self) -> None:
        if self._task is None or self._task.done():
            self._wake = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        assert self._wake is not None
        while self._listeners:
            self._wake.clear()
            now = self._clock.now_us()
            while self._due and self._due[0][0] <= now:
                _, account, sid = heapq.heappop(self._due)
                self.status(account, sid)
            if self._changes.any:
                self._flush()
            try:
                await asyncio.wait_for(self._wake.wait(), FLUSH_SECONDS)
            except asyncio.TimeoutError:
                pass
        self._due.clear()
        self._task = None

    def _flush(self) -> None:
        changes, self._changes = self._changes, _Changes()
        for listener in self._listeners:
            event = changes.for_account(listener.account)
            if event is None:
                continue
            try:
                listener.queue.put_nowait(b"event: changed\ndata: " + dumps(event) + b"\n\n")
            except asyncio.QueueFull:
                pass  # a stalled browser misses this one; the next event refreshes it
