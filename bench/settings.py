"""What every scenario gets: its sizes (full, medium, smoke), credentials, a log, a scratch
directory and stores seeded once a run with the mock's own code (a create minus HTTP)."""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import attrs

from bench.servers import FROM, Account


@attrs.frozen
class Sizes:
    name: str = "full"
    runs: int = 5  # each figure is the median of this many runs
    long_runs: int = 3  # ... or of this many, for the long ones
    per_call_calls: int = 200  # per client and round (blocks in turns, paired with the baseline)
    per_call_warmup: int = 100
    per_call_rounds: int = 25
    list_messages: int = 100_000
    page_size: int = 1000
    bulk_messages: int = 10_000  # per run; the SDK's sequential loop sends fewer
    bulk_sequential_messages: int = 2_000
    bulk_tuned_concurrency: int = 64
    sdk_threads: int = 32
    bulk_warmup: int = 300
    gather_messages: int = 3_000  # send_many against a plain gather, side by side
    memory_rows: int = 1_000_000  # send_many over a generator: rows, RSS samples, time bound
    memory_samples: int = 20
    memory_seconds: float = 180.0
    bulk_latency_ms: int = 20  # the same race with this much added to every answer
    latency_messages: int = 3_000
    latency_sequential_messages: int = 500
    load_seconds: float = 6.0  # the mock under load
    warmup_seconds: float = 1.0
    load_connections: int = 16
    prism_endpoints: tuple[str, ...] = ("fetch", "create", "list page (50)")
    big_store: int = 1_000_000
    latency_seconds: float = 5.0
    profiled: tuple[str, ...] = ("per_call", "listing", "bulk")  # misses profiled
    growth_sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    growth_calls: int = 500


FULL = Sizes()
# Figures to compare designs by in minutes, not twenty (`python -m bench --medium`).
MEDIUM = attrs.evolve(
    FULL, name="medium", runs=3, per_call_calls=100, per_call_warmup=50, per_call_rounds=10,
    list_messages=20_000, bulk_messages=3_000, bulk_sequential_messages=600, memory_rows=20_000,
    memory_samples=10, memory_seconds=30.0, latency_messages=2_000, big_store=100_000,
    latency_sequential_messages=100, growth_sizes=(1_000, 10_000),
)  # fmt: skip
SMOKE = attrs.evolve(
    FULL, name="smoke", runs=1, long_runs=1, per_call_calls=10, per_call_warmup=2,
    per_call_rounds=2, list_messages=250, page_size=100, bulk_messages=40, sdk_threads=4,
    bulk_sequential_messages=20, bulk_tuned_concurrency=8, bulk_warmup=0, gather_messages=40,
    memory_rows=100, memory_samples=4, memory_seconds=30.0, latency_messages=40,
    latency_sequential_messages=10, load_seconds=1.0, warmup_seconds=0.0, load_connections=4,
    prism_endpoints=("fetch",), big_store=500, latency_seconds=0.5, profiled=("per_call",),
    growth_sizes=(100,), growth_calls=5,
)  # fmt: skip

BATCH = 50_000


@attrs.define
class Context:
    sizes: Sizes
    workdir: Path
    profile: bool = True
    account: Account = attrs.Factory(Account)
    started: float = attrs.field(factory=time.monotonic)
    seed_seconds: dict[int, float] = attrs.Factory(dict)

    def profiles(self, scenario: str) -> bool:
        """Whether misses in this scenario get profiled in this run."""
        return self.profile and scenario in self.sizes.profiled

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
        store, db, build = app.store, app.store.db, app.api.build_message
        # A seed that fails is thrown away and made again, so it need not survive a crash.
        for pragma in ("synchronous=OFF", "cache_size=-262144"):
            db.execute(f"PRAGMA {pragma}")
        # Secondary indexes are dropped during the load and rebuilt from the store's own schema
        # afterwards: one sort per index instead of a million random inserts (twice as fast).
        where = "type = 'index' AND tbl_name = 'messages' AND sql IS NOT NULL"
        indexes = db.execute(f"SELECT name FROM sqlite_master WHERE {where}").fetchall()
        try:
            for (name,) in indexes:
                db.execute(f'DROP INDEX "{name}"')
            for start in range(0, count, BATCH):
                with store.transaction():
                    for i in range(start, min(count, start + BATCH)):
                        body = f"Benchmark message {i}: your code is {i * 7919 % 10**6:06d}."
                        to = f"+1555{i % 100:07d}"
                        made, *_ = build(sid, to=to, from_=FROM, body=body, media_urls=[])
                        store.insert_message(made)
            db.executescript(SCHEMA)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            store.close()
