"""SQLite storage for accounts, messages, media, feedback, callback progress and the clock.

In memory by default; with a file path, WAL journaling and a commit before every answer, so
an acknowledged write survives the process being killed. The file holds auth tokens: it and
its -wal/-shm files are readable by their owner only.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    sid TEXT PRIMARY KEY,
    auth_token TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    sid TEXT PRIMARY KEY,
    account_sid TEXT NOT NULL,
    secret TEXT NOT NULL
) WITHOUT ROWID;
-- A rowid table: rows are appended in insertion order, where a table clustered on the random
-- SIDs would move wide rows around on every insert.
CREATE TABLE IF NOT EXISTS messages (
    sid TEXT PRIMARY KEY,
    account_sid TEXT NOT NULL,
    date_sent INTEGER NOT NULL,
    date_created INTEGER NOT NULL,
    date_updated INTEGER NOT NULL,
    to_addr TEXT NOT NULL,
    from_addr TEXT,
    body TEXT NOT NULL,
    messaging_service_sid TEXT,
    direction TEXT NOT NULL,
    initial_status TEXT NOT NULL,
    start_us INTEGER NOT NULL,
    step_us INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    error_code INTEGER,
    canceled_us INTEGER,
    num_segments INTEGER NOT NULL,
    num_media INTEGER NOT NULL,
    status_callback TEXT,
    extra TEXT
);
-- Listing walks an account's messages newest first, a page at a time (keyset paging).
CREATE INDEX IF NOT EXISTS messages_by_date
    ON messages (account_sid, date_sent DESC, sid DESC);
-- To/From filters walk one address's messages in the same order. (The account is checked on
-- the row: leaving it out of these keys makes every insert cheaper.)
CREATE INDEX IF NOT EXISTS messages_by_to ON messages (to_addr, date_sent DESC, sid DESC);
CREATE INDEX IF NOT EXISTS messages_by_from ON messages (from_addr, date_sent DESC, sid DESC);
CREATE TABLE IF NOT EXISTS media (
    sid TEXT PRIMARY KEY,
    message_sid TEXT NOT NULL,
    account_sid TEXT NOT NULL,
    position INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    url TEXT NOT NULL,
    date_created INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS media_by_message ON media (message_sid, position);
-- Resources of operations the mock serves from the spec alone, by the collection's path.
CREATE TABLE IF NOT EXISTS resources (
    collection TEXT NOT NULL,
    sid TEXT NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (collection, sid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS resources_in_order ON resources (collection, position);
-- How many of a message's status callbacks went out (a prefix of its timeline): after a
-- restart the rest is sent, in order. No row: none yet.
CREATE TABLE IF NOT EXISTS callback_progress (
    message_sid TEXT PRIMARY KEY,
    sent INTEGER NOT NULL
) WITHOUT ROWID;
-- The mock's own settings that tests change at run time, e.g. the clock offset.
CREATE TABLE IF NOT EXISTS mock_state (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feedback (
    message_sid TEXT PRIMARY KEY,
    account_sid TEXT NOT NULL,
    outcome TEXT NOT NULL,
    date_created INTEGER NOT NULL,
    date_updated INTEGER NOT NULL
) WITHOUT ROWID;
"""


class MessageRow(NamedTuple):
    sid: str
    account_sid: str
    date_sent: int
    date_created: int
    date_updated: int
    to_addr: str
    from_addr: str | None
    body: str
    messaging_service_sid: str | None
    direction: str
    initial_status: str
    start_us: int
    step_us: int
    outcome: str
    error_code: int | None
    canceled_us: int | None
    num_segments: int
    num_media: int
    status_callback: str | None
    #: Create fields echoed back as Message properties, as a JSON object (or None).
    extra: str | None = None


class MediaRow(NamedTuple):
    sid: str
    message_sid: str
    account_sid: str
    position: int
    content_type: str
    url: str
    date_created: int


class FeedbackRow(NamedTuple):
    message_sid: str
    account_sid: str
    outcome: str
    date_created: int
    date_updated: int


_MESSAGE_COLUMNS = ", ".join(MessageRow._fields)
_PREFIXED_COLUMNS = ", ".join(f"m.{name}" for name in MessageRow._fields)
_MEDIA_COLUMNS = ", ".join(MediaRow._fields)
_INSERT_MESSAGE = (
    f"INSERT INTO messages ({_MESSAGE_COLUMNS}) VALUES ({', '.join('?' * len(MessageRow._fields))})"
)
_INSERT_MEDIA = (
    f"INSERT INTO media ({_MEDIA_COLUMNS}) VALUES ({', '.join('?' * len(MediaRow._fields))})"
)
_GET_MESSAGE = f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE sid = ? AND account_sid = ?"


class MessageFilter(NamedTuple):
    to_addr: str | None = None
    from_addr: str | None = None
    sent_from: int | None = None  # inclusive, microseconds
    sent_until: int | None = None  # exclusive


def _owner_only(path: Path) -> None:
    """Create the database file mode 0600 (SQLite gives its -wal and -shm the same mode), and
    tighten the files of an older mock."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600))
    for name in (str(path), f"{path}-wal", f"{path}-shm"):
        try:
            if os.stat(name).st_mode & 0o077:
                os.chmod(name, 0o600)
        except FileNotFoundError:
            pass


_CLOCK_OFFSET = "clock_offset_us"


class Store:
    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            _owner_only(path)
        target = str(path) if path is not None else ":memory:"
        # One connection, used only from the server's event loop; autocommit mode with
        # explicit transactions where a change spans several statements.
        self.db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        if path is not None:
            self.db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a commit has reached the OS before the answer leaves, which a
            # killed process cannot undo (only a power cut could).
            self.db.execute("PRAGMA synchronous=NORMAL")
            # Pages of a large file are read through a memory map, not one read() each.
            self.db.execute("PRAGMA mmap_size=1073741824")
        self.db.execute("PRAGMA temp_store=MEMORY")
        self.db.execute("PRAGMA cache_size=-65536")  # 64 MiB
        self.db.executescript(SCHEMA)
        self._add_missing_columns()
        self._list_sql: dict[tuple[bool, ...], str] = {}

    def _add_missing_columns(self) -> None:
        # A database file written by an older mock lacks the newer columns.
        have = {row[1] for row in self.db.execute("PRAGMA table_info(messages)")}
        if "extra" not in have:
            self.db.execute("ALTER TABLE messages ADD COLUMN extra TEXT")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # Accounts and keys

    def accounts(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT sid, auth_token FROM accounts ORDER BY rowid").fetchall()

    def api_keys(self) -> list[tuple[str, str, str]]:
        return self.db.execute("SELECT sid, account_sid, secret FROM api_keys").fetchall()

    def save_account(self, sid: str, auth_token: str) -> None:
        self.db.execute(
            "INSERT INTO accounts (sid, auth_token) VALUES (?, ?) "
            "ON CONFLICT (sid) DO UPDATE SET auth_token = excluded.auth_token",
            (sid, auth_token),
        )

    def save_api_key(self, sid: str, account_sid: str, secret: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO api_keys (sid, account_sid, secret) VALUES (?, ?, ?)",
            (sid, account_sid, secret),
        )

    # Messages

    def insert_message(self, message: MessageRow, media: Iterable[MediaRow] = ()) -> None:
        media = list(media)
        if not media:
            self.db.execute(_INSERT_MESSAGE, message)
            return
        with self.transaction():
            self.db.execute(_INSERT_MESSAGE, message)
            self.db.executemany(_INSERT_MEDIA, media)

    def get_message(self, account_sid: str, sid: str) -> MessageRow | None:
        row = self.db.execute(_GET_MESSAGE, (sid, account_sid)).fetchone()
        return MessageRow._make(row) if row is not None else None

    def get_message_any_account(self, sid: str) -> MessageRow | None:
        row = self.db.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE sid = ?", (sid,)
        ).fetchone()
        return MessageRow._make(row) if row is not None else None

    def _listing_sql(self, flags: tuple[bool, ...], newer: bool) -> str:
        key = (*flags, newer)
        sql = self._list_sql.get(key)
        if sql is None:
            has_to, has_from, has_lo, has_hi, has_key = flags
            clauses = ["account_sid = ?"]
            if has_to:
                clauses.append("to_addr = ?")
            if has_from:
                clauses.append("from_addr = ?")
            if has_lo:
                clauses.append("date_sent >= ?")
            if has_hi:
                clauses.append("date_sent < ?")
            if has_key:
                clauses.append(
                    "(date_sent, sid) > (?, ?)" if newer else "(date_sent, sid) < (?, ?)"
                )
            order = "ASC" if newer else "DESC"
            sql = (
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE {' AND '.join(clauses)} "
                f"ORDER BY date_sent {order}, sid {order} LIMIT ?"
            )
            self._list_sql[key] = sql
        return sql

    def list_messages(
        self,
        account_sid: str,
        where: MessageFilter,
        limit: int,
        key: tuple[int, str] | None = None,
        newer: bool = False,
    ) -> list[MessageRow]:
        """A page newest first: after `key` (older), or with `newer`, just before it."""
        args: list[object] = [account_sid]
        for value in where:
            if value is not None:
                args.append(value)
        if key is not None:
            args.extend(key)
        args.append(limit)
        flags = (*(value is not None for value in where), key is not None)
        rows = self.db.execute(self._listing_sql(flags, newer), args).fetchall()
        if newer:
            rows.reverse()
        return [MessageRow._make(row) for row in rows]

    def update_message(
        self,
        account_sid: str,
        sid: str,
        *,
        date_updated: int,
        body: str | None = None,
        canceled_us: int | None = None,
    ) -> bool:
        sets, args = ["date_updated = ?"], [date_updated]
        if body is not None:
            sets.append("body = ?")
            args.append(body)  # type: ignore[arg-type]
        if canceled_us is not None:
            sets.append("canceled_us = ?")
            args.append(canceled_us)
        cursor = self.db.execute(
            f"UPDATE messages SET {', '.join(sets)} WHERE sid = ? AND account_sid = ?",
            (*args, sid, account_sid),
        )
        return cursor.rowcount == 1

    def delete_message(self, account_sid: str, sid: str) -> bool:
        with self.transaction():
            cursor = self.db.execute(
                "DELETE FROM messages WHERE sid = ? AND account_sid = ?", (sid, account_sid)
            )
            if cursor.rowcount != 1:
                return False
            self.db.execute("DELETE FROM media WHERE message_sid = ?", (sid,))
            self.db.execute("DELETE FROM feedback WHERE message_sid = ?", (sid,))
            # Resources served from the spec under the message go with it.
            self.db.execute(
                "DELETE FROM resources WHERE collection LIKE ?", (f"%/Messages/{sid}/%",)
            )
            self.db.execute("DELETE FROM callback_progress WHERE message_sid = ?", (sid,))
        return True

    # Media

    def list_media(
        self, account_sid: str, message_sid: str, limit: int, after: int = -1
    ) -> list[MediaRow]:
        rows = self.db.execute(
            f"SELECT {_MEDIA_COLUMNS} FROM media WHERE message_sid = ? AND account_sid = ? "
            "AND position > ? ORDER BY position LIMIT ?",
            (message_sid, account_sid, after, limit),
        ).fetchall()
        return [MediaRow._make(row) for row in rows]

    def list_media_before(
        self, account_sid: str, message_sid: str, limit: int, before: int
    ) -> list[MediaRow]:
        rows = self.db.execute(
            f"SELECT {_MEDIA_COLUMNS} FROM media WHERE message_sid = ? AND account_sid = ? "
            "AND position < ? ORDER BY position DESC LIMIT ?",
            (message_sid, account_sid, before, limit),
        ).fetchall()
        rows.reverse()
        return [MediaRow._make(row) for row in rows]

    def get_media(self, account_sid: str, message_sid: str, sid: str) -> MediaRow | None:
        row = self.db.execute(
            f"SELECT {_MEDIA_COLUMNS} FROM media WHERE sid = ? AND message_sid = ? "
            "AND account_sid = ?",
            (sid, message_sid, account_sid),
        ).fetchone()
        return MediaRow._make(row) if row is not None else None

    def delete_media(self, account_sid: str, message_sid: str, sid: str) -> bool:
        cursor = self.db.execute(
            "DELETE FROM media WHERE sid = ? AND message_sid = ? AND account_sid = ?",
            (sid, message_sid, account_sid),
        )
        return cursor.rowcount == 1

    # Feedback

    def save_feedback(self, row: FeedbackRow) -> FeedbackRow:
        self.db.execute(
            "INSERT INTO feedback (message_sid, account_sid, outcome, date_created, date_updated) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_sid) DO UPDATE SET "
            "outcome = excluded.outcome, date_updated = excluded.date_updated",
            row,
        )
        saved = self.db.execute(
            "SELECT message_sid, account_sid, outcome, date_created, date_updated "
            "FROM feedback WHERE message_sid = ?",
            (row.message_sid,),
        ).fetchone()
        return FeedbackRow._make(saved)

    # Resources served from the spec alone (sendwire.mock.generic)

    def insert_resource(self, collection: str, sid: str, body: str) -> None:
        self.db.execute(
            "INSERT INTO resources (collection, sid, position, body) VALUES (?, ?, "
            "(SELECT coalesce(max(position), -1) + 1 FROM resources WHERE collection = ?), ?)",
            (collection, sid, collection, body),
        )

    def get_resource(self, collection: str, sid: str) -> str | None:
        row = self.db.execute(
            "SELECT body FROM resources WHERE collection = ? AND sid = ?", (collection, sid)
        ).fetchone()
        return str(row[0]) if row is not None else None

    def list_resources(self, collection: str) -> list[tuple[int, str]]:
        """(position, body) of every resource in the collection, oldest first."""
        rows = self.db.execute(
            "SELECT position, body FROM resources WHERE collection = ? ORDER BY position",
            (collection,),
        ).fetchall()
        return [(int(position), str(body)) for position, body in rows]

    def update_resource(self, collection: str, sid: str, body: str) -> bool:
        cursor = self.db.execute(
            "UPDATE resources SET body = ? WHERE collection = ? AND sid = ?",
            (body, collection, sid),
        )
        return cursor.rowcount == 1

    def delete_resource(self, collection: str, sid: str) -> bool:
        cursor = self.db.execute(
            "DELETE FROM resources WHERE collection = ? AND sid = ?", (collection, sid)
        )
        return cursor.rowcount == 1

    # Status callbacks

    def save_callback_progress(self, message_sid: str, sent: int) -> None:
        self.db.execute(
            "INSERT INTO callback_progress (message_sid, sent) VALUES (?, ?) "
            "ON CONFLICT (message_sid) DO UPDATE SET sent = max(sent, excluded.sent)",
            (message_sid, sent),
        )

    def callbacks_to_resume(self) -> Iterator[tuple[MessageRow, int]]:
        """Each message with a status callback URL, and how many of its callbacks went out."""
        cursor = self.db.execute(
            f"SELECT {_PREFIXED_COLUMNS}, coalesce(p.sent, 0) FROM messages m "
            "LEFT JOIN callback_progress p ON p.message_sid = m.sid "
            "WHERE m.status_callback IS NOT NULL ORDER BY m.rowid"
        )
        for row in cursor:
            yield MessageRow._make(row[:-1]), row[-1]

    # The clock

    def clock_offset(self, default: int) -> int:
        row = self.db.execute(
            "SELECT value FROM mock_state WHERE name = ?", (_CLOCK_OFFSET,)
        ).fetchone()
        return default if row is None else int(row[0])

    def save_clock_offset(self, offset_us: int) -> None:
        self.db.execute(
            "INSERT INTO mock_state (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (_CLOCK_OFFSET, offset_us),
        )

    # Test controls

    def wipe(self) -> None:
        """Forget every message, media item and feedback; keep accounts and keys."""
        with self.transaction():
            self.db.execute("DELETE FROM messages")
            self.db.execute("DELETE FROM media")
            self.db.execute("DELETE FROM feedback")
            self.db.execute("DELETE FROM resources")
            self.db.execute("DELETE FROM callback_progress")

    def count_messages(self) -> int:
        count: int = self.db.execute("SELECT count(*) FROM messages").fetchone()[0]
        return count
