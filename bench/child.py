"""Measurements that need a process of their own (memory figures free of other scenarios'
allocations): run `python -m <module> ARGS` with the auth token in the environment, never on
a command line, and read the one JSON line it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

TOKEN_VARIABLE = "BENCH_TOKEN"


def run(module: str, args: list[str], token: str, timeout: float = 1800) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        env={**os.environ, TOKEN_VARIABLE: token},
        timeout=timeout,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed: {out.stderr[-1500:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def token() -> str:
    return os.environ[TOKEN_VARIABLE]
