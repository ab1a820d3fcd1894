"""What every scenario gets: sizes, credentials, seeded stores, a log, a scratch directory."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import attrs

from bench.seeding import SeedCache
from bench.servers import Account
from bench.settings import Sizes


@attrs.define
class Context:
    sizes: Sizes
    account: Account
    workdir: Path
    seeds: SeedCache
    profile: bool = True
    started: float = attrs.field(factory=time.monotonic)

    def log(self, text: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[{elapsed:7.1f}s] {text}", file=sys.stderr, flush=True)
