"""The servers under test, each a real subprocess (the Sendwire mock and Prism), and load on
them with wrk and a Lua script; several servers or set-ups loaded in turns, so all of them
see the same machine."""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import httpx

from bench import figures

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"


@attrs.frozen
class Account:
    """Throwaway credentials made up for one run; the token is never printed."""

    sid: str = attrs.field(factory=lambda: "AC" + secrets.token_hex(16))
    token: str = attrs.field(factory=lambda: secrets.token_hex(16), repr=False)

    @property
    def basic(self) -> str:
        return base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()

    @property
    def messages_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.sid}/Messages.json"

    def message_path(self, sid: str) -> str:
        return f"/2010-04-01/Accounts/{self.sid}/Messages/{sid}.json"


def mock_help() -> str:
    """What the installed `sendwire mock --help` says (to see which options it has)."""
    command = [sys.executable, "-m", "sendwire", "mock", "--help"]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


@contextlib.contextmanager
def mock(account: Account, db: Path | None = None, args: Sequence[str] = ()) -> Iterator[Any]:
    """`sendwire mock` on a free loopback port (one worker, the embedded store or a file), run
    by `sendwire.testing.MockProcess` as the tests run it; it has `url`, `pid`, `command_shown`."""
    from sendwire.testing import MockProcess

    account_pair = (account.sid, account.token)
    process = MockProcess(
        account=account_pair, db=db, step_seconds=1.0, extra_args=args, start_timeout=60.0
    )
    try:
        process.url = process.start().url
        yield process
    finally:
        process.terminate()


@contextlib.contextmanager
def prism() -> Iterator[Any]:
    """`prism mock spec/messages.yaml` (examples and schema checks from the same spec), warnings
    only: logging every request would slow it down, and the mock logs none either. Node boots
    for seconds, so the block starts at once; `ready()` waits for it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    shown = "prism mock spec/messages.yaml -h 127.0.0.1 -p PORT --verboseLevel warn"
    command = [str(PRISM), *shown.replace("PORT", str(port)).split()[1:]]
    quiet = subprocess.DEVNULL
    with subprocess.Popen(command, cwd=ROOT, stdout=quiet, stderr=quiet) as process:
        url = f"http://127.0.0.1:{port}"

        def ready() -> None:
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError):
                    httpx.get(url + "/", timeout=1.0)
                    return
                time.sleep(0.1)
            raise RuntimeError("Prism did not start")

        try:
            yield SimpleNamespace(url=url, command_shown=shown, ready=ready)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


LUA = Path(__file__).resolve().parent / "lua" / "request.lua"


@attrs.frozen
class Request:
    """One request repeated for a whole run."""

    method: str
    url: str
    auth: str = attrs.field(repr=False)  # base64 of SID:TOKEN
    body: str = ""


def run(request: Request, seconds: float, connections: int) -> dict[str, Any]:
    """Load with wrk (`make bench` installs it): requests/s, latency percentiles in ms,
    requests sent, and how many failed (socket errors and answers outside 2xx/3xx)."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (make bench and make bench-smoke install it)")
    # The request's parts go through the environment, so nothing secret is on a command line;
    # one wrk thread, so the server under test has the other core to itself.
    env = {**os.environ, "BENCH_METHOD": request.method, "BENCH_BODY": request.body}
    env["BENCH_AUTH"] = request.auth
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout"]
    command += ["10s", "-s", str(LUA), request.url]
    out = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=seconds + 60, check=False
    )
    found = [x for x in out.stdout.splitlines() if x.startswith("BENCH-JSON ")]
    if not found:
        raise RuntimeError(f"wrk gave no summary: {out.stdout[-500:]} {out.stderr[-500:]}")
    data = json.loads(found[0].split(" ", 1)[1])
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        **{f"p{p}_ms": data[f"p{p}_us"] / 1000 for p in (50, 90, 99)},
        "requests": data["requests"],
        "failed": data["socket_errors"] + data["non_2xx"],
    }


def compare(
    variants: dict[str, dict[str, Request]],
    sizes: Any,
    log: Callable[[str], None],
    around: Callable[[str], AbstractContextManager[Any]] = lambda name: nullcontext(),
) -> list[dict[str, Any]]:
    """Load each variant's requests in turns, endpoint by endpoint, `sizes.long_runs` times
    over, so all see the same machine (`around(variant)` wraps each of its runs); a row per
    variant and endpoint with requests/s (each run's kept, for paired ratios), latency and
    failures."""
    connections, seconds = sizes.load_connections, sizes.load_seconds
    for request in (r for requests in variants.values() for r in requests.values()):
        if sizes.warmup_seconds:  # wake every server before any figure is taken
            run(request, sizes.warmup_seconds, connections)
    measured: dict[tuple[str, str], list[dict[str, Any]]] = {}
    endpoints = list(dict.fromkeys(e for requests in variants.values() for e in requests))
    for _, endpoint in itertools.product(range(sizes.long_runs), endpoints):
        for name, request in ((n, r[endpoint]) for n, r in variants.items() if endpoint in r):
            with around(name):
                done = run(request, seconds, connections)
            measured.setdefault((name, endpoint), []).append(done)
            log(f"{name} {endpoint}: {done['rps']:,.0f} req/s, {done['failed']} failed")
    rows = []
    for (name, endpoint), taken in sorted(
        measured.items(), key=lambda kv: list(variants).index(kv[0][0])
    ):
        row = {"server": name, "endpoint": endpoint, "runs_rps": [o["rps"] for o in taken]}
        row.update({key: figures.of(o[key] for o in taken) for key in ("rps", "p50_ms", "p99_ms")})
        rows.append(
            {
                **row,
                "failed": sum(o["failed"] for o in taken),
                "requests": sum(o["requests"] for o in taken),
            }
        )
    return rows


def load_table(rows: list[dict[str, Any]], ratios: dict[str, str]) -> list[str]:
    """Load figures as a table: requests/s, latency, the ratios (heading: key) and failures."""
    body = [
        [r["server"], r["endpoint"], figures.stat(r["rps"])]
        + [figures.stat(r["p50_ms"], 1), figures.stat(r["p99_ms"], 1)]
        + [figures.times(r.get(key)) for key in ratios.values()]
        + [f"{r['failed']:,} of {r['requests']:,}"]
        for r in rows
    ]
    head = ["Server", "Request", "Requests/s", "p50 ms", "p99 ms", *ratios, "failed"]
    return figures.table(head, body)
