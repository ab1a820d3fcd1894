"""Load on loopback: wrk with a Lua script when installed, else an async httpx loop."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import attrs
import httpx

from bench.stats import Stat, percentile

LUA = Path(__file__).resolve().parent / "lua" / "request.lua"


@attrs.frozen
class Request:
    """One request repeated for a whole run."""

    method: str
    url: str
    auth: str = attrs.field(repr=False)  # base64 of SID:TOKEN
    body: str = ""

    def headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Basic {self.auth}"}
        if self.body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return headers

    def once(self) -> None:
        """Send it once (to wake the server's code paths before anything is timed)."""
        content = self.body or None
        httpx.request(
            self.method, self.url, headers=self.headers(), content=content, timeout=30
        ).raise_for_status()


@attrs.frozen
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    failed: int  # socket errors and answers outside 2xx/3xx
    tool: str


def tool() -> str:
    return "wrk" if shutil.which("wrk") else "httpx async loop (wrk not installed)"


def run(request: Request, seconds: float, connections: int) -> LoadResult:
    if shutil.which("wrk"):
        return _wrk(request, seconds, connections)
    return asyncio.run(_httpx_loop(request, seconds, connections))


def _wrk(request: Request, seconds: float, connections: int) -> LoadResult:
    # The request's parts go through the environment, so nothing secret is on a command line.
    env = {**os.environ, "BENCH_METHOD": request.method, "BENCH_BODY": request.body}
    env["BENCH_AUTH"] = request.auth
    # One wrk thread: the server under test gets the other core to itself.
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    command += ["--timeout", "10s", "-s", str(LUA), request.url]
    out = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=seconds + 60, check=False
    )
    lines = [x for x in out.stdout.splitlines() if x.startswith("BENCH-JSON ")]
    if not lines:
        raise RuntimeError(f"wrk gave no summary: {out.stdout[-500:]} {out.stderr[-500:]}")
    data = json.loads(lines[0].split(" ", 1)[1])
    duration = data["duration_us"] / 1e6
    return LoadResult(
        requests_per_second=data["requests"] / duration if duration else 0.0,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        requests=data["requests"],
        failed=data["socket_errors"] + data["non_2xx"],
        tool="wrk",
    )


async def _httpx_loop(request: Request, seconds: float, connections: int) -> LoadResult:
    body = request.body.encode() if request.body else None
    latencies: list[float] = []
    failed = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10.0) as client:
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal failed
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                try:
                    response = await client.request(
                        request.method, request.url, headers=request.headers(), content=body
                    )
                    failed += response.status_code >= 400
                except httpx.HTTPError:
                    failed += 1
                latencies.append(time.perf_counter() - start)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return LoadResult(
        requests_per_second=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p90_ms=percentile(latencies, 0.90) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        requests=len(latencies),
        failed=failed,
        tool=tool(),
    )


Figures = dict[str, dict[str, list[LoadResult]]]  # variant -> endpoint -> one result per run


def alternate(
    variants: dict[str, dict[str, Request]],
    runs: int,
    seconds: float,
    connections: int,
    log: Callable[[str], None],
    around: Callable[[str], AbstractContextManager[object]] | None = None,
) -> Figures:
    """Load each variant's requests in turns, endpoint by endpoint, `runs` times over, so every
    variant sees the same machine; `around(variant)` wraps each of its runs."""
    figures: Figures = {name: {e: [] for e in requests} for name, requests in variants.items()}
    endpoints = list(dict.fromkeys(e for requests in variants.values() for e in requests))
    for _ in range(runs):
        for endpoint in endpoints:
            for name, requests in variants.items():
                if endpoint in requests:
                    with around(name) if around else nullcontext():
                        outcome = run(requests[endpoint], seconds, connections)
                    figures[name][endpoint].append(outcome)
                    log(
                        f"{name} {endpoint}: {outcome.requests_per_second:,.0f} req/s, "
                        f"p99 {outcome.p99_ms:.1f} ms, {outcome.failed} failed"
                    )
    return figures


def summarise(figures: Figures) -> list[dict[str, Any]]:
    """A row per variant and endpoint: requests/s (every run's figure kept, for paired
    ratios), latency and failures."""
    return [
        {
            "server": name,
            "endpoint": endpoint,
            "requests_per_second": Stat.of(o.requests_per_second for o in outcomes).to_json(),
            "runs_rps": [o.requests_per_second for o in outcomes],
            "p50_ms": Stat.of(o.p50_ms for o in outcomes).to_json(),
            "p99_ms": Stat.of(o.p99_ms for o in outcomes).to_json(),
            "failed": sum(o.failed for o in outcomes),
            "requests": sum(o.requests for o in outcomes),
        }
        for name, by_endpoint in figures.items()
        for endpoint, outcomes in by_endpoint.items()
        if outcomes
    ]
