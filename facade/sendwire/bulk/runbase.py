"""What every bulk run shares: the journal thread, the outcome buffer and its group commits."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Generic, TypeVar

from sendwire._core.retry import bulk_backoff
from sendwire.bulk.journal import Journal, JournalKind, remove_journal_files
from sendwire.bulk.options import RunOptions
from sendwire.bulk.progress import ProgressCounter
from sendwire.bulk.ratelimit import AdaptiveGate
from sendwire.bulk.results import BulkResult
from sendwire.errors import RateLimitError

T = TypeVar("T")
R = TypeVar("R")
O = TypeVar("O")

# Outcomes are committed when this many are waiting, or this often, whichever comes first:
# few commits, and few hand-offs to the journal thread. An outcome not yet committed when the
# process dies is settled by reconciliation, like any intent without an answer.
FLUSH_SIZE = 128
FLUSH_INTERVAL = 0.2


def open_journal(
    path: str | os.PathLike[str] | None, kind: JournalKind, context: str | None = None
) -> tuple[Journal, bool]:
    """The run's journal, held for this run, and whether it is a temporary one (no path)."""
    if path is not None:
        return Journal.open(path, kind, context=context), False
    # A fresh name in the temporary directory: the journal is created there, never reused.
    descriptor, name = tempfile.mkstemp(prefix="sendwire-bulk-", suffix=".journal")
    os.close(descriptor)
    os.remove(name)
    try:
        journal = Journal.open(name, kind, durable=False, context=context)
    except BaseException:
        remove_journal_files(Path(name))
        raise
    return journal, True


class RunBase(Generic[O]):
    """A bulk run's plumbing: the gate every request goes through, the one attempt loop of
    send and sweep, and the journal. Journal calls run on one worker thread, in submission
    order, so a slow disk never stalls the requests in flight."""

    def __init__(
        self,
        journal: Journal,
        options: RunOptions,
        *,
        commit: Callable[[Sequence[O]], None],
        max_attempts: int,
    ) -> None:
        self.journal = journal
        self.concurrency = options.concurrency
        self.gate = AdaptiveGate(options.concurrency, options.rate_limit)
        self.progress = ProgressCounter(options.on_progress)
        self.stop_on_error = options.stop_on_error
        self.max_attempts = max_attempts
        self.stopping = False
        self._commit = commit
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="sendwire-journal")
        self._buffer: list[O] = []
        # Batches handed to the journal thread and not yet confirmed; committing one twice is
        # harmless (outcomes are keyed updates), losing one to a cancellation is not.
        self._committing: dict[int, list[O]] = {}
        self._flush_wanted = asyncio.Event()
        self._flusher: asyncio.Task[None] | None = None
        self.journal_failure: Exception | None = None

    async def attempt(
        self,
        call: Callable[[], Awaitable[T]],
        done: Callable[[T], R],
        judge: Callable[[Exception, int], R | None],
    ) -> R:
        """One item's requests through the gate until it has an outcome: ``done`` makes it of
        an answer, ``judge`` of a failure and the attempts so far, or returns None to try the
        same request again (after the server's pause for a 429, else a growing back-off)."""
        attempts = 0
        while True:
            attempts += 1
            await self.gate.acquire()
            self.progress.in_flight += 1
            try:
                value = await call()
            except Exception as exc:  # noqa: BLE001 - judged, and re-raised there if unknown
                if isinstance(exc, RateLimitError):
                    retry_in = self.gate.rate_limited_by_server(exc.retry_after)
                else:
                    retry_in = bulk_backoff(attempts, random.random())
                outcome = judge(exc, attempts)
                if outcome is not None:
                    return outcome
            else:
                self.gate.succeeded()
                return done(value)
            finally:
                self.progress.in_flight -= 1
                self.gate.release()
            # Wait without holding a place in the gate, then try the same request again.
            await asyncio.sleep(retry_in)

    def result(
        self, temporary: bool, index_under: int | None, duration: float, *, reconciled: int = 0
    ) -> BulkResult:
        """The run's result (the journal is released for other runs) and its last report."""
        self.journal.unlock()
        progress = self.progress
        result = BulkResult(
            self.journal,
            temporary=temporary,
            index_under=index_under,
            duration=duration,
            reconciled=reconciled,
            rate_limited=self.gate.rate_limited,
            requests=self.gate.granted,
            stopped=self.stopping,
            earlier=(progress.resumed - progress.resumed_failed, progress.resumed_failed),
        )
        progress.phase = "done"
        progress.succeeded, progress.failed = result.succeeded_count, result.failed_count
        progress.pending = 0
        progress.report(force=True)
        return result

    async def db(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, function, *args)

    def buffer(self, outcome: O) -> None:
        self._buffer.append(outcome)
        if len(self._buffer) >= FLUSH_SIZE:
            self._flush_wanted.set()

    async def flush(self) -> None:
        if self._buffer:
            batch, self._buffer = self._buffer, []
            self._committing[id(batch)] = batch
            await self.db(self._commit, batch)
            del self._committing[id(batch)]

    async def _flush_loop(self) -> None:
        while True:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._flush_wanted.wait(), FLUSH_INTERVAL)
            self._flush_wanted.clear()
            try:
                await self.flush()
            except Exception as exc:  # noqa: BLE001 - handed to the run, which re-raises it
                # The journal cannot take outcomes (disk full, file removed): stop sending
                # and let the run raise this once the requests in flight are done.
                self.journal_failure = exc
                self.stopping = True
                return

    def raise_journal_failure(self) -> None:
        if self.journal_failure is not None:
            raise self.journal_failure

    def start_flusher(self) -> None:
        self._flusher = asyncio.create_task(self._flush_loop())

    async def shutdown(self, tasks: Sequence[asyncio.Task[Any]]) -> None:
        """Stop the tasks and commit every outcome still buffered, even when cancelled."""
        everything = [*tasks, *([self._flusher] if self._flusher else [])]
        for task in everything:
            task.cancel()
        await asyncio.gather(*everything, return_exceptions=True)
        # Whatever the flusher had in hand is done; commit the rest here, on this thread,
        # once the journal thread is idle.
        self._executor.shutdown(wait=True)
        leftovers = [*self._committing.values(), self._buffer]
        self._committing, self._buffer = {}, []
        for batch in leftovers:
            if batch:
                self._commit(batch)
