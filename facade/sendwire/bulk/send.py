"""``send_many``: create many messages concurrently, each exactly once, resumable.

The run, in order:
1. Settle what an earlier run left open: items with an intent and no outcome are reconciled
   against the server (see ``reconcile``) before anything new is sent.
2. Stream the input lazily in batches. For each batch: skip items the journal already finished,
   check the rest with the facade's validation (bad ones fail alone, never sent), commit their
   intents durably, then queue them for the workers. The queue is bounded, so a generator of a
   million rows is read only as fast as messages go out.
3. Workers send through one gate (concurrency, optional rate, 429 back-off). A request that
   provably did not reach the server (429, connection refused) is tried again; an answer is
   recorded; an ambiguous failure (5xx, reset after sending, timeout) is recorded as unknown.
4. At the end, unknown items are reconciled; the ones proven absent are sent again; this
   repeats a few rounds. Anything still unknown is reported failed and left for the next run,
   which reconciles it first: it is never resent blindly.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import AsyncIterable, Iterable, Mapping
from typing import Any

import attrs

from sendwire.bulk.codec import decode_request, encode_request, fingerprint, normalize_request
from sendwire.bulk.errors import JournalMismatchError
from sendwire.bulk.journal import (
    ErrorInfo,
    FailedOutcome,
    Intent,
    ItemRecord,
    ItemState,
    Journal,
    JournalKind,
    Outcome,
    SentOutcome,
    UnknownOutcome,
    WithdrawnOutcome,
    check_fingerprint,
    pack_message,
    remove_journal_files,
)
from sendwire.bulk.options import RunOptions
from sendwire.bulk.reconcile import reconcile
from sendwire.bulk.results import BulkResult
from sendwire.bulk.runbase import RunBase, open_journal
from sendwire.bulk.stored import error_info, message_to_json
from sendwire.bulk.target import BulkTarget
from sendwire.errors import RateLimitError, SendwireError, TransportError, ValidationError
from sendwire.models import Message

Items = Iterable[Mapping[str, Any]] | AsyncIterable[Mapping[str, Any]]

#: Margin for the difference between this machine's clock and the server's, and for the
#: server's whole-second timestamps, when looking for messages an item may have created.
DEFAULT_RECONCILE_SKEW = 60.0
#: How long after an ambiguous request reconciliation waits, so the server has finished
#: storing whatever it received before its list is read.
DEFAULT_RECONCILE_GRACE = 0.5
#: Tries per item for failures that provably sent nothing (429, connection refused).
DEFAULT_MAX_ATTEMPTS = 10
RECONCILE_ROUNDS = 5
RECONCILE_CHUNK = 2000
#: Connection failures in a row, with no answer from the server in between, after which the
#: server is taken as unreachable and the run stops (a re-run resumes it).
UNREACHABLE_AFTER = 20


@attrs.frozen(slots=True)
class _Job:
    index: int
    prepared: object


class SendRun(RunBase[Outcome]):
    def __init__(
        self,
        target: BulkTarget,
        journal: Journal,
        options: RunOptions,
        *,
        reconcile_skew: float,
        reconcile_grace: float,
        max_attempts: int,
    ) -> None:
        super().__init__(
            journal, options, commit=journal.record_outcomes, max_attempts=max_attempts
        )
        self.target = target
        self.skew = reconcile_skew
        self.grace = reconcile_grace
        # Intents are committed (and fsynced) a batch at a time: one commit and two hand-offs
        # to the journal thread per batch, a bounded batch so memory stays flat.
        self.batch_size = max(128, options.concurrency * 8)
        #: Indexes above this have no record yet: a batch there needs no read first.
        self._recorded_up_to = -1
        self.reconciled = 0
        self._refused_in_a_row = 0

    # -- outcomes -------------------------------------------------------------------------

    def _finish(self, outcome: Outcome) -> None:
        self.buffer(outcome)
        counter = self.progress
        if isinstance(outcome, SentOutcome):
            counter.succeeded += 1
            counter.sent_now += 1
        elif isinstance(outcome, FailedOutcome):
            counter.failed += 1
            if self.stop_on_error:
                self.stopping = True
        elif isinstance(outcome, UnknownOutcome):
            counter.pending += 1
        counter.report()

    # -- the input ------------------------------------------------------------------------

    async def _produce(self, items: Items, queue: asyncio.Queue[_Job]) -> int:
        """Feed the queue from the input; returns how many items were read."""
        count = 0
        batch: list[tuple[int, Any]] = []
        if isinstance(items, AsyncIterable):
            async for item in items:
                if self.stopping:
                    break
                batch.append((count, item))
                count += 1
                if len(batch) >= self.batch_size:
                    await self._claim(batch, queue)
                    batch = []
        else:
            for item in items:
                if self.stopping:
                    break
                batch.append((count, item))
                count += 1
                if len(batch) >= self.batch_size:
                    await self._claim(batch, queue)
                    batch = []
        if batch and not self.stopping:
            await self._claim(batch, queue)
        return count

    def _claimable(self, record: ItemRecord, item_fingerprint: str) -> bool:
        """Whether an item an earlier run recorded is sent now (counting the ones that are
        not). A failed item corrected in the input goes out as it is now: nothing of it was
        sent. Any other change is refused: the item was sent, or may have been."""
        if record.fingerprint != item_fingerprint:
            if record.state in (ItemState.FAILED, ItemState.ABSENT):
                return True
            check_fingerprint(record, item_fingerprint)
        if record.state is ItemState.SENT:
            self.progress.resumed += 1
            self.progress.succeeded += 1
            return False
        if record.state is ItemState.FAILED and not record.retryable:
            self.progress.resumed += 1
            self.progress.resumed_failed += 1
            self.progress.failed += 1
            return False
        if record.state in (ItemState.INTENT, ItemState.UNKNOWN):
            # An earlier run's item that reconciliation could not settle: never resent
            # without proof; the end of this run tries again.
            self.progress.pending += 1
            return False
        return True

    async def _claim(self, batch: list[tuple[int, Any]], queue: asyncio.Queue[_Job]) -> None:
        """Validate a batch, commit the intents of what will be sent, then queue it."""
        records = (
            await self.db(self.journal.records, batch[0][0], batch[-1][0] + 1)
            if batch[0][0] <= self._recorded_up_to
            else {}
        )
        now = time.time()
        intents: list[Intent] = []
        refused: list[tuple[Intent, ErrorInfo]] = []
        jobs: list[_Job] = []
        for index, item in batch:
            request, encoded, problem = _read_item(item)
            item_fingerprint = fingerprint(encoded)
            record = records.get(index)
            if record is not None and not self._claimable(record, item_fingerprint):
                continue
            to = request.get("to") if isinstance(request.get("to"), str) else None
            intent = Intent(index, item_fingerprint, encoded, to, now)
            prepared: object = None
            if problem is None:
                try:
                    prepared = self.target.prepare_create(request)
                except ValidationError as exc:
                    problem = exc
            if problem is not None:
                refused.append((intent, error_info(problem)))
                continue
            intents.append(intent)
            jobs.append(_Job(index, prepared))
        if refused:
            await self.db(self.journal.record_failures_without_intent, refused)
            self.progress.failed += len(refused)
            if self.stop_on_error:
                self.stopping = True
                return
        # The intents must be on disk before the first of these requests goes out.
        await self.db(self.journal.write_intents, intents)
        for job in jobs:
            await queue.put(job)
        self.progress.report()

    # -- sending --------------------------------------------------------------------------

    async def _worker(self, queue: asyncio.Queue[_Job]) -> None:
        while True:
            job = await queue.get()
            try:
                if self.stopping:
                    self.buffer(WithdrawnOutcome(job.index))
                else:
                    self._finish(await self._send(job))
            finally:
                queue.task_done()

    async def _send(self, job: _Job) -> Outcome:
        return await self.attempt(
            lambda: self.target.create(job.prepared),
            functools.partial(self._sent, job),
            functools.partial(self._judge, job),
        )

    def _sent(self, job: _Job, message: Message) -> Outcome:
        self._refused_in_a_row = 0
        return SentOutcome(job.index, message.sid, pack_message(message_to_json(message)))

    def _judge(self, job: _Job, exc: Exception, attempts: int) -> Outcome | None:
        """A failed create: its outcome, or None to send the same request again."""
        if isinstance(exc, RateLimitError):
            self._refused_in_a_row = 0
            if attempts >= self.max_attempts:
                return FailedOutcome(job.index, error_info(exc), retryable=True)
            return None
        if not isinstance(exc, SendwireError) or exc.outcome_unknown:
            # Whatever it was, the request may be out: never sent again without proof.
            return UnknownOutcome(job.index, error_info(exc), time.time())
        if not isinstance(exc, TransportError):
            self._refused_in_a_row = 0
            return FailedOutcome(job.index, error_info(exc), retryable=False)
        # Refused before a byte was sent (connection refused, no free connection).
        self._refused_in_a_row += 1
        if self._refused_in_a_row >= UNREACHABLE_AFTER:
            self.stopping = True  # the server is down: stop rather than hammer it
        if attempts >= self.max_attempts or self.stopping:
            return FailedOutcome(job.index, error_info(exc), retryable=True)
        return None

    # -- reconciliation -------------------------------------------------------------------

    async def _known_sids(self, sids: list[str]) -> set[str]:
        return await self.db(self.journal.known_sids, sids)

    async def reconcile_pending(self) -> tuple[int, int]:
        """Settle every item with an unknown outcome; returns how many were found on the
        server and how many proved absent."""
        await self.flush()
        found_total = absent_total = 0
        after = -1
        while True:
            chunk = await self.db(self.journal.pending, after, RECONCILE_CHUNK)
            if not chunk:
                break
            after = chunk[-1].index
            self.progress.phase = "reconciling"
            self.progress.report(force=True)
            newest = max(item.touched_at for item in chunk)
            wait = newest + self.grace - time.time()
            if wait > 0:
                await asyncio.sleep(wait)
            report = await reconcile(
                self.target,
                chunk,
                self._known_sids,
                skew=self.skew,
                concurrency=min(self.concurrency, 16),
            )
            await self.db(self.journal.record_outcomes, report.found)
            await self.db(self.journal.mark_absent, report.absent)
            self.reconciled += len(report.found)
            found_total += len(report.found)
            absent_total += len(report.absent)
        self.progress.phase = "sending"
        return found_total, absent_total

    async def _resend_absent(self, queue: asyncio.Queue[_Job]) -> None:
        after = -1
        while True:
            rows = await self.db(
                functools.partial(
                    self.journal.entry_page, (ItemState.ABSENT,), after=after, limit=self.batch_size
                )
            )
            if not rows:
                return
            after = rows[-1].index
            now = time.time()
            intents: list[Intent] = []
            jobs: list[_Job] = []
            for row in rows:
                request = decode_request(row.request)
                to = request.get("to")
                intents.append(
                    Intent(
                        row.index,
                        fingerprint(row.request),
                        row.request,
                        to if isinstance(to, str) else None,
                        now,
                    )
                )
                jobs.append(_Job(row.index, self.target.prepare_create(request)))
            await self.db(self.journal.write_intents, intents)
            for job in jobs:
                await queue.put(job)

    # -- the whole run --------------------------------------------------------------------

    async def run(self, items: Items) -> tuple[int, float]:
        started = time.monotonic()
        await self.reconcile_pending()
        self._recorded_up_to = await self.db(self.journal.max_index)
        # Small, so a Ctrl-C (which stops the reading) leaves few requests queued behind it.
        queue: asyncio.Queue[_Job] = asyncio.Queue(maxsize=self.concurrency * 2)
        self.start_flusher()
        workers = [asyncio.create_task(self._worker(queue)) for _ in range(self.concurrency)]
        try:
            count = await self._produce(items, queue)
            await queue.join()
            self.raise_journal_failure()
            beyond = await self.db(self.journal.max_index)
            if not self.stopping and beyond >= count:
                raise JournalMismatchError(
                    f"the journal holds items up to index {beyond} but the input has only "
                    f"{count}: it is not the input the journal was written for"
                )
            for _ in range(RECONCILE_ROUNDS):
                await self.flush()
                self.progress.pending = await self.db(
                    self.journal.count, (ItemState.INTENT, ItemState.UNKNOWN)
                )
                if not self.progress.pending:
                    break
                found, absent = await self.reconcile_pending()
                self.progress.pending = 0
                if not found and not absent:
                    break  # the server could not be listed: leave the rest to the next run
                if self.stopping or not absent:
                    continue
                await self._resend_absent(queue)
                await queue.join()
        finally:
            await self.shutdown(workers)
        return count, time.monotonic() - started


def _read_item(item: object) -> tuple[dict[str, Any], str, ValidationError | None]:
    """The item as a request, its canonical encoding, and why it is unusable if it is."""
    if not isinstance(item, Mapping):
        request = {"item": repr(item)[:200]}
        return (
            request,
            encode_request(request),
            ValidationError(
                f"an item must be a mapping of create fields, got {type(item).__name__}"
            ),
        )
    try:
        request = normalize_request(item)
    except ValueError as exc:
        request = dict(item)
        return request, encode_request(request), ValidationError(str(exc), field="from_")
    return request, encode_request(request), None


async def send_many(
    target: BulkTarget,
    items: Items,
    options: RunOptions | None = None,
    *,
    context: str | None = None,
    reconcile_skew: float = DEFAULT_RECONCILE_SKEW,
    reconcile_grace: float = DEFAULT_RECONCILE_GRACE,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> BulkResult:
    """Run ``send_many`` against ``target``; see ``AsyncMessages.send_many``. ``context``
    names the account and server: a journal written for others is refused."""
    options = options or RunOptions()
    book, temporary = open_journal(options.journal, JournalKind.SEND, context)
    try:
        run = SendRun(
            target,
            book,
            options,
            reconcile_skew=reconcile_skew,
            reconcile_grace=reconcile_grace,
            max_attempts=max_attempts,
        )
        count, duration = await run.run(items)
        return run.result(temporary, count, duration, reconciled=run.reconciled)
    except BaseException:
        book.close()
        if temporary:
            remove_journal_files(book.path)
        raise
