"""The servers under test, each a real subprocess (the Sendwire mock and Prism), and load on
them: wrk with a Lua script when installed, else an async httpx loop; several servers or
set-ups loaded in turns, so all of them see the same machine."""

from __future__ import annotations

import asyncio
import base64
import contextlib
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
            while process.poll() is None:
                with contextlib.suppress(httpx.HTTPError):
                    httpx.get(url + "/", timeout=1.0)
                    return
                time.sleep(0.1)
            raise RuntimeError("Prism did not start")

        try:
            yield SimpleNamespace(url=url, command_shown=shown, ready=ready)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(15)


LUA = Path(__file__).resolve().parent / "lua" / "request.lua"


@attrs.frozen
class Request:
    """One request repeated for a whole run."""

    method: str
    url: str
    auth: str = attrs.field(repr=False)  # base64 of SID:TOKEN
    body: str = ""

    def headers(self) -> dict[str, str]:
        form = {"Content-Type": "application/x-www-form-urlencoded"} if self.body else {}
        return {"Authorization": f"Basic {self.auth}", **form}

    async def send(self, client: httpx.AsyncClient) -> bool:
        """Once; whether it succeeded."""
        options = {"headers": self.headers(), "content": self.body or None}
        try:
            return (await client.request(self.method, self.url, **options)).is_success
        except httpx.HTTPError:
            return False


def tool() -> str:
    return "wrk" if shutil.which("wrk") else "httpx async loop (wrk not installed)"


def run(request: Request, seconds: float, connections: int) -> dict[str, Any]:
    """Requests/s, latency percentiles in ms, requests sent, and how many failed (socket
    errors and answers outside 2xx/3xx)."""
    if not shutil.which("wrk"):
        return asyncio.run(_httpx_loop(request, seconds, connections))
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


async def _httpx_loop(request: Request, seconds: float, connections: int) -> dict[str, Any]:
    latencies, failed, deadline = [], 0, time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10.0) as client:

        async def worker() -> None:
            nonlocal failed
            while (start := time.perf_counter()) < deadline:
                failed += not await request.send(client)
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(worker() for _ in range(connections)))
    latencies.sort()
    percentiles = {f"p{p}_ms": figures.percentile(latencies, p / 100) * 1000 for p in (50, 90, 99)}
    rps = len(latencies) / (time.perf_counter() - deadline + seconds)
    return {"rps": rps, **percentiles, "requests": len(latencies), "failed": failed}


async def _once(requests: list[Request]) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        for request in requests:
            if not await request.send(client):
                raise RuntimeError(f"{request.method} {request.url} failed")


def compare(
    variants: dict[str, dict[str, Request]],
    runs: int,
    seconds: float,
    connections: int,
    log: Callable[[str], None],
    around: Callable[[str], AbstractContextManager[Any]] | None = None,
    warmup: float = 0.0,
) -> list[dict[str, Any]]:
    """Load each variant's requests in turns, endpoint by endpoint, `runs` times over, so all
    see the same machine (`around(variant)` wraps each of its runs); a row per variant and
    endpoint with requests/s (each run's figure kept, for paired ratios), latency, failures."""
    every = [r for requests in variants.values() for r in requests.values()]
    asyncio.run(_once(every))  # wake every server before any figure is taken
    for request in every if warmup else []:
        run(request, warmup, connections)
    measured: dict[tuple[str, str], list[dict[str, Any]]] = {}
    endpoints = list(dict.fromkeys(e for requests in variants.values() for e in requests))
    for _ in range(runs):
        for endpoint in endpoints:
            for name, requests in variants.items():
                if endpoint in requests:
                    with around(name) if around else nullcontext():
                        done = run(requests[endpoint], seconds, connections)
                    measured.setdefault((name, endpoint), []).append(done)
                    log(f"{name} {endpoint}: {done['rps']:,.0f} req/s, {done['failed']} failed")
    return [
        {
            "server": name,
            "endpoint": endpoint,
            "requests_per_second": figures.of(o["rps"] for o in outcomes),
            "runs_rps": [o["rps"] for o in outcomes],
            "p50_ms": figures.of(o["p50_ms"] for o in outcomes),
            "p99_ms": figures.of(o["p99_ms"] for o in outcomes),
            "failed": sum(o["failed"] for o in outcomes),
            "requests": sum(o["requests"] for o in outcomes),
        }
        for (name, endpoint), outcomes in sorted(
            measured.items(), key=lambda kv: list(variants).index(kv[0][0])
        )
    ]


def load_table(rows: list[dict[str, Any]], ratios: dict[str, str]) -> list[str]:
    """Load figures as a table: requests/s, latency, the ratios (heading: key) and failures."""
    body = [
        [r["server"], r["endpoint"], figures.stat(r["requests_per_second"])]
        + [figures.stat(r["p50_ms"], 1), figures.stat(r["p99_ms"], 1)]
        + [figures.times(r.get(key)) for key in ratios.values()]
        + [f"{r['failed']:,} of {r['requests']:,}"]
        for r in rows
    ]
    head = ["Server", "Request", "Requests/s", "p50 ms", "p99 ms", *ratios, "failed"]
    return figures.table(head, body)
