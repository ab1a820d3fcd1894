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

from ..lifecycle import OUTCOMES, initials_reaching, status_at
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


def _could_have(status: str) -> str:
    """An SQL test that rules out, cheaply, most rows that can never have `status`."""
    if status in OUTCOMES:
        return f"outcome = '{status}'"
    if status == "canceled":
        return "canceled_us IS NOT NULL"
    initials = ", ".join(f"'{initial}'" for initial in sorted(initials_reaching(status)))
    return f"initial_status IN ({initials})"


_ORDER = "ORDER BY date_sent DESC, sid DESC LIMIT ?"


def _branch(index: str, lead: str, clauses: list[str]) -> str:
    where = " AND ".join([lead, *clauses])
    return f"SELECT {_COLUMNS} FROM messages INDEXED BY {index} WHERE {where} {_ORDER}"


def search_sql(filters: Filters, keyed: bool) -> tuple[str, list[str]]:
    """The query for a page, and the names of the values it binds, in order."""
    clauses, binds = ["account_sid = ?"], ["account"]
    if filters.direction is not None:
        clauses.append("direction LIKE ?")
        binds.append("direction")
    if filters.text is not None:
        clauses.append("body LIKE ? ESCAPE '\\'")
        binds.append("text")
    if filters.status is not None:
        clauses.append(_could_have(filters.status))
        clauses.append(
            f"{_STATUS_FUNCTION}(initial_status, date_created, start_us, step_us, outcome, "
            "canceled_us, ?) = ?"
        )
        binds += ["now", "status"]
    if keyed:
        clauses.append("(date_sent, sid) < (?, ?)")
        binds += ["key_date", "key_sid"]
    if filters.number is None:
        where = " AND ".join(clauses)
        return f"SELECT {_COLUMNS} FROM messages WHERE {where} {_ORDER}", [*binds, "limit"]
    # A number is either party: one ordered walk of each address index, merged.
    to_side = _branch("messages_by_to", "to_addr = ?", clauses)
    from_side = _branch("messages_by_from", "from_addr = ? AND to_addr IS NOT ?", clauses)
    sql = f"SELECT * FROM ({to_side}) UNION ALL SELECT * FROM ({from_side}) {_ORDER}"
    return sql, [
        "number", *binds, "limit", "number", "number", *binds, "limit", "limit",
    ]  # fmt: skip


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
    values["limit"] = limit
    args = [values[name] for name in binds]
    return [MessageRow._make(row) for row in db.execute(sql, args).fetchall()]


def conversation_sql(keyed: bool) -> str:
    """Messages from a to b or b to a (bound as account, a, b, key..., limit, twice)."""
    clauses = ["account_sid = ?", "from_addr = ?"]
    if keyed:
        clauses.append("(date_sent, sid) < (?, ?)")
    side = _branch("messages_by_to", "to_addr = ?", clauses)
    return f"SELECT * FROM ({side}) UNION ALL SELECT * FROM ({side}) {_ORDER}"


def conversation(
    db: sqlite3.Connection,
    account: str,
    pair: tuple[str, str],
    limit: int,
    key: tuple[int, str] | None = None,
) -> list[MessageRow]:
    """The messages between two numbers, newest first, older than `key`."""
    a, b = pair
    keys = list(key) if key is not None else []
    args: list[object] = [a, account, b, *keys, limit, b, account, a, *keys, limit, limit]
    rows = db.execute(conversation_sql(key is not None), args).fetchall()
    return [MessageRow._make(row) for row in rows]
