"""Opening a journal file without ever mistaking it for a fresh one.

Only a path that does not exist starts a new journal: it is created exclusively (mode 0600, it
holds message bodies) and locked at once. A file that exists is locked for this run, then
refused with a one-line reason unless it is a sound journal:

- empty, or a SQLite file with no recorded run, or not SQLite at all;
- of another format version (older or newer);
- damaged (SQLite's ``quick_check``), or with tables or states this version does not write;
- beside a rollback journal (``-journal``) or a write-ahead log (``-wal``) that is not its own.

The last two rest on two marks the journal keeps in its ``meta`` table. ``state`` is ``open``
in the main file itself while a run holds it (written through to it by a checkpoint when the
run starts) and ``closed`` after a clean close, which folds the write-ahead log back into the
main file and removes it. ``session`` is a random mark set at each start; every commit
rewrites the meta page, so each write-ahead log carries the session of the run that wrote it.
Hence: main file ``open`` and no write-ahead log means the log was lost (a copy made without
it after a crash): its outcomes are missing and resending could duplicate. A non-empty log
beside a ``closed`` file, or one whose session differs from the main file's, comes from
another database or another copy, and SQLite would replay it into this one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from sendwire.bulk.errors import JournalError

FORMAT_VERSION = "2"
STATE = "state"
SESSION = "session"
COMMITS = "commits"
OPEN = "open"
CLOSED = "closed"

SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGIC = (0x377F0682, 0x377F0683)
_NEW_RUN = "only a path that does not exist starts a new run"


@attrs.frozen
class Claim:
    """A journal path held for one run: the locked descriptor, and whether it was made now."""

    descriptor: int | None
    created: bool

    def release(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)


def refused(path: Path, why: str) -> JournalError:
    """The one-line refusal of ``path`` (SQLite's own reports can span lines)."""
    return JournalError(f"refusing the journal {path}: {' '.join(why.split())}; {_NEW_RUN}")


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return None


def lock(path: Path, descriptor: int | None = None) -> int | None:
    """An exclusive lock on ``path`` for this process (no-op where ``flock`` is missing)."""
    if sys.platform == "win32":  # pragma: no cover
        return descriptor
    import fcntl

    fd = descriptor if descriptor is not None else os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise JournalError(f"{path} is in use by another bulk run") from None
    return fd


def claim(path: Path) -> Claim:
    """Create ``path`` as a new journal, or lock the existing one after checking its files."""
    if _size(path) is None:
        for suffix in ("-wal", "-journal"):
            if _size(_side(path, suffix)):
                raise refused(
                    path,
                    f"it does not exist but {_side(path, suffix).name} does (left by another "
                    "database, SQLite would replay it into a new one); remove that file",
                )
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made by someone else a moment ago: it is an existing file now
        except OSError as exc:
            raise JournalError(f"cannot create the journal {path}: {exc.strerror}") from None
        else:
            return Claim(lock(path, descriptor), created=True)
    try:
        descriptor = os.open(path, os.O_RDWR)
    except IsADirectoryError:
        raise refused(path, "it is a directory") from None
    except OSError as exc:
        raise JournalError(f"cannot open the journal {path}: {exc.strerror}") from None
    held = lock(path, descriptor)
    try:
        _check_files(path)
    except BaseException:
        if held is not None:
            os.close(held)
        raise
    return Claim(held, created=False)


def began(path: Path) -> float | None:
    """When the run a journal records began (seconds since the epoch), or None when there is
    no file; a file that would be refused is refused here already."""
    if _size(path) is None:
        return None
    if path.is_dir():
        raise refused(path, "it is a directory")
    meta = _check_files(path)
    try:
        return float(meta.get("created_at", ""))
    except ValueError:
        raise refused(path, "it is damaged (its start time is unreadable)") from None


def _check_files(path: Path) -> dict[str, str]:
    """Refuse a file that is not a journal, or whose side files are not its own; return the
    meta table as the main file holds it."""
    size = _size(path) or 0
    if size == 0:
        raise refused(path, "it is empty (0 bytes), so it holds no recorded run")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise refused(path, "it is not a journal (not a SQLite database)")
    if _size(_side(path, "-journal")):
        raise refused(path, f"{_side(path, '-journal').name} beside it is not its own")
    main = _read_meta(path, immutable=True)
    wal = _side(path, "-wal")
    wal_size = _size(wal)
    if main.get(STATE) == OPEN and wal_size is None:
        raise refused(
            path,
            f"it lost its write-ahead log ({wal.name}): the run it records did not end "
            "cleanly and its last recorded outcomes are missing (copied without that file?)",
        )
    if not wal_size:
        return main
    with wal.open("rb") as handle:
        magic = handle.read(4)
    if len(magic) < 4 or struct.unpack(">I", magic)[0] not in WAL_MAGIC:
        raise refused(path, f"{wal.name} beside it is not a SQLite write-ahead log")
    if main.get(STATE) != OPEN:
        raise refused(
            path,
            f"{wal.name} beside it is not its own (the journal was closed cleanly, which "
            "removes its log)",
        )
    if _read_meta(path, immutable=False).get(SESSION) != main.get(SESSION):
        raise refused(path, f"{wal.name} beside it belongs to another journal or another copy")
    return main


def _read_meta(path: Path, *, immutable: bool) -> dict[str, str]:
    """The meta table as the main file alone holds it (``immutable``: the write-ahead log is
    not read), or as SQLite sees it with the log replayed (read-only: nothing is written)."""
    with _reading(path, "?immutable=1" if immutable else "?mode=ro") as db:
        meta = _meta(path, db)
    if meta.get("format") != FORMAT_VERSION:
        raise refused(
            path,
            f"it has journal format {meta.get('format')!r}, this version reads "
            f"{FORMAT_VERSION!r} only",
        )
    return meta


def _meta(path: Path, db: sqlite3.Connection) -> dict[str, str]:
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables:
            why = "it holds no recorded run" if not tables else "it is not a bulk journal"
            raise refused(path, why)
        return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}
    except sqlite3.Error as exc:
        raise refused(path, f"it is damaged ({exc})") from None


def inspect(path: Path, columns: Sequence[str], states: Sequence[str]) -> dict[str, str]:
    """Refuse a journal SQLite finds damaged, or holding what this version never writes;
    return its meta table. Read-only: nothing in the files changes."""
    with _reading(path, "?mode=ro") as db:
        return _judge(path, db, columns, states)


def _judge(
    path: Path, db: sqlite3.Connection, columns: Sequence[str], states: Sequence[str]
) -> dict[str, str]:
    try:
        problems = [str(row[0]) for row in db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise refused(path, f"it is damaged ({problems[0]})")
        found = [str(row[1]) for row in db.execute("PRAGMA table_info(items)")]
        if sorted(found) != sorted(columns):
            raise refused(path, "its items table is not the one this version writes")
        marks = ",".join("?" * len(states))
        row = db.execute(
            f"SELECT COUNT(*) FROM items WHERE state NOT IN ({marks})", states
        ).fetchone()
        if row[0]:
            raise refused(path, f"{row[0]} of its items are in no known state")
        return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}
    except sqlite3.Error as exc:
        raise refused(path, f"it is damaged ({exc})") from None


@contextlib.contextmanager
def _reading(path: Path, options: str) -> Iterator[sqlite3.Connection]:
    """A connection that reads and changes nothing: the empty side files SQLite makes for a
    read-only connection are removed again (a refused journal is left as it was found)."""
    sides = [_side(path, suffix) for suffix in ("-wal", "-shm")]
    existed = [side.exists() for side in sides]
    try:
        db = sqlite3.connect(path.absolute().as_uri() + options, uri=True)
    except sqlite3.Error as exc:
        raise refused(path, f"it cannot be read ({exc})") from None
    try:
        yield db
    finally:
        db.close()
        for side, was_there in zip(sides, existed, strict=True):
            if not was_there:  # made just now by this connection, empty: it can only mislead
                with contextlib.suppress(OSError):
                    side.unlink()


def checkpoint(db: sqlite3.Connection) -> None:
    """Fold the write-ahead log into the main file and empty it."""
    with contextlib.suppress(sqlite3.OperationalError):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
