"""What every scenario gets: sizes, credentials, seeded stores, a log, a scratch directory."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import attrs

from bench.seeding import SeedCache
from bench.servers import Account, PrismServer, prism_executable
from bench.settings import Sizes


@attrs.define
class Context:
    sizes: Sizes
    account: Account
    workdir: Path
    seeds: SeedCache
    profile: bool = True
    started: float = attrs.field(factory=time.monotonic)
    early_prism: PrismServer | None = None  # launched at start-up, taken by its scenario

    def profiles(self, scenario: str) -> bool:
        """Whether misses in this scenario get profiled in this run."""
        return self.profile and scenario in self.sizes.profiled

    def take_prism(self) -> PrismServer | None:
        """A Prism server (launched, maybe not ready yet), or None when it is not installed."""
        prism, self.early_prism = self.early_prism, None
        if prism is None and (path := prism_executable()) is not None:
            prism = PrismServer(path).launch()
        return prism

    def log(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:7.1f}s] {text}", file=sys.stderr, flush=True)
