"""Memory figures from a process of their own, free of other scenarios' allocations.

`python -m bench.child walk CLIENT URL SID PAGE_SIZE`: one listing walk (CLIENT sendwire or
twilio), resident memory (RSS) sampled at every page.
`python -m bench.child send URL SID ROWS SECONDS SAMPLES`: send_many over a generator of ROWS
rows that ends early once SECONDS have passed, RSS sampled from `on_progress`.
`python -m bench.child events URL SID`: read a server-sent event stream as the web inbox does,
until SIGTERM; says "streaming" once connected, then what it read.
The token comes through the environment, never a command line; the child prints one JSON line.
Sampling RSS from /proc costs nothing measurable, unlike tracing every allocation.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from bench.clients import BODY, FROM

TOKEN_VARIABLE = "BENCH_TOKEN"


def rss_bytes() -> int:
    """Resident set size of this process now (Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(args: list[str], token: str, timeout: float = 1800) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.child", *args],
        capture_output=True,
        text=True,
        env={**os.environ, TOKEN_VARIABLE: token},
        timeout=timeout,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench.child {' '.join(args)} failed: {out.stderr[-1500:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def items(count: int, deadline: float | None = None) -> Iterator[dict[str, Any]]:
    """A lazy batch: nothing is built before the engine asks for it. With a deadline the
    generator simply ends early (which bounds the long memory run)."""
    for index in range(count):
        if deadline is not None and index % 1000 == 0 and time.monotonic() > deadline:
            return
        yield {"to": f"+1555{index % 10_000_000:07d}", "from_": FROM, "body": BODY}


def _walk(client: str, url: str, sid: str, page_size: str) -> dict[str, Any]:
    token, size = os.environ[TOKEN_VARIABLE], int(page_size)
    if client == "sendwire":
        from sendwire import Client

        messages: Any = Client(sid, token, base_url=url).messages.list(page_size=size)
    else:
        from bench.clients import twilio_client
        from bench.servers import Account

        messages = twilio_client(url, Account(sid, token)).messages.stream(page_size=size)
    samples, seen, started = [(0, rss_bytes())], 0, time.perf_counter()
    for _ in messages:
        seen += 1
        if seen % size == 0:
            samples.append((seen, rss_bytes()))
    seconds = time.perf_counter() - started
    return {"seen": seen, "seconds": seconds, "samples": [*samples, (seen, rss_bytes())]}


def summary(result: dict[str, Any]) -> dict[str, int]:
    """RSS at the start, after the first page, at a tenth of the walk, at the end and at the
    peak; and how far it rose after that tenth (what holding more than a page would show:
    the allocator's own ups and downs stay small, keeping what was listed grows without end).
    """
    samples = result["samples"]
    tenth_at = next((i for i, (count, _) in enumerate(samples) if count >= samples[-1][0] / 10))
    tenth = samples[tenth_at][1]
    return {
        "rss_start": samples[0][1],
        "rss_first_page": samples[min(1, len(samples) - 1)][1],
        "rss_tenth": tenth,
        "rss_end": samples[-1][1],
        "rss_peak": max(rss for _, rss in samples),
        "rss_growth_after_tenth": max(0, max(rss for _, rss in samples[tenth_at:]) - tenth),
    }


def _send(url: str, sid: str, rows_text: str, seconds: str, samples_text: str) -> dict[str, Any]:
    from sendwire import Client

    rows = int(rows_text)
    every = max(1, rows // int(samples_text))
    samples: list[tuple[int, int]] = []

    def progress(report: Any) -> None:
        if not samples or report.processed >= samples[-1][0] + every:
            samples.append((report.processed, rss_bytes()))

    deadline = time.monotonic() + float(seconds)
    with Client(sid, os.environ[TOKEN_VARIABLE], base_url=url) as client:
        before = rss_bytes()
        with client.messages.send_many(items(rows, deadline), on_progress=progress) as result:
            done, failed = result.succeeded_count, result.failed_count
            samples.append((done + failed, rss_bytes()))
            duration = result.duration
    return {
        "succeeded": done,
        "failed": failed,
        "seconds": duration,
        "rss_before": before,
        "samples": samples,
    }


def _events(url: str, sid: str) -> dict[str, Any]:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # unwinds to the figures below
    events = size = 0
    try:
        with httpx.stream(
            "GET", url, auth=(sid, os.environ[TOKEN_VARIABLE]), timeout=None
        ) as stream:
            stream.raise_for_status()
            print("streaming", flush=True)
            for line in stream.iter_lines():
                events += line.startswith("data:")
                size += len(line) + 1
    except SystemExit:
        pass
    return {"events": events, "bytes": size}


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    print(json.dumps({"walk": _walk, "send": _send, "events": _events}[command](*arguments)))
