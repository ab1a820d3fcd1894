"""``redact_many`` and ``delete_many``: walk a filtered list and act on every message.

Both actions are idempotent, so no intent is needed: a message is recorded as done once its
answer arrives, and a re-run with the same journal skips what is done. A delete answered 404
counts as done (an earlier attempt, or someone else, removed it). The list is walked again
after a pass that did any work, until a pass finds nothing left (at most a few passes), so a
message the server's paging moved under a concurrent change is not missed.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import time
from collections.abc import Mapping
from typing import Any

from sendwire._generated.operations import LIST_MESSAGE
from sendwire.bulk.codec import encode_request
from sendwire.bulk.journal import (
    FailedOutcome,
    Journal,
    JournalKind,
    SentOutcome,
    remove_journal_files,
)
from sendwire.bulk.options import RunOptions
from sendwire.bulk.results import BulkResult
from sendwire.bulk.runbase import RunBase, open_journal
from sendwire.bulk.stored import error_info, message_to_json
from sendwire.bulk.target import BulkTarget
from sendwire.errors import ApiError, NotFoundError, SendwireError
from sendwire.models import Message

SweepRow = tuple[str, str, SentOutcome | FailedOutcome]

MAX_PASSES = 3
LIST_BATCH = 200
DEFAULT_MAX_ATTEMPTS = 6


class SweepAction(str, enum.Enum):
    REDACT = "redact"
    DELETE = "delete"


class SweepRun(RunBase[SweepRow]):
    def __init__(
        self,
        target: BulkTarget,
        journal: Journal,
        action: SweepAction,
        options: RunOptions,
        *,
        max_attempts: int,
    ) -> None:
        super().__init__(journal, options, commit=journal.record_sweep, max_attempts=max_attempts)
        self.target = target
        self.action = action

    async def _apply(self, message: Message) -> SentOutcome | FailedOutcome:
        return await self.attempt(
            functools.partial(self._act, message),
            lambda done: SentOutcome(0, message.sid, message_to_json(done)),
            functools.partial(self._judge, message),
        )

    async def _act(self, message: Message) -> Message:
        if self.action is SweepAction.REDACT:
            return await self.target.redact(message.sid)
        await self.target.delete(message.sid)
        return message

    def _judge(
        self, message: Message, exc: Exception, attempts: int
    ) -> SentOutcome | FailedOutcome | None:
        """A failed redact or delete: its outcome, or None to try again (both are safe to
        repeat)."""
        if isinstance(exc, NotFoundError):
            if self.action is SweepAction.DELETE:  # gone already: an earlier attempt, or anyone
                return SentOutcome(0, message.sid, message_to_json(message))
            return FailedOutcome(0, error_info(exc), retryable=False)
        if not isinstance(exc, SendwireError):
            raise exc
        transient = not isinstance(exc, ApiError) or exc.status >= 500 or exc.status == 429
        if not transient:
            return FailedOutcome(0, error_info(exc), retryable=False)
        if attempts >= self.max_attempts:
            return FailedOutcome(0, error_info(exc), retryable=True)
        return None

    async def _worker(self, queue: asyncio.Queue[Message]) -> None:
        while True:
            message = await queue.get()
            try:
                if not self.stopping:
                    outcome = await self._apply(message)
                    self.buffer((message.sid, encode_request({"sid": message.sid}), outcome))
                    if isinstance(outcome, SentOutcome):
                        self.progress.succeeded += 1
                        self.progress.sent_now += 1
                    else:
                        self.progress.failed += 1
                        self.stopping = self.stop_on_error
                    self.progress.report()
            finally:
                queue.task_done()

    async def _dispatch(
        self, batch: list[Message], queue: asyncio.Queue[Message], first_pass: bool
    ) -> int:
        done = await self.db(self.journal.sweep_done, [m.sid for m in batch])
        sent = 0
        for message in batch:
            if message.sid in done:
                if first_pass:
                    self.progress.resumed += 1
                    self.progress.succeeded += 1
                continue
            await queue.put(message)
            sent += 1
        self.progress.report()
        return sent

    async def _pass(self, filters: Mapping[str, Any], first_pass: bool) -> int:
        queue: asyncio.Queue[Message] = asyncio.Queue(maxsize=self.concurrency * 4)
        workers = [asyncio.create_task(self._worker(queue)) for _ in range(self.concurrency)]
        dispatched = 0
        try:
            batch: list[Message] = []
            async for message in self.target.list(**filters, page_size=LIST_MESSAGE.max_page_size):
                if self.stopping:
                    break
                batch.append(message)
                if len(batch) >= LIST_BATCH:
                    dispatched += await self._dispatch(batch, queue, first_pass)
                    batch = []
            if batch and not self.stopping:
                dispatched += await self._dispatch(batch, queue, first_pass)
            await queue.join()
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        await self.flush()
        return dispatched

    async def run(self, filters: Mapping[str, Any]) -> float:
        started = time.monotonic()
        self.start_flusher()
        try:
            for number in range(MAX_PASSES):
                if not await self._pass(filters, first_pass=number == 0) or self.stopping:
                    break
            self.raise_journal_failure()
        finally:
            await self.shutdown([])
        return time.monotonic() - started


def filters_context(filters: Mapping[str, Any]) -> str:
    return encode_request({k: v for k, v in filters.items() if v is not None})


async def sweep(
    target: BulkTarget,
    action: SweepAction,
    filters: Mapping[str, Any],
    options: RunOptions | None = None,
    *,
    context: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> BulkResult:
    """Redact or delete every message ``filters`` list; see ``AsyncMessages.redact_many``.
    ``context`` names the account and server, kept in the journal with the filters."""
    options = options or RunOptions()
    active = {k: v for k, v in filters.items() if v is not None}
    kind = JournalKind.REDACT if action is SweepAction.REDACT else JournalKind.DELETE
    where = filters_context(active) + (f" for {context}" if context else "")
    book, temporary = open_journal(options.journal, kind, context=where)
    try:
        run = SweepRun(target, book, action, options, max_attempts=max_attempts)
        duration = await run.run(active)
        return run.result(temporary, None, duration)
    except BaseException:
        book.close()
        if temporary:
            remove_journal_files(book.path)
        raise
