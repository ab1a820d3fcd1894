"""Measurements in a process of their own, free of other scenarios' allocations.

`python -m bench.child walk CLIENT URL SID PAGE_SIZE`: one listing walk (CLIENT sendwire or
twilio), resident memory (RSS) sampled at every page.
`python -m bench.child send URL SID ROWS SECONDS SAMPLES`: send_many over a generator of ROWS
rows that ends early once SECONDS have passed, RSS sampled from `on_progress`.
`python -m bench.child events URL SID`: reads a server-sent event stream as the web inbox
does, until SIGTERM; says "streaming" once connected.
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

from bench.clients import BODY, FROM, twilio_client
from bench.servers import Account

TOKEN_VARIABLE = "BENCH_TOKEN"


def rss_bytes() -> int:
    status = Path("/proc/self/status").read_text().splitlines()
    return next((int(x.split()[1]) * 1024 for x in status if x.startswith("VmRSS:")), 0)


def run(args: list[str], token: str) -> dict[str, Any]:
    env = {**os.environ, TOKEN_VARIABLE: token}
    command = [sys.executable, "-m", "bench.child", *args]
    out = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, timeout=3600
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench.child {' '.join(args)} failed: {out.stderr[-1500:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def items(count: int, deadline: float | None = None) -> Iterator[dict[str, Any]]:
    """A lazy batch: nothing is built before the engine asks for it. With a deadline the
    generator simply ends early (which bounds the long memory run)."""
    for index in range(count):
        if deadline is not None and index % 1000 == 0 and time.monotonic() > deadline:
            return
        yield {"to": f"+1555{index % 10_000_000:07d}", "from_": FROM, "body": BODY}


def summary(result: dict[str, Any]) -> dict[str, int]:
    """RSS at the start, after the first page, at a tenth of the walk, at the end and at the
    peak; and how far it rose after that tenth (what holding more than a page would show:
    the allocator's own ups and downs stay small, keeping what was listed grows without end)."""
    samples = result["samples"]
    tenth_at = next(i for i, (count, _) in enumerate(samples) if count >= samples[-1][0] / 10)
    tenth, after = samples[tenth_at][1], max(rss for _, rss in samples[tenth_at:])
    return {
        "rss_first_page": samples[min(1, len(samples) - 1)][1],
        "rss_tenth": tenth,
        "rss_end": samples[-1][1],
        "rss_peak": max(rss for _, rss in samples),
        "rss_growth_after_tenth": max(0, after - tenth),
    }


def _walk(client: str, url: str, sid: str, page_size: str) -> dict[str, Any]:
    token, size = os.environ[TOKEN_VARIABLE], int(page_size)
    if client == "sendwire":
        from sendwire import Client

        messages: Any = Client(sid, token, base_url=url).messages.list(page_size=size)
    else:
        messages = twilio_client(url, Account(sid, token)).messages.stream(page_size=size)
    samples, seen = [(0, rss_bytes())], 0
    for _ in messages:
        seen += 1
        if seen % size == 0:
            samples.append((seen, rss_bytes()))
    return {"seen": seen, "samples": [*samples, (seen, rss_bytes())]}


def _send(url: str, sid: str, rows: str, seconds: str, samples_wanted: str) -> dict[str, Any]:
    from sendwire import Client

    every, samples = max(1, int(rows) // int(samples_wanted)), []

    def progress(report: Any) -> None:
        if not samples or report.processed >= samples[-1][0] + every:
            samples.append((report.processed, rss_bytes()))

    made = items(int(rows), time.monotonic() + float(seconds))
    with Client(sid, os.environ[TOKEN_VARIABLE], base_url=url) as client:
        before = rss_bytes()
        with client.messages.send_many(made, on_progress=progress) as result:
            done, failed = result.succeeded_count, result.failed_count
            samples.append((done + failed, rss_bytes()))
            figures = {"succeeded": done, "failed": failed, "seconds": result.duration}
    return {**figures, "rss_before": before, "samples": samples}


def _events(url: str, sid: str) -> dict[str, Any]:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # unwinds to the figures below
    events = size = 0
    try:
        auth = (sid, os.environ[TOKEN_VARIABLE])
        with httpx.stream("GET", url, auth=auth, timeout=None) as stream:
            print("streaming" if stream.is_success else stream.status_code, flush=True)
            for line in stream.iter_lines():
                events, size = events + line.startswith("data:"), size + len(line) + 1
    except SystemExit:
        pass
    return {"events": events, "bytes": size}


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    print(json.dumps({"walk": _walk, "send": _send, "events": _events}[command](*arguments)))
