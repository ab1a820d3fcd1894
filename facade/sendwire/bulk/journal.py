"""The bulk journal: a SQLite file with one row per item, the memory of a bulk run.

What is durable when:
- An item's INTENT (index, fingerprint, request, recipient, start time) is committed with
  ``synchronous=FULL`` before its request leaves the process. A lost intent could mean a
  duplicate on the next run, so intents are written in batches and fsynced first.
- OUTCOMES (SID and message, or an error) are group-committed as they arrive with
  ``synchronous=NORMAL``: they survive a killed process; after a power cut the last few may be
  lost, and those items are simply reconciled against the server like any other intent.

All methods are synchronous and serialised by a lock; the async engine calls them from one
worker thread so a slow disk never stalls the event loop.

A journal cannot be mistaken for a fresh one: only a path that does not exist starts a new
run, and an existing file is checked before anything is read from it (``opening``).
"""

from __future__ import annotations

import enum
import functools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sendwire.bulk import opening
from sendwire.bulk.errors import JournalError, JournalMismatchError

FORMAT_VERSION = opening.FORMAT_VERSION

P = ParamSpec("P")
R = TypeVar("R")


class JournalKind(str, enum.Enum):
    SEND = "send"
    REDACT = "redact"
    DELETE = "delete"


class ItemState(str, enum.Enum):
    INTENT = "intent"  # about to be sent, or sent with no answer recorded
    SENT = "sent"  # confirmed: the server holds it (sid known)
    FAILED = "failed"  # confirmed: the server refused it, or it was never sent
    UNKNOWN = "unknown"  # the request may or may not have reached the server
    ABSENT = "absent"  # reconciliation proved it was not stored: send it again


@dataclass(frozen=True)
class ErrorInfo:
    """What went wrong with one item, in a form the journal can keep."""

    kind: str
    message: str
    status: int | None = None
    code: int | None = None
    more_info: str | None = None
    #: For network failures: whether the request may have reached the server.
    reached: bool | None = None
    #: For a refusal before sending: the create argument at fault.
    field: str | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": self.kind,
                "message": self.message,
                "status": self.status,
                "code": self.code,
                "more_info": self.more_info,
                "reached": self.reached,
                "field": self.field,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> ErrorInfo:
        data = json.loads(text)
        return cls(
            kind=str(data["kind"]),
            message=str(data["message"]),
            status=data.get("status"),
            code=data.get("code"),
            more_info=data.get("more_info"),
            reached=data.get("reached"),
            field=data.get("field"),
        )


@dataclass(frozen=True)
class Intent:
    index: int
    fingerprint: str
    request: str
    to: str | None
    started_at: float


@dataclass(frozen=True)
class SentOutcome:
    index: int
    sid: str
    #: The message as JSON, or already packed (``pack_message``): an outcome waiting in a
    #: buffer for its commit then holds a few hundred bytes rather than the whole message.
    message: Mapping[str, Any] | bytes | None


@dataclass(frozen=True)
class FailedOutcome:
    index: int
    error: ErrorInfo
    retryable: bool


@dataclass(frozen=True)
class UnknownOutcome:
    index: int
    error: ErrorInfo
    #: When the ambiguous failure was seen: reconciliation waits a little after it.
    at: float = 0.0


@dataclass(frozen=True)
class WithdrawnOutcome:
    """The intent was written but the request never left the process (the run stopped)."""

    index: int


Outcome = SentOutcome | FailedOutcome | UnknownOutcome | WithdrawnOutcome


@dataclass(frozen=True)
class ItemRecord:
    index: int
    fingerprint: str
    state: ItemState
    retryable: bool


@dataclass(frozen=True)
class PendingItem:
    """An item whose fate is not known: what reconciliation needs to look for it."""

    index: int
    request: str
    to: str | None
    started_at: float
    #: The last sign of life: the intent, or the ambiguous failure that followed it.
    touched_at: float


@dataclass(frozen=True)
class StoredEntry:
    index: int
    state: ItemState
    request: str
    sid: str | None
    message: dict[str, Any] | None
    error: ErrorInfo | None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    idx INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    request TEXT NOT NULL,
    to_number TEXT,
    started_at REAL,
    touched_at REAL,
    sid TEXT,
    message BLOB,
    error TEXT,
    retryable INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS items_sid ON items(sid) WHERE sid IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_state ON items(state, idx);
"""
#: The items table's columns, as ``opening.inspect`` expects them.
_COLUMNS: tuple[str, ...] = ("idx", "fingerprint", "state", "request", "to_number")
_COLUMNS += ("started_at", "touched_at", "sid", "message", "error", "retryable")


def _dumps(message: Mapping[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":")).encode("utf-8")


try:
    import orjson
except ImportError:  # sendwire[fast] brings it; the standard library writes the same JSON
    _encode = _dumps
else:

    def _encode(message: Mapping[str, Any]) -> bytes:
        try:
            return orjson.dumps(message)
        except TypeError:  # what orjson cannot write (integers past 64 bits) json can
            return _dumps(message)


def pack_message(message: Mapping[str, Any] | bytes | None) -> bytes | None:
    """A message as the journal stores it: compact JSON (not compressed: compressing cost
    more CPU per message than the rest of the bookkeeping together)."""
    if message is None or isinstance(message, bytes):
        return message
    return _encode(message)


def _unpack_message(blob: bytes | None) -> dict[str, Any] | None:
    if blob is None:
        return None
    data = json.loads(blob)
    return data if isinstance(data, dict) else None


def _check_meta(
    path: Path, kind: JournalKind, meta: Mapping[str, str], context: str | None
) -> float:
    """Refuse a journal of another kind or context; return when its run began."""
    if meta.get("kind") != kind.value:
        raise JournalMismatchError(
            f"{path} is the journal of a bulk {meta.get('kind')} run, not of a bulk "
            f"{kind.value} run"
        )
    if meta.get("context", "") != (context or ""):
        raise JournalMismatchError(
            f"{path} was written for other filters, account or server "
            f"({meta.get('context') or 'none'}), not for this run's ({context or 'none'})"
        )
    try:
        return float(meta.get("created_at", ""))
    except ValueError:
        raise opening.refused(path, "it is damaged (its start time is unreadable)") from None


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """SQLite's errors (a full disk, a file removed under the run) as a ``JournalError``."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.IntegrityError:
            raise  # a broken promise of the engine's, not of the disk's
        except sqlite3.Error as exc:
            journal = args[0]
            raise JournalError(f"the journal {getattr(journal, 'path', '')} failed: {exc}") from exc

    return run


class Journal:
    """One bulk run's durable state. Open with :meth:`open`; close when done."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, kind: JournalKind, *, durable: bool
    ) -> None:
        self.path = path
        self.kind = kind
        self._db = connection
        self._durable = durable
        self._lock = threading.RLock()
        self._run_lock: int | None = None
        #: When the run this journal records began (seconds since the epoch).
        self.created_at = time.time()
        #: Whether the file existed: this run resumes an earlier one.
        self.resumed = False

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        kind: JournalKind,
        *,
        durable: bool = True,
        context: str | None = None,
    ) -> Journal:
        """Open the journal at ``path`` for a run of ``kind``, held for this run alone.

        Only a path that does not exist starts a new journal; an existing file must be a
        sound journal of the same ``kind`` and ``context`` (what the run works on beyond its
        items: the account and server, and a sweep's filters), or ``JournalError`` says why
        not. ``opening`` lists what is checked.
        """
        file = Path(path)
        claim = opening.claim(file)
        created_at = time.time()
        try:
            if not claim.created:
                # Judged through a read-only connection: a refused journal is left exactly
                # as it was (closing a writable one would fold its log into it).
                meta = opening.inspect(file, _COLUMNS, [state.value for state in ItemState])
                created_at = _check_meta(file, kind, meta, context)
            db = sqlite3.connect(file, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            claim.release()
            raise JournalError(f"cannot open the journal {file}: {exc}") from exc
        except BaseException:
            claim.release()
            raise
        journal = cls(file, db, kind, durable=durable)
        journal._run_lock = claim.descriptor
        journal.created_at = created_at
        journal.resumed = not claim.created
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL" if durable else "PRAGMA synchronous=OFF")
            if claim.created:
                db.executescript(_SCHEMA)
                journal._write_meta(context)
            journal._mark_open()
        except sqlite3.DatabaseError as exc:
            journal._abandon(claim)
            raise JournalError(f"cannot use the journal {file}: {exc}") from exc
        except BaseException:
            journal._abandon(claim)
            raise
        return journal

    def _abandon(self, claim: opening.Claim) -> None:
        self._db.close()
        if claim.created:  # ours, with no run recorded: leave nothing behind
            remove_journal_files(self.path)
        self.unlock()

    def lock_for_run(self) -> None:
        """Hold the journal exclusively until :meth:`unlock` (``open`` already does): two
        runs on one journal at once could both send an item. The lock dies with the process,
        so a crash leaves none."""
        if self._run_lock is None:
            self._run_lock = opening.lock(self.path)

    def unlock(self) -> None:
        if self._run_lock is not None:
            os.close(self._run_lock)  # closing the descriptor releases the flock
            self._run_lock = None

    def _write_meta(self, context: str | None) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("format", FORMAT_VERSION),
                    ("kind", self.kind.value),
                    ("context", context or ""),
                    ("created_at", repr(self.created_at)),
                    (opening.STATE, opening.CLOSED),
                    (opening.SESSION, ""),
                    (opening.COMMITS, "0"),
                ],
            )

    def _mark_open(self) -> None:
        """Put a fresh session mark into the main file itself: a write-ahead log written
        after this carries the mark, so one lost or swapped is told apart (``opening``)."""
        session = os.urandom(8).hex()
        self._db.execute("UPDATE meta SET value=? WHERE key=?", (opening.OPEN, opening.STATE))
        self._db.execute("UPDATE meta SET value=? WHERE key=?", (session, opening.SESSION))
        opening.checkpoint(self._db)

    def _mark_closed(self) -> bool:
        try:
            self._db.execute("UPDATE meta SET value=? WHERE key=?", (opening.CLOSED, opening.STATE))
        except sqlite3.Error:
            return False
        return True

    # -- transactions -------------------------------------------------------------------

    class _Tx:
        def __init__(self, db: sqlite3.Connection) -> None:
            self._db = db

        def __enter__(self) -> None:
            self._db.execute("BEGIN IMMEDIATE")

        def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
            if exc_type is None:
                # Every commit rewrites the meta page, so each write-ahead log carries the
                # session mark of the run that wrote it.
                self._db.execute(
                    "UPDATE meta SET value=CAST(value AS INTEGER) + 1 WHERE key=?",
                    (opening.COMMITS,),
                )
                self._db.execute("COMMIT")
            else:
                self._db.execute("ROLLBACK")

    def _transaction(self) -> Journal._Tx:
        return Journal._Tx(self._db)

    def _set_sync(self, level: str) -> None:
        if self._durable:
            self._db.execute(f"PRAGMA synchronous={level}")

    # -- writing --------------------------------------------------------------------------

    @_guarded
    def write_intents(self, intents: Sequence[Intent]) -> None:
        """Commit and fsync the intents of a batch; only then may its requests be sent."""
        if not intents:
            return
        with self._lock:
            self._set_sync("FULL")
            with self._transaction():
                self._db.executemany(
                    """INSERT INTO items (idx, fingerprint, state, request, to_number,
                                          started_at)
                       VALUES (?, ?, 'intent', ?, ?, ?)
                       ON CONFLICT(idx) DO UPDATE SET state='intent',
                           fingerprint=excluded.fingerprint, request=excluded.request,
                           to_number=excluded.to_number,
                           started_at=excluded.started_at, touched_at=NULL,
                           error=NULL, retryable=0""",
                    [(i.index, i.fingerprint, i.request, i.to, i.started_at) for i in intents],
                )

    @_guarded
    def record_failures_without_intent(self, rows: Sequence[tuple[Intent, ErrorInfo]]) -> None:
        """Items refused before sending (bad input): recorded final, never sent."""
        if not rows:
            return
        with self._lock:
            self._set_sync("NORMAL")
            with self._transaction():
                self._db.executemany(
                    """INSERT INTO items (idx, fingerprint, state, request, to_number,
                                          started_at, error, retryable)
                       VALUES (?, ?, 'failed', ?, ?, ?, ?, 0)
                       ON CONFLICT(idx) DO UPDATE SET state='failed', error=excluded.error,
                           fingerprint=excluded.fingerprint, request=excluded.request,
                           to_number=excluded.to_number, retryable=0""",
                    [
                        (i.index, i.fingerprint, i.request, i.to, i.started_at, e.to_json())
                        for i, e in rows
                    ],
                )

    @_guarded
    def record_outcomes(self, outcomes: Iterable[Outcome]) -> None:
        """Group-commit a batch of outcomes."""
        sent: list[tuple[str, bytes | None, int]] = []
        failed: list[tuple[str, int, int]] = []
        unknown: list[tuple[str, float, int]] = []
        withdrawn: list[tuple[int]] = []
        for outcome in outcomes:
            if isinstance(outcome, SentOutcome):
                sent.append((outcome.sid, pack_message(outcome.message), outcome.index))
            elif isinstance(outcome, FailedOutcome):
                failed.append((outcome.error.to_json(), int(outcome.retryable), outcome.index))
            elif isinstance(outcome, UnknownOutcome):
                unknown.append((outcome.error.to_json(), outcome.at, outcome.index))
            else:
                withdrawn.append((outcome.index,))
        if not (sent or failed or unknown or withdrawn):
            return
        with self._lock:
            self._set_sync("NORMAL")
            with self._transaction():
                self._db.executemany(
                    "UPDATE items SET state='sent', sid=?, message=?, error=NULL, retryable=0 "
                    "WHERE idx=?",
                    sent,
                )
                self._db.executemany(
                    "UPDATE items SET state='failed', error=?, retryable=? WHERE idx=?", failed
                )
                self._db.executemany(
                    "UPDATE items SET state='unknown', error=?, touched_at=? WHERE idx=?", unknown
                )
                self._db.executemany(
                    "UPDATE items SET state='absent' WHERE idx=? AND state='intent'", withdrawn
                )

    @_guarded
    def mark_absent(self, indexes: Iterable[int]) -> None:
        """Reconciliation proved these were never stored: they may be sent again."""
        rows = [(i,) for i in indexes]
        if not rows:
            return
        with self._lock:
            self._set_sync("NORMAL")
            with self._transaction():
                self._db.executemany(
                    "UPDATE items SET state='absent' WHERE idx=? AND state IN ('intent','unknown')",
                    rows,
                )

    # -- sweeps (redact/delete): one row per target SID, written when done ----------------

    @_guarded
    def record_sweep(self, rows: Sequence[tuple[str, str, SentOutcome | FailedOutcome]]) -> None:
        """Record done (or failed) targets: (sid, encoded request, outcome) per row."""
        if not rows:
            return
        with self._lock:
            self._set_sync("NORMAL")
            with self._transaction():
                for sid, request, outcome in rows:
                    if isinstance(outcome, SentOutcome):
                        state, message, error, retryable = (
                            "sent",
                            pack_message(outcome.message),
                            None,
                            0,
                        )
                    else:
                        state, message, error, retryable = (
                            "failed",
                            None,
                            outcome.error.to_json(),
                            int(outcome.retryable),
                        )
                    self._db.execute(
                        """INSERT INTO items (idx, fingerprint, state, request, sid, message,
                                              error, retryable, started_at)
                           VALUES ((SELECT COALESCE(MAX(idx), -1) + 1 FROM items), ?, ?, ?, ?,
                                   ?, ?, ?, ?)
                           ON CONFLICT(sid) WHERE sid IS NOT NULL DO UPDATE SET
                               state=excluded.state, message=excluded.message,
                               error=excluded.error, retryable=excluded.retryable""",
                        (sid, state, request, sid, message, error, retryable, time.time()),
                    )

    @_guarded
    def sweep_done(self, sids: Sequence[str]) -> set[str]:
        """Which of these targets are already finished (done, or failed for good)."""
        if not sids:
            return set()
        with self._lock:
            marks = ",".join("?" * len(sids))
            rows = self._db.execute(
                f"SELECT sid FROM items WHERE sid IN ({marks}) "
                "AND (state='sent' OR (state='failed' AND retryable=0))",
                list(sids),
            ).fetchall()
        return {str(r[0]) for r in rows}

    # -- reading --------------------------------------------------------------------------

    @_guarded
    def records(self, start: int, stop: int) -> dict[int, ItemRecord]:
        """The records of indexes in [start, stop)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT idx, fingerprint, state, retryable FROM items WHERE idx >= ? AND idx < ?",
                (start, stop),
            ).fetchall()
        return {
            int(r[0]): ItemRecord(int(r[0]), str(r[1]), ItemState(r[2]), bool(r[3])) for r in rows
        }

    @_guarded
    def pending(self, after: int = -1, limit: int = 500) -> list[PendingItem]:
        """Items needing reconciliation, in index order, starting after ``after``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT idx, request, to_number, started_at, touched_at FROM items "
                "WHERE state IN ('intent', 'unknown') AND idx > ? ORDER BY idx LIMIT ?",
                (after, limit),
            ).fetchall()
        return [
            PendingItem(int(r[0]), str(r[1]), r[2], float(r[3] or 0.0), float(r[4] or r[3] or 0.0))
            for r in rows
        ]

    @_guarded
    def known_sids(self, sids: Iterable[str]) -> set[str]:
        """Which of these SIDs the journal already gives to one of its items."""
        wanted = list(sids)
        found: set[str] = set()
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(
                    str(r[0])
                    for r in self._db.execute(
                        f"SELECT sid FROM items WHERE sid IN ({marks})", chunk
                    )
                )
        return found

    @_guarded
    def max_index(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT MAX(idx) FROM items").fetchone()
        return -1 if row is None or row[0] is None else int(row[0])

    @_guarded
    def count(self, states: Sequence[ItemState], *, index_under: int | None = None) -> int:
        """Items in ``states``; with ``index_under``, only those whose input index is below it
        (the items this run has read so far)."""
        marks = ",".join("?" * len(states))
        sql = f"SELECT COUNT(*) FROM items WHERE state IN ({marks})"
        params: list[Any] = [s.value for s in states]
        if index_under is not None:
            sql += " AND idx < ?"
            params.append(index_under)
        with self._lock:
            row = self._db.execute(sql, params).fetchone()
        return int(row[0])

    def entries(
        self, states: Sequence[ItemState], *, index_under: int | None = None, batch: int = 256
    ) -> Iterator[StoredEntry]:
        """Entries in these states in index order, read a batch at a time."""
        last = -1
        while True:
            chunk = self.entry_page(states, after=last, limit=batch, index_under=index_under)
            if not chunk:
                return
            yield from chunk
            last = chunk[-1].index

    @_guarded
    def entry_page(
        self,
        states: Sequence[ItemState],
        *,
        after: int = -1,
        limit: int = 256,
        index_under: int | None = None,
        offset: int = 0,
    ) -> list[StoredEntry]:
        marks = ",".join("?" * len(states))
        sql = (
            f"SELECT idx, state, request, sid, message, error FROM items "
            f"WHERE state IN ({marks}) AND idx > ?"
        )
        params: list[Any] = [s.value for s in states] + [after]
        if index_under is not None:
            sql += " AND idx < ?"
            params.append(index_under)
        sql += " ORDER BY idx LIMIT ? OFFSET ?"
        params += [limit, offset]
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [
            StoredEntry(
                index=int(r[0]),
                state=ItemState(r[1]),
                request=str(r[2]),
                sid=r[3],
                message=_unpack_message(r[4]),
                error=ErrorInfo.from_json(r[5]) if r[5] is not None else None,
            )
            for r in rows
        ]

    def close(self) -> None:
        with self._lock:
            # Closing folds the log into the main file and removes it, so the main file must
            # say so; on a full disk, folding the log first makes room for the mark.
            if not self._mark_closed():
                opening.checkpoint(self._db)
                self._mark_closed()
            self._db.close()
        self.unlock()

    def __repr__(self) -> str:
        return f"Journal(path={str(self.path)!r}, kind={self.kind.value!r})"


def remove_journal_files(path: Path) -> None:
    """Delete a journal and the WAL/shared-memory files SQLite keeps beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def check_fingerprint(record: ItemRecord, fingerprint: str) -> None:
    if record.fingerprint != fingerprint:
        raise JournalMismatchError(
            f"item {record.index} differs from the one this journal recorded at that index, "
            f"which was {'sent' if record.state is ItemState.SENT else 'perhaps sent'}: "
            "only an item that failed may be changed (or use a new journal)",
            index=record.index,
        )
