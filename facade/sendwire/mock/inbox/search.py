"""The inbox's queries over the store: search with filters, and one conversation.

Pages are keyset pages newest first along the store's indexes (`messages_by_date` for an
account, `messages_by_to`/`messages_by_from` for a number), so a page costs about the same
at the first message as at the 100,000th. Status is not stored (it follows from the clock),
so a status filter is judged per row by the same rules the API uses (lifecycle.status_at),
registered as an SQL function; it reads rows along the index only until a page is full.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from ..lifecycle import status_at
from ..store import MessageRow

_COLUMNS = ", ".join(MessageRow._fields)
_STATUS_FUNCTION = "sendwire_status_at"


class Filters(NamedTuple):
    number: str | None = None
    status: str | None = None
    direction: str | None = None  # "inbound" or "outbound" (any outbound-*)
    text: str | None = None


def _status_at(
    initial: str,
    created: int,
    start: int,
    step: int,
    outcome: str,
    canceled: int | None,
    now: int,
) -> str:
    row = MessageRow(
        "", "", created, created, created, "", None, "", None, "", initial, start, step,
        outcome, None, canceled, 0, 0, None,
    )  # fmt: skip
    return status_at(row, now)[0]


def install(db: sqlite3.Connection) -> None:
    """Register the SQL function a status filter needs on the store's connection."""
    db.create_function(_STATUS_FUNCTION, 7, _status_at, deterministic=True)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_sql(filters: Filters, keyed: bool) -> tuple[str, list[str]]:
    """The query for a page, and the names of the filters it binds in order."""
    clauses, binds = ["account_sid = ?"], ["account"]
    if filters.number is not None:
        clauses.append("(to_addr = ? OR from_addr = ?)")
        binds += ["number", "number"]
    if filters.direction is not None:
        clauses.append("direction LIKE ?")
        binds.append("direction")
    if filters.text is not None:
        clauses.append("body LIKE ? ESCAPE '\\'")
        binds.append("text")
    if filters.status is not None:
        clauses.append(
            f"{_STATUS_FUNCTION}(initial_status, date_created, start_us, step_us, outcome, "
            "canceled_us, ?) = ?"
        )
        binds += ["now", "status"]
    if keyed:
        clauses.append("(date_sent, sid) < (?, ?)")
        binds += ["key_date", "key_sid"]
    sql = (
        f"SELECT {_COLUMNS} FROM messages WHERE {' AND '.join(clauses)} "
        "ORDER BY date_sent DESC, sid DESC LIMIT ?"
    )
    return sql, binds


def search(
    db: sqlite3.Connection,
    account: str,
    filters: Filters,
    now: int,
    limit: int,
    key: tuple[int, str] | None = None,
) -> list[MessageRow]:
    """Up to `limit` messages matching every filter, newest first, older than `key`."""
    sql, binds = search_sql(filters, key is not None)
    values: dict[str, object] = {
        "account": account,
        "number": filters.number,
        "direction": "inbound" if filters.direction == "inbound" else "outbound%",
        "text": _like(filters.text) if filters.text is not None else None,
        "now": now,
        "status": filters.status,
        "key_date": key[0] if key else None,
        "key_sid": key[1] if key else None,
    }
    args = [values[name] for name in binds]
    args.append(limit)
    return [MessageRow._make(row) for row in db.execute(sql, args).fetchall()]


CONVERSATION_SQL = (
    f"SELECT {_COLUMNS} FROM messages WHERE account_sid = ? AND "
    "((to_addr = ? AND from_addr = ?) OR (to_addr = ? AND from_addr = ?)) {key} "
    "ORDER BY date_sent DESC, sid DESC LIMIT ?"
)


def conversation(
    db: sqlite3.Connection,
    account: str,
    pair: tuple[str, str],
    limit: int,
    key: tuple[int, str] | None = None,
) -> list[MessageRow]:
    """The messages between two numbers, newest first, older than `key`."""
    a, b = pair
    args: list[object] = [account, a, b, b, a]
    key_sql = ""
    if key is not None:
        key_sql = "AND (date_sent, sid) < (?, ?)"
        args += list(key)
    args.append(limit)
    rows = db.execute(CONVERSATION_SQL.format(key=key_sql), args).fetchall()
    return [MessageRow._make(row) for row in rows]
