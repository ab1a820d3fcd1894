"""What every scenario gets: sizes, credentials, stores seeded once a run, a log, a scratch
directory. A store is seeded into a SQLite file with the mock's own store and message builder
(the code a create runs, minus HTTP); the mock then starts on a copy with `--db`."""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import attrs

from bench.servers import PRISM, Account, Prism
from bench.settings import Sizes

BATCH = 50_000


@attrs.define
class Context:
    sizes: Sizes
    workdir: Path
    profile: bool = True
    account: Account = attrs.Factory(Account)
    started: float = attrs.field(factory=time.monotonic)
    early_prism: Prism | None = None  # launched at start-up, taken by its scenario
    seed_seconds: dict[int, float] = attrs.Factory(dict)

    def profiles(self, scenario: str) -> bool:
        """Whether misses in this scenario get profiled in this run."""
        return self.profile and scenario in self.sizes.profiled

    def take_prism(self) -> Prism | None:
        """A Prism server (launched, maybe not ready yet), or None when it is not installed."""
        prism, self.early_prism = self.early_prism, None
        return prism or (Prism() if PRISM.exists() else None)

    def log(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:7.1f}s] {text}", file=sys.stderr, flush=True)

    @contextlib.contextmanager
    def seeded(self, count: int) -> Iterator[Path]:
        """A fresh copy of a store file with `count` messages."""
        original = self.workdir / f"seed-{count}.db"
        if count not in self.seed_seconds:
            started = time.perf_counter()
            self._seed(original, count)
            self.seed_seconds[count] = time.perf_counter() - started
        copy = self.workdir / f"mock-{count}-{time.monotonic_ns()}.db"
        shutil.copyfile(original, copy)
        try:
            yield copy
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)

    def _seed(self, path: Path, count: int) -> None:
        from sendwire.mock import Account as MockAccount
        from sendwire.mock import MockConfig, create_app
        from sendwire.mock.store import SCHEMA

        sid = self.account.sid
        accounts = (MockAccount(sid, self.account.token),)
        app = create_app(MockConfig(accounts=accounts, db_path=path))
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
                    for i in range(start, min(count, start + BATCH)):
                        body = f"Benchmark message {i}: your code is {i * 7919 % 10**6:06d}."
                        to, sender = f"+1555{i % 100:07d}", "+15017122661"
                        made = app.api.build_message(
                            sid, to=to, from_=sender, body=body, media_urls=[]
                        )
                        store.insert_message(made[0])
            db.executescript(SCHEMA)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            store.close()
