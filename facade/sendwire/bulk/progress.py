"""Progress reports handed to ``on_progress`` during a bulk run."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import attrs


@attrs.frozen(slots=True)
class BulkProgress:
    """A snapshot of a bulk run.

    ``processed`` counts items with a final outcome, including ``resumed`` ones an earlier run
    of the same journal had finished; ``sent_now`` counts the items this run got accepted;
    ``pending`` are sent items waiting for reconciliation (their outcome is unknown).
    ``phase`` is ``"reconciling"`` while unknown outcomes are checked against the server,
    ``"sending"`` otherwise, and ``"done"`` in the last report.
    """

    processed: int
    succeeded: int
    failed: int
    resumed: int
    in_flight: int
    pending: int
    elapsed: float
    phase: str
    sent_now: int = 0

    @property
    def rate(self) -> float:
        """Items accepted per second by this run (what an earlier run did is not counted)."""
        return self.sent_now / self.elapsed if self.elapsed > 0 else 0.0


ProgressCallback = Callable[[BulkProgress], None]

logger = logging.getLogger("sendwire.bulk")


class ProgressCounter:
    """The counters of a run, reported at most every ``interval`` seconds."""

    def __init__(self, callback: ProgressCallback | None, interval: float = 0.1) -> None:
        self._callback = callback
        self._interval = interval
        self._started = time.monotonic()
        self._last = 0.0
        self.succeeded = 0
        self.failed = 0
        self.resumed = 0
        #: Of ``resumed``, the ones an earlier run had failed for good.
        self.resumed_failed = 0
        self.sent_now = 0
        self.in_flight = 0
        self.pending = 0
        self.phase = "sending"

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def snapshot(self) -> BulkProgress:
        return BulkProgress(
            processed=self.succeeded + self.failed,
            succeeded=self.succeeded,
            failed=self.failed,
            resumed=self.resumed,
            in_flight=self.in_flight,
            pending=self.pending,
            elapsed=self.elapsed,
            phase=self.phase,
            sent_now=self.sent_now,
        )

    def report(self, *, force: bool = False) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        if force or now - self._last >= self._interval:
            self._last = now
            try:
                self._callback(self.snapshot())
            except Exception:
                # A broken progress display must not stop the sending: report it once and
                # carry on without it.
                logger.exception("on_progress failed; no more progress reports for this run")
                self._callback = None
