"""Soak test: a sustained mixed load on a mock server process, with its memory watched.

    python tools/soak.py                       # 60 s, 16 connections, figures on stdout
    python tools/soak.py --seconds 5 --json soak.json

It starts `sendwire mock` in its own process (in-memory store) and keeps `--connections`
keep-alive connections busy for `--seconds` with a mix of creates, fetches, list pages (some
followed to the next page) and deletes. Each connection deletes its oldest message once it
holds more than `--keep`, so the store stays the same size and the server's memory should stay
flat: any growth is a leak, not data. Every answer is checked (201, 200, 204 as expected);
anything else, or a dropped connection, is an error. The mock's resident memory (VmRSS) is
sampled every second; the run fails if it grew by more than `--rss-growth-mib` after warm-up.

The load generator speaks HTTP/1.1 itself over asyncio streams, so it costs the server's
machine little and the figures measure the server, not a client library.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import secrets
import statistics
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sendwire.testing import MockProcess

OPERATIONS = ("create", "fetch", "list", "delete")
# Weights of the mix (deletes come on top, to keep each connection's set of messages bounded).
MIX = {"create": 3, "fetch": 5, "list": 2}
EXPECTED = {"create": 201, "fetch": 200, "list": 200, "next_page": 200, "delete": 204}


@dataclass
class Report:
    seconds: float
    connections: int
    requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    by_operation: dict[str, int] = field(default_factory=dict)
    throughput_per_s: float = 0.0
    latency_ms: dict[str, dict[str, float]] = field(default_factory=dict)
    rss_kib_samples: list[tuple[float, int]] = field(default_factory=list)
    rss_start_kib: int = 0
    rss_end_kib: int = 0
    rss_max_kib: int = 0
    rss_growth_kib: int = 0
    rss_growth_limit_kib: int = 0
    stored_at_end: int = 0
    ok: bool = False


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


class Connection:
    """One keep-alive HTTP/1.1 connection, one request at a time."""

    def __init__(self, host: str, port: int, authorization: str) -> None:
        self.host, self.port = host, port
        self.authorization = authorization
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, target: str, form: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        body = urlencode(form).encode() if form is not None else b""
        head = (
            f"{method} {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Authorization: {self.authorization}\r\n"
        )
        if form is not None:
            head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        length = 0
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        payload = await self.reader.readexactly(length) if length else b""
        return status, payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
            self.writer = None


class Load:
    def __init__(
        self,
        url: str,
        account: tuple[str, str],
        seconds: float,
        connections: int,
        keep: int,
        seed: int,
    ) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        credentials = base64.b64encode(f"{account[0]}:{account[1]}".encode()).decode()
        self.authorization = f"Basic {credentials}"
        self.base = f"/2010-04-01/Accounts/{account[0]}/Messages"
        self.seconds = seconds
        self.connections = connections
        self.keep = keep
        self.seed = seed
        self.latencies: dict[str, list[float]] = {name: [] for name in EXPECTED}
        self.errors: list[str] = []

    async def _timed(
        self,
        connection: Connection,
        name: str,
        method: str,
        target: str,
        form: dict[str, str] | None = None,
    ) -> bytes | None:
        started = time.perf_counter()
        try:
            status, payload = await connection.request(method, target, form)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            await connection.close()
            return None
        self.latencies[name].append((time.perf_counter() - started) * 1000.0)
        if status != EXPECTED[name]:
            self.errors.append(f"{name}: HTTP {status}: {payload[:200]!r}")
            return None
        return payload

    async def _worker(self, number: int, deadline: float) -> None:
        rng = random.Random(self.seed * 1000 + number)
        connection = Connection(self.host, self.port, self.authorization)
        mine: deque[str] = deque()
        names, weights = list(MIX), list(MIX.values())
        sent = 0
        try:
            while time.monotonic() < deadline:
                operation = rng.choices(names, weights)[0]
                if operation == "fetch" and not mine:
                    operation = "create"
                if operation == "create":
                    form = {
                        "To": f"+1555{number:03d}{sent % 10_000:04d}",
                        "From": "+15017122661",
                        "Body": f"soak {number}-{sent} " + "x" * rng.randrange(0, 300),
                    }
                    sent += 1
                    payload = await self._timed(
                        connection, "create", "POST", f"{self.base}.json", form
                    )
                    if payload is not None:
                        mine.append(json.loads(payload)["sid"])
                    if len(mine) > self.keep:
                        await self._timed(
                            connection, "delete", "DELETE", f"{self.base}/{mine.popleft()}.json"
                        )
                elif operation == "fetch":
                    sid = mine[rng.randrange(len(mine))]
                    await self._timed(connection, "fetch", "GET", f"{self.base}/{sid}.json")
                else:
                    size = rng.choice((20, 50, 100))
                    payload = await self._timed(
                        connection, "list", "GET", f"{self.base}.json?PageSize={size}"
                    )
                    if payload is not None and rng.random() < 0.25:
                        following = json.loads(payload)["next_page_uri"]
                        if following:
                            await self._timed(connection, "next_page", "GET", following)
        finally:
            await connection.close()

    async def run(self) -> float:
        started = time.monotonic()
        deadline = started + self.seconds
        await asyncio.gather(*(self._worker(n, deadline) for n in range(self.connections)))
        return time.monotonic() - started


async def _sample_rss(
    pid: int, samples: list[tuple[float, int]], every: float, stop: asyncio.Event
) -> None:
    started = time.monotonic()
    while True:
        samples.append((round(time.monotonic() - started, 2), rss_kib(pid)))
        try:
            await asyncio.wait_for(stop.wait(), every)
            samples.append((round(time.monotonic() - started, 2), rss_kib(pid)))
            return
        except asyncio.TimeoutError:
            pass


async def _soak(load: Load, pid: int | None, samples: list[tuple[float, int]]) -> float:
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample_rss(pid, samples, 1.0, stop)) if pid else None
    try:
        return await load.run()
    finally:
        stop.set()
        if sampler is not None:
            await sampler


def run(
    seconds: float = 60.0,
    connections: int = 16,
    keep: int = 50,
    seed: int = 1,
    rss_growth_mib: float = 32.0,
    warmup_fraction: float = 0.2,
) -> Report:
    """Start a mock process, load it for `seconds`, and report what happened."""
    account = ("AC" + secrets.token_hex(16), secrets.token_hex(16))
    process = MockProcess(account=account, step_seconds=0)
    server = process.start()
    assert process.process is not None
    pid = process.process.pid
    load = Load(server.url, account, seconds, connections, keep, seed)
    samples: list[tuple[float, int]] = []
    try:
        duration = asyncio.run(_soak(load, pid, samples))
        stored = server.stats()["messages"]
    finally:
        process.terminate()
    return _report(load, duration, samples, stored, rss_growth_mib, warmup_fraction)


def _report(
    load: Load,
    duration: float,
    samples: list[tuple[float, int]],
    stored: int,
    rss_growth_mib: float,
    warmup_fraction: float,
) -> Report:
    report = Report(seconds=round(duration, 2), connections=load.connections)
    everything: list[float] = []
    for name, values in load.latencies.items():
        report.by_operation[name] = len(values)
        everything.extend(values)
        if values:
            report.latency_ms[name] = {
                "p50": round(statistics.median(values), 3),
                "p99": round(percentile(values, 0.99), 3),
                "max": round(max(values), 3),
            }
    report.latency_ms["all"] = {
        "p50": round(statistics.median(everything), 3) if everything else 0.0,
        "p99": round(percentile(everything, 0.99), 3),
        "max": round(max(everything), 3) if everything else 0.0,
    }
    report.requests = len(everything) + len(load.errors)
    report.errors = len(load.errors)
    report.error_samples = load.errors[:10]
    report.throughput_per_s = round(report.requests / duration, 1) if duration else 0.0
    report.rss_kib_samples = samples
    report.stored_at_end = stored
    if samples:
        # Memory after warm-up (connections open, caches filled, the store at its size).
        warm = [kib for at, kib in samples if at >= duration * warmup_fraction] or [samples[-1][1]]
        report.rss_start_kib, report.rss_end_kib = warm[0], samples[-1][1]
        report.rss_max_kib = max(kib for _, kib in samples)
        report.rss_growth_kib = report.rss_end_kib - report.rss_start_kib
    report.rss_growth_limit_kib = int(rss_growth_mib * 1024)
    report.ok = (
        report.errors == 0
        and report.requests > 0
        and report.rss_growth_kib <= report.rss_growth_limit_kib
    )
    return report


def summary(report: Report) -> str:
    head = (
        f"Soak: {report.seconds:.1f} s, {report.connections} connections, "
        f"{report.requests} requests ({report.throughput_per_s:.0f}/s), {report.errors} errors"
    )
    mix = ", ".join(f"{name} {count}" for name, count in report.by_operation.items())
    lines = [head, f"  requests by operation: {mix}"]
    for name, figures in report.latency_ms.items():
        lines.append(
            f"  latency {name:9} p50 {figures['p50']:.2f} ms, p99 {figures['p99']:.2f} ms, "
            f"max {figures['max']:.2f} ms"
        )
    lines.append(
        f"  mock RSS: {report.rss_start_kib / 1024:.1f} MiB after warm-up, "
        f"{report.rss_end_kib / 1024:.1f} MiB at the end (max {report.rss_max_kib / 1024:.1f}, "
        f"growth {report.rss_growth_kib / 1024:+.1f} MiB, limit "
        f"{report.rss_growth_limit_kib / 1024:.0f} MiB); {report.stored_at_end} messages stored"
    )
    for sample in report.error_samples:
        lines.append(f"  error: {sample}")
    lines.append("OK: no error, memory bounded." if report.ok else "FAILED")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--keep",
        type=int,
        default=50,
        help="messages each connection holds before deleting its oldest",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rss-growth-mib",
        type=float,
        default=32.0,
        help="most the mock's memory may grow after warm-up",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    print(
        f"$ {os.path.basename(sys.executable)} tools/soak.py "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        flush=True,
    )
    report = run(args.seconds, args.connections, args.keep, args.seed, args.rss_growth_mib)
    print(summary(report))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(asdict(report), indent=2) + "\n")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
