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
"""

from __future__ import annotations

import enum
import json
import os
import sqlite3
import sys
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sendwire.bulk.errors import JournalError, JournalMismatchError

FORMAT_VERSION = "1"


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


# States whose item must be checked against the server before it may be sent again.
NEEDS_RECONCILE = (ItemState.INTENT, ItemState.UNKNOWN)


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

    def to_json(self) -> str:
        return json.dumps(
            {
                "kind": self.kind,
                "message": self.message,
                "status": self.status,
                "code": self.code,
                "more_info": self.more_info,
                "reached": self.reached,
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
    message: Mapping[str, Any] | None


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
    attempts INTEGER NOT NULL DEFAULT 0,
    sid TEXT,
    message BLOB,
    error TEXT,
    retryable INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS items_sid ON items(sid) WHERE sid IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_state ON items(state, idx);
"""


def _pack_message(message: Mapping[str, Any] | None) -> bytes | None:
    if message is None:
        return None
    return zlib.compress(json.dumps(message, separators=(",", ":")).encode("utf-8"), 1)


def _unpack_message(blob: bytes | None) -> dict[str, Any] | None:
    if blob is None:
        return None
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    return data if isinstance(data, dict) else None


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

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        kind: JournalKind,
        *,
        durable: bool = True,
        context: str | None = None,
    ) -> Journal:
        """Open or create the journal at ``path`` for a run of ``kind``.

        ``context`` describes what the run works on beyond its items (the list filters of a
        sweep); a journal is refused for a run with another kind or context.
        """
        file = Path(path)
        try:
            db = sqlite3.connect(file, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal {file}: {exc}") from exc
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL" if durable else "PRAGMA synchronous=OFF")
            db.executescript(_SCHEMA)
            journal = cls(file, db, kind, durable=durable)
            journal._check_meta(context)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise JournalError(f"{file} is not a usable journal: {exc}") from exc
        except BaseException:
            db.close()
            raise
        return journal

    def lock_for_run(self) -> None:
        """Hold the journal exclusively until :meth:`unlock`: two runs on one journal at once
        could both send an item. The lock dies with the process, so a crash leaves none."""
        if sys.platform == "win32" or self._run_lock is not None:  # pragma: no cover
            return
        import fcntl

        fd = os.open(self.path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise JournalError(f"{self.path} is in use by another bulk run") from None
        self._run_lock = fd

    def unlock(self) -> None:
        if self._run_lock is not None:
            os.close(self._run_lock)  # closing the descriptor releases the flock
            self._run_lock = None

    def _check_meta(self, context: str | None) -> None:
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if not meta:
            with self._transaction():
                self._db.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("format", FORMAT_VERSION),
                        ("kind", self.kind.value),
                        ("context", context or ""),
                        ("created_at", repr(time.time())),
                    ],
                )
            return
        if meta.get("format") != FORMAT_VERSION:
            raise JournalError(
                f"{self.path} has journal format {meta.get('format')!r}, "
                f"this version reads {FORMAT_VERSION!r}"
            )
        if meta.get("kind") != self.kind.value:
            raise JournalMismatchError(
                f"{self.path} is the journal of a bulk {meta.get('kind')} "
                f"run, not of a bulk {self.kind.value} run"
            )
        if meta.get("context", "") != (context or ""):
            raise JournalMismatchError(
                f"{self.path} was written for other filters ({meta.get('context')}); "
                "use a new journal for these"
            )

    # -- transactions -------------------------------------------------------------------

    class _Tx:
        def __init__(self, db: sqlite3.Connection) -> None:
            self._db = db

        def __enter__(self) -> None:
            self._db.execute("BEGIN IMMEDIATE")

        def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
            self._db.execute("COMMIT" if exc_type is None else "ROLLBACK")

    def _transaction(self) -> Journal._Tx:
        return Journal._Tx(self._db)

    def _set_sync(self, level: str) -> None:
        if self._durable:
            self._db.execute(f"PRAGMA synchronous={level}")

    # -- writing --------------------------------------------------------------------------

    def write_intents(self, intents: Sequence[Intent]) -> None:
        """Commit and fsync the intents of a batch; only then may its requests be sent."""
        if not intents:
            return
        with self._lock:
            self._set_sync("FULL")
            with self._transaction():
                self._db.executemany(
                    """INSERT INTO items (idx, fingerprint, state, request, to_number,
                                          started_at, attempts)
                       VALUES (?, ?, 'intent', ?, ?, ?, 1)
                       ON CONFLICT(idx) DO UPDATE SET state='intent',
                           started_at=excluded.started_at, touched_at=NULL,
                           attempts=items.attempts + 1,
                           error=NULL, retryable=0""",
                    [(i.index, i.fingerprint, i.request, i.to, i.started_at) for i in intents],
                )

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
                           retryable=0""",
                    [
                        (i.index, i.fingerprint, i.request, i.to, i.started_at, e.to_json())
                        for i, e in rows
                    ],
                )

    def record_outcomes(self, outcomes: Iterable[Outcome]) -> None:
        """Group-commit a batch of outcomes."""
        sent: list[tuple[str, bytes | None, int]] = []
        failed: list[tuple[str, int, int]] = []
        unknown: list[tuple[str, float, int]] = []
        withdrawn: list[tuple[int]] = []
        for outcome in outcomes:
            if isinstance(outcome, SentOutcome):
                sent.append((outcome.sid, _pack_message(outcome.message), outcome.index))
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
                            _pack_message(outcome.message),
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
                                              error, retryable, started_at, attempts)
                           VALUES ((SELECT COALESCE(MAX(idx), -1) + 1 FROM items), ?, ?, ?, ?,
                                   ?, ?, ?, ?, 1)
                           ON CONFLICT(sid) WHERE sid IS NOT NULL DO UPDATE SET
                               state=excluded.state, message=excluded.message,
                               error=excluded.error, retryable=excluded.retryable,
                               attempts=items.attempts + 1""",
                        (sid, state, request, sid, message, error, retryable, time.time()),
                    )

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

    def max_index(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT MAX(idx) FROM items").fetchone()
        return -1 if row is None or row[0] is None else int(row[0])

    def count(self, states: Sequence[ItemState], *, below: int | None = None) -> int:
        marks = ",".join("?" * len(states))
        sql = f"SELECT COUNT(*) FROM items WHERE state IN ({marks})"
        params: list[Any] = [s.value for s in states]
        if below is not None:
            sql += " AND idx < ?"
            params.append(below)
        with self._lock:
            row = self._db.execute(sql, params).fetchone()
        return int(row[0])

    def entries(
        self, states: Sequence[ItemState], *, below: int | None = None, batch: int = 256
    ) -> Iterator[StoredEntry]:
        """Entries in these states in index order, read a batch at a time."""
        last = -1
        while True:
            chunk = self.entry_page(states, after=last, limit=batch, below=below)
            if not chunk:
                return
            yield from chunk
            last = chunk[-1].index

    def entry_page(
        self,
        states: Sequence[ItemState],
        *,
        after: int = -1,
        limit: int = 256,
        below: int | None = None,
        offset: int = 0,
    ) -> list[StoredEntry]:
        marks = ",".join("?" * len(states))
        sql = (
            f"SELECT idx, state, request, sid, message, error FROM items "
            f"WHERE state IN ({marks}) AND idx > ?"
        )
        params: list[Any] = [s.value for s in states] + [after]
        if below is not None:
            sql += " AND idx < ?"
            params.append(below)
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
        self.unlock()
        with self._lock:
            self._db.close()

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
            f"item {record.index} differs from the one this journal recorded at that index: "
            "the input is not the one the journal was written for (use a new journal)"
        )
