"""Stored messages for the listing scenarios.

The fast path writes rows into a SQLite file with the mock's own store and message builder
(the same code a create runs, minus HTTP), then the mock is started on that file with `--db`.
The slow path, used when that fails, sends creates over HTTP with 16 concurrent connections.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from pathlib import Path

import httpx

from bench.servers import Account

BATCH = 50_000
RECIPIENTS = 100


def recipient(index: int) -> str:
    return f"+1555{index % RECIPIENTS:07d}"


SENDER = "+15017122661"


def body(index: int) -> str:
    return f"Benchmark message {index}: your code is {index * 7919 % 1_000_000:06d}."


def seed_file(path: Path, account: Account, count: int) -> float:
    """Store `count` messages in a new mock database file; seconds taken."""
    from sendwire.mock import Account as MockAccount
    from sendwire.mock import MockConfig, create_app
    from sendwire.mock.store import SCHEMA

    started = time.perf_counter()
    app = create_app(MockConfig(accounts=(MockAccount(account.sid, account.token),), db_path=path))
    store = app.store
    db = store.db
    # A seed that fails is thrown away and made again, so it need not survive a crash.
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")
    # Secondary indexes are dropped during the load and rebuilt from the store's own schema
    # afterwards: one sort per index instead of a million random inserts (twice as fast).
    indexes = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' "
            "AND sql IS NOT NULL"
        )
    ]
    try:
        for name in indexes:
            db.execute(f'DROP INDEX "{name}"')
        done = 0
        while done < count:
            end = min(count, done + BATCH)
            with store.transaction():
                for index in range(done, end):
                    row, _ = app.api.build_message(
                        account.sid,
                        to=recipient(index),
                        from_=SENDER,
                        body=body(index),
                        media_urls=[],
                    )
                    store.insert_message(row)
            done = end
        db.executescript(SCHEMA)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return time.perf_counter() - started


class SeedCache:
    """Seeded database files made once per run and copied for each mock that needs one."""

    def __init__(self, account: Account, directory: Path) -> None:
        self.account = account
        self.directory = directory
        self._made: dict[int, Path] = {}
        self.seconds: dict[int, float] = {}
        self._copies = 0
        self._lock = threading.Lock()

    def fresh(self, count: int) -> Path:
        with self._lock:  # scenarios may run at the same time (smoke runs)
            original = self._made.get(count)
            if original is None:
                original = self.directory / f"seed-{count}.db"
                self.seconds[count] = seed_file(original, self.account, count)
                self._made[count] = original
            self._copies += 1
            copy = self.directory / f"mock-{self._copies}-{count}.db"
        shutil.copyfile(original, copy)
        return copy

    def discard(self, path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


async def _seed_over_http(url: str, account: Account, count: int, connections: int) -> None:
    auth = (account.sid, account.token)
    limits = httpx.Limits(max_connections=connections)
    queue = iter(range(count))
    async with httpx.AsyncClient(base_url=url, auth=auth, limits=limits, timeout=30) as client:

        async def worker() -> None:
            for index in queue:
                response = await client.post(
                    account.messages_path,
                    data={
                        "To": recipient(index),
                        "From": SENDER,
                        "Body": body(index),
                    },
                )
                response.raise_for_status()

        await asyncio.gather(*(worker() for _ in range(connections)))


def seed_http(url: str, account: Account, count: int, connections: int = 16) -> float:
    started = time.perf_counter()
    asyncio.run(_seed_over_http(url, account, count, connections))
    return time.perf_counter() - started


def stored_count(url: str) -> int:
    response = httpx.get(f"{url}/_mock/stats", timeout=30)
    response.raise_for_status()
    count: int = response.json()["messages"]
    return count
