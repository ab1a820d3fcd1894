"""What a bulk run returns: counts, and the succeeded and failed items read from the journal.

Nothing per item is held in memory: ``succeeded`` and ``failed`` are views over the journal, so
a run of a million items costs disk, not RAM. When the caller gave no journal, the run used a
temporary one, removed when the result is closed or garbage-collected.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import attrs

from sendwire.bulk.codec import decode_request
from sendwire.bulk.errors import OutcomeUnknownError
from sendwire.bulk.journal import ItemState, Journal, StoredEntry, remove_journal_files
from sendwire.bulk.stored import error_from_info, message_from_json
from sendwire.errors import SendwireError
from sendwire.models import Message

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["BulkFailure", "BulkResult", "BulkSuccess"]


@attrs.frozen(slots=True)
class BulkSuccess:
    """An item the server accepted.

    ``request`` is the item as given (``from`` spelt ``from_``); ``message`` is the message the
    server stored (for ``delete_many``, the message as listed just before it was deleted).
    """

    index: int
    request: dict[str, Any]
    message: Message


@attrs.frozen(slots=True)
class BulkFailure:
    """An item that failed; ``error`` is the exception it failed with."""

    index: int
    request: dict[str, Any]
    error: SendwireError


E = TypeVar("E", BulkSuccess, BulkFailure)

_SUCCEEDED = (ItemState.SENT,)
# An item still unknown after reconciliation is reported failed (its error says why); an item
# withdrawn before sending (a run stopped on error) has no outcome and is in neither list.
_FAILED = (ItemState.FAILED, ItemState.UNKNOWN, ItemState.INTENT)
_UNKNOWN = (ItemState.UNKNOWN, ItemState.INTENT)


def _success(entry: StoredEntry) -> BulkSuccess:
    if entry.message is None:  # pragma: no cover - every sent row stores its message
        raise SendwireError(f"journal row {entry.index} is sent but holds no message")
    return BulkSuccess(entry.index, decode_request(entry.request), message_from_json(entry.message))


def _failure(entry: StoredEntry) -> BulkFailure:
    error: SendwireError
    if entry.error is not None and entry.state is ItemState.FAILED:
        error = error_from_info(entry.error)
    else:
        cause = f" (last error: {entry.error.message})" if entry.error is not None else ""
        error = OutcomeUnknownError(
            "the request may have reached the server and could not be reconciled" + cause
        )
    return BulkFailure(entry.index, decode_request(entry.request), error)


class JournalView(Sequence[E], Generic[E]):
    """A read-only sequence of entries in some states, read from the journal on demand."""

    def __init__(
        self, journal: Journal, states: tuple[ItemState, ...], index_under: int | None, build: Any
    ) -> None:
        self._journal = journal
        self._states = states
        self._index_under = index_under
        self._build = build

    def __len__(self) -> int:
        return self._journal.count(self._states, index_under=self._index_under)

    def __iter__(self) -> Iterator[E]:
        for entry in self._journal.entries(self._states, index_under=self._index_under):
            yield self._build(entry)

    @overload
    def __getitem__(self, position: int) -> E: ...

    @overload
    def __getitem__(self, position: slice) -> list[E]: ...

    def __getitem__(self, position: int | slice) -> E | list[E]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if position < 0:
            raise IndexError(position)
        page = self._journal.entry_page(
            self._states, limit=1, offset=position, index_under=self._index_under
        )
        if not page:
            raise IndexError(position)
        built: E = self._build(page[0])
        return built

    def __repr__(self) -> str:
        return f"<{len(self)} bulk entries>"


def _close_journal(journal: Journal, remove: bool) -> None:
    journal.close()
    if remove:
        remove_journal_files(journal.path)


class BulkResult:
    """The outcome of ``send_many``, ``redact_many`` or ``delete_many``.

    ``succeeded`` and ``failed`` are sequences of :class:`BulkSuccess` / :class:`BulkFailure`
    in input order, read lazily from the journal. ``total`` counts items with an outcome (all
    of the input unless the run stopped early); items finished by an earlier run of the same
    journal are included: ``succeeded_now_count`` and ``failed_now_count`` leave them out, and
    ``earlier_succeeded_count`` / ``earlier_failed_count`` count them. ``unknown_count`` is how
    many failed items may have been sent (a later run reconciles them). ``reconciled_count`` is how many unknown outcomes were settled by
    finding the message on the server, ``rate_limited_count`` how many 429 answers slowed the
    run, and ``requests`` how many write requests were made (each took a token from the rate
    limit). ``stopped`` is true when the run ended early (``stop_on_error``, or a server that
    kept refusing connections); items it did not reach are in neither list, and a re-run with
    the same journal carries on. Close the result (or use it as a context manager, ``with``
    or ``async with``) to release the journal; a temporary journal is deleted then.
    """

    def __init__(
        self,
        journal: Journal,
        *,
        temporary: bool,
        index_under: int | None,
        duration: float,
        reconciled: int = 0,
        rate_limited: int = 0,
        requests: int = 0,
        stopped: bool = False,
        earlier: tuple[int, int] = (0, 0),
    ) -> None:
        self._journal = journal
        self.journal_path: Path | None = None if temporary else journal.path
        self.duration = duration
        self.reconciled_count = reconciled
        self.rate_limited_count = rate_limited
        self.requests = requests
        self.stopped = stopped
        self.succeeded: JournalView[BulkSuccess] = JournalView(
            journal, _SUCCEEDED, index_under, _success
        )
        self.failed: JournalView[BulkFailure] = JournalView(journal, _FAILED, index_under, _failure)
        # Counted once: the run is over, and later reads should not pay for a COUNT each.
        self.succeeded_count = len(self.succeeded)
        self.failed_count = len(self.failed)
        #: Of those, the items whose outcome is unknown (failed, but perhaps sent).
        self.unknown_count = journal.count(_UNKNOWN, index_under=index_under)
        #: Items an earlier run of the journal had finished: (succeeded, failed).
        self.earlier_succeeded_count, self.earlier_failed_count = earlier
        self._finalizer = weakref.finalize(self, _close_journal, journal, temporary)

    @property
    def total(self) -> int:
        return self.succeeded_count + self.failed_count

    @property
    def succeeded_now_count(self) -> int:
        """Items this run got accepted (not counting what an earlier run did)."""
        return self.succeeded_count - self.earlier_succeeded_count

    @property
    def failed_now_count(self) -> int:
        """Items that failed in this run with a known outcome (nothing of them was done)."""
        return self.failed_count - self.unknown_count - self.earlier_failed_count

    @property
    def ok(self) -> bool:
        """True when every item succeeded."""
        return self.failed_count == 0 and not self.stopped

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"BulkResult(total={self.total}, succeeded={self.succeeded_count}, "
            f"failed={self.failed_count}, duration={self.duration:.3f})"
        )
