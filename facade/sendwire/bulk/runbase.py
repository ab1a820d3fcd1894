"""What every bulk run shares: the journal thread, the outcome buffer and its group commits."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Generic, TypeVar

from sendwire.bulk.journal import Journal, JournalKind, remove_journal_files
from sendwire.bulk.progress import ProgressCallback, ProgressCounter
from sendwire.bulk.ratelimit import AdaptiveGate

T = TypeVar("T")
O = TypeVar("O")

# Outcomes are committed when this many are waiting, or this often, whichever comes first.
FLUSH_SIZE = 256
FLUSH_INTERVAL = 0.05


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
    """A bulk run's plumbing. Journal calls run on one worker thread, in submission order,
    so a slow disk never stalls the requests in flight."""

    def __init__(
        self,
        journal: Journal,
        *,
        concurrency: int,
        rate_limit: float | None,
        on_progress: ProgressCallback | None,
        stop_on_error: bool,
        commit: Callable[[Sequence[O]], None],
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if rate_limit is not None and rate_limit <= 0:
            raise ValueError("rate_limit must be a positive number of messages per second")
        self.journal = journal
        self.concurrency = concurrency
        self.gate = AdaptiveGate(concurrency, rate_limit)
        self.progress = ProgressCounter(on_progress)
        self.stop_on_error = stop_on_error
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
