"""Stored messages for the listing scenarios, written into a SQLite file with the mock's own
store and message builder (the same code a create runs, minus HTTP); the mock is then started
on that file with `--db`."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from bench.servers import Account

BATCH = 50_000
SENDER = "+15017122661"


def seed_file(path: Path, account: Account, count: int) -> float:
    """Store `count` messages in a new mock database file; seconds taken."""
    from sendwire.mock import Account as MockAccount
    from sendwire.mock import MockConfig, create_app
    from sendwire.mock.store import SCHEMA

    started = time.perf_counter()
    app = create_app(MockConfig(accounts=(MockAccount(account.sid, account.token),), db_path=path))
    store, db = app.store, app.store.db
    # A seed that fails is thrown away and made again, so it need not survive a crash.
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")
    # Secondary indexes are dropped during the load and rebuilt from the store's own schema
    # afterwards: one sort per index instead of a million random inserts (twice as fast).
    indexes = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' "
        "AND sql IS NOT NULL"
    ).fetchall()
    try:
        for (name,) in indexes:
            db.execute(f'DROP INDEX "{name}"')
        for start in range(0, count, BATCH):
            with store.transaction():
                for index in range(start, min(count, start + BATCH)):
                    body = f"Benchmark message {index}: your code is {index * 7919 % 10**6:06d}."
                    to = f"+1555{index % 100:07d}"
                    row, _ = app.api.build_message(
                        account.sid, to=to, from_=SENDER, body=body, media_urls=[]
                    )
                    store.insert_message(row)
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
        with self._lock:
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
