"""Status callbacks: signed form POSTs to a message's StatusCallback on each status change.

Deliveries run in a background task on the server's event loop, never on a request's path.
Each status is due at the mock-clock time the message takes it; moving the clock wakes the
task. A message's callbacks go out one after another, in status order, and how many went
out is stored after each: a restarted mock sends the rest (one in flight at a kill may go
twice, never none).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import heapq
import hmac
import itertools
import time
from collections.abc import Callable, Mapping
from typing import NamedTuple

import httpx

from .clock import MockClock
from .dates import format_dlr_done
from .lifecycle import timeline
from .render import API_VERSION
from .stats import Stats
from .store import MessageRow, Store

SIGNATURE_HEADER = "X-Twilio-Signature"
_MAX_PARALLEL = 32
_RETRY_PAUSES = (0.5, 2.0)


def signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """Base64 HMAC-SHA1, keyed with the auth token, of the URL and the sorted name+value pairs."""
    payload = url + "".join(name + params[name] for name in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def callback_params(row: MessageRow, status: str, at: int) -> dict[str, str]:
    params = {
        "MessageSid": row.sid,
        "SmsSid": row.sid,
        "AccountSid": row.account_sid,
        "To": row.to_addr,
        "ApiVersion": API_VERSION,
        "MessageStatus": status,
        "SmsStatus": status,
    }
    if row.from_addr is not None:
        params["From"] = row.from_addr
    if row.messaging_service_sid is not None:
        params["MessagingServiceSid"] = row.messaging_service_sid
    if status in ("failed", "undelivered") and row.error_code is not None:
        params["ErrorCode"] = str(row.error_code)
    if status in ("delivered", "undelivered"):
        params["RawDlrDoneDate"] = format_dlr_done(at)
    return params


class _Delivery(NamedTuple):
    url: str
    params: dict[str, str]
    headers: dict[str, str]
    sent_after: int  # the message's callbacks out once this one is: its place in the timeline


def deliverable(url: str | None) -> bool:
    return url is not None and url.lower().startswith(("http://", "https://"))


class CallbackDispatcher:
    def __init__(
        self,
        store: Store,
        clock: MockClock,
        auth_token: Callable[[str], str | None],
        stats: Stats,
        timeout_seconds: float,
    ) -> None:
        self._store = store
        self._clock = clock
        self._auth_token = auth_token
        self._stats = stats
        self._timeout = timeout_seconds
        self._due: list[tuple[int, int, str, str]] = []
        self._order = itertools.count()
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None
        self._outbox: dict[str, list[_Delivery]] = {}
        self._senders: set[asyncio.Task[None]] = set()
        self._parallel: asyncio.Semaphore | None = None
        #: Told of each delivery attempt: (params, url, signature, answer, perf_counter start).
        self.on_sent: Callable[[dict[str, str], str, str, str, float], None] | None = None

    # Scheduling (called from request handlers, on the event loop)

    def schedule(self, row: MessageRow) -> None:
        if not deliverable(row.status_callback):
            return
        for status, at in timeline(row):
            heapq.heappush(self._due, (at, next(self._order), row.sid, status))
        self.poke()

    def resume(self) -> None:
        """Schedule what a previous run of the server did not send yet (at start-up)."""
        for row, sent in self._store.callbacks_to_resume():
            if deliverable(row.status_callback):
                for status, at in timeline(row)[sent:]:
                    heapq.heappush(self._due, (at, next(self._order), row.sid, status))
        self.poke()

    def schedule_status(self, sid: str, status: str, at: int) -> None:
        heapq.heappush(self._due, (at, next(self._order), sid, status))
        self.poke()

    def poke(self) -> None:
        """Re-check what is due, e.g. after the clock moved."""
        self._ensure_running()
        if self._wake is not None:
            self._wake.set()

    def clear(self) -> None:
        self._due.clear()
        self._outbox.clear()

    # Background work

    def _ensure_running(self) -> None:
        if self._task is not None and not self._task.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._wake = asyncio.Event()
        self._parallel = asyncio.Semaphore(_MAX_PARALLEL)
        self._task = loop.create_task(self._run())

    async def close(self) -> None:
        tasks = [task for task in (self._task, *self._senders) if task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            self._wake.clear()
            now = self._clock.now_us()
            while self._due and self._due[0][0] <= now:
                at, _, sid, status = heapq.heappop(self._due)
                self._dispatch(sid, status, at)
            timeout = (self._due[0][0] - now) / 1_000_000 if self._due else None
            try:
                await asyncio.wait_for(self._wake.wait(), timeout)
            except asyncio.TimeoutError:
                pass

    def _dispatch(self, sid: str, status: str, at: int) -> None:
        row = self._store.get_message_any_account(sid)
        steps = timeline(row) if row is not None else []
        if row is None or (status, at) not in steps:
            return  # deleted, or canceled before it got there
        url = row.status_callback
        token = self._auth_token(row.account_sid)
        if url is None or token is None:
            return
        params = callback_params(row, status, at)
        headers = {SIGNATURE_HEADER: signature(token, url, params)}
        queue = self._outbox.setdefault(sid, [])
        queue.append(_Delivery(url, params, headers, steps.index((status, at)) + 1))
        if len(queue) == 1:
            task = asyncio.get_running_loop().create_task(self._send_all(sid))
            self._senders.add(task)
            task.add_done_callback(self._senders.discard)

    async def _send_all(self, sid: str) -> None:
        queue = self._outbox.get(sid)
        while queue:
            delivery = queue[0]
            await self._post(delivery.url, delivery.params, delivery.headers)
            self._store.save_callback_progress(sid, delivery.sent_after)
            queue.pop(0)
        self._outbox.pop(sid, None)

    async def _post(self, url: str, params: dict[str, str], headers: dict[str, str]) -> None:
        assert self._parallel is not None
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)
        # A receiver that cannot be reached (busy, restarting) gets a few more tries; one that
        # answers, whatever it answers, has had its callback.
        started = time.perf_counter()
        failure = ""
        for pause in (*_RETRY_PAUSES, None):
            async with self._parallel:
                try:
                    response = await self._client.post(url, data=params, headers=headers)
                    break
                except (httpx.HTTPError, ValueError, OSError) as exc:
                    failure = f"failed: {type(exc).__name__}"
                    if not isinstance(exc, (httpx.TransportError, OSError)):
                        pause = None  # only an unreachable receiver is worth another try
            if pause is None:
                self._stats.callbacks["failed"] += 1
                self._tell(params, url, headers, failure, started)
                return
            await asyncio.sleep(pause)
        outcome = "delivered" if response.status_code < 400 else "rejected"
        self._stats.callbacks[outcome] += 1
        self._tell(params, url, headers, str(response.status_code), started)

    def _tell(
        self, params: dict[str, str], url: str, headers: dict[str, str], answer: str, started: float
    ) -> None:
        if self.on_sent is not None:
            self.on_sent(params, url, headers[SIGNATURE_HEADER], answer, started)
