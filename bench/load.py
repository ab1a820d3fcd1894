"""Load on loopback: wrk with a Lua script when installed, else an async httpx loop."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import attrs
import httpx

from bench.stats import percentile

LUA = Path(__file__).resolve().parent / "lua" / "request.lua"


@attrs.frozen
class Request:
    """One request repeated for a whole run."""

    method: str
    url: str
    auth: str = attrs.field(repr=False)  # base64 of SID:TOKEN, or "" for none
    body: str = ""


@attrs.frozen
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    failed: int  # socket errors and answers outside 2xx/3xx
    tool: str


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run(request: Request, seconds: float, connections: int) -> LoadResult:
    if wrk_available():
        return _wrk(request, seconds, connections)
    return asyncio.run(_httpx_loop(request, seconds, connections))


def _wrk(request: Request, seconds: float, connections: int) -> LoadResult:
    env = {
        **os.environ,
        "BENCH_METHOD": request.method,
        "BENCH_BODY": request.body,
        "BENCH_AUTH": request.auth,
    }
    # One wrk thread: the server under test gets the other core to itself.
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        request.url,
    ]
    out = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=seconds + 60, check=False
    )
    for line in out.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            data = json.loads(line[len("BENCH-JSON ") :])
            break
    else:
        raise RuntimeError(f"wrk gave no summary: {out.stdout[-500:]} {out.stderr[-500:]}")
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
    headers = {"Authorization": f"Basic {request.auth}"} if request.auth else {}
    if request.body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
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
                        request.method, request.url, headers=headers, content=body
                    )
                    await response.aread()
                    if response.status_code >= 400:
                        failed += 1
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
        tool="httpx async loop (wrk not installed)",
    )
