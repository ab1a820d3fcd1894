"""The API's throughput while the web inbox streams to a client, against no client.

The mock pushes what happens to messages to its web inbox over `GET /_mock/events`
(server-sent events). Fetch and create req/s under the load generator are measured on one
mock in turns: with an inbox client connected and streaming, and with none. The client is a
headless chromium on the inbox page when `/usr/bin/chromium` exists, else a process of its
own that reads the event stream as the page does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench import child, load
from bench.context import Context
from bench.markdown import Goal, Section, find, paragraph, prose, stat, table, times
from bench.scenarios.mock_server import requests_for, seed_some
from bench.servers import Account, MockServer
from bench.stats import paired

NAME = "inbox"
TITLE = "6. The API while the inbox streams"
GOALS = {
    "inbox_stream_cost <= 5%": "an inbox client streaming the mock's events costs at most 5% "
    "of the API's fetch and create req/s (side by side with no client)",
}
EVENTS = "/_mock/events"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
FLAGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ("/", "/_mock/", "/_mock/inbox", "/_mock/ui")
QUIET, STREAMING = "sendwire mock, no inbox client", "sendwire mock, inbox client streaming"


def _serves_events(url: str, account: Account) -> bool:
    auth = (account.sid, account.token)
    try:
        with httpx.stream("GET", url + EVENTS, auth=auth, timeout=5) as answer:
            return answer.status_code == 200 and "event-stream" in answer.headers.get(
                "content-type", ""
            )
    except httpx.HTTPError:
        return False


def _inbox_page(url: str) -> str | None:
    for path in PAGES:
        answer = httpx.get(url + path, timeout=10)
        if answer.status_code == 200 and "html" in answer.headers.get("content-type", ""):
            return url + path
    return None


@contextmanager
def _browser(page: str, workdir: Path) -> Iterator[dict[str, Any]]:
    profile = tempfile.mkdtemp(prefix="chromium-", dir=workdir)
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", page]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)  # start-up, the page's load and its stream's connection
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited with status {process.returncode}")
        yield {}
    finally:
        _stop(process)


@contextmanager
def _reader(url: str, account: Account) -> Iterator[dict[str, Any]]:
    """A process of its own reading the stream; what it read comes back when it is stopped."""
    command = [sys.executable, "-m", "bench.child", "events", url + EVENTS, account.sid]
    env = {**os.environ, child.TOKEN_VARIABLE: account.token}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    read: dict[str, Any] = {}
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "streaming":
            raise RuntimeError("the event reader did not connect")
        yield read
    finally:
        _stop(process)
        if process.stdout is not None:
            read.update(json.loads(process.stdout.read().strip() or "{}"))


def _stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def run(context: Context) -> dict[str, Any]:
    sizes, account = context.sizes, context.account
    with MockServer(account) as mock:
        if not _serves_events(mock.url, account):
            return {"skipped": f"the installed mock does not serve `GET {EVENTS}`"}
        page = _inbox_page(mock.url) if CHROMIUM.exists() else None
        client = (
            f"headless chromium on {page[len(mock.url) :]}" if page else "an event-stream reader"
        )
        sid = seed_some(mock.url, account, 20)
        requests = {
            k: v for k, v in requests_for(mock.url, account, sid).items() if k != "list page (50)"
        }
        for request in requests.values():
            request.once()
            if sizes.warmup_seconds:
                load.run(request, sizes.warmup_seconds, sizes.load_connections)
        events: list[int] = []

        @contextmanager
        def around(name: str) -> Iterator[None]:
            if name == QUIET:
                yield
                return
            streaming = _browser(page, context.workdir) if page else _reader(mock.url, account)
            with streaming as read:
                yield
            if "events" in read:
                events.append(read["events"])

        figures = load.alternate(
            {QUIET: requests, STREAMING: requests},
            sizes.long_runs,
            sizes.load_seconds,
            sizes.load_connections,
            lambda text: context.log("inbox: " + text),
            around,
        )
    rows = load.summarise(figures)
    for row in rows:
        quiet = find(rows, server=QUIET, endpoint=row["endpoint"])
        if row["server"] == STREAMING and quiet:
            row["ratio_to_no_client"] = paired(row["runs_rps"], quiet["runs_rps"]).to_json()
    return {
        "rows": rows,
        "client": client,
        "events": events,
        "tool": load.tool(),
        "seconds_per_run": sizes.load_seconds,
    }


def render(result: dict[str, Any]) -> Section:
    lines = [f"## {TITLE}", "", *prose(__doc__)]
    name = next(iter(GOALS))
    if "skipped" in result:
        lines += paragraph(f"Not measured: {result['skipped']}.")
        return Section(lines, [Goal(name, GOALS[name], f"not measured: {result['skipped']}")])
    lines += paragraph(
        f"The client in this run: {result['client']}; {result['tool']}, "
        f"{result['seconds_per_run']:.0f} s per run."
        + (
            f" Events the reader received per run: {', '.join(f'{e:,}' for e in result['events'])}."
            if result["events"]
            else ""
        )
    )
    rows = result["rows"]
    lines += table(
        ["Server", "Request", "Requests/s", "p50 ms", "p99 ms", "vs no client", "failed"],
        [
            [r["server"], r["endpoint"], stat(r["requests_per_second"]), stat(r["p50_ms"], 1)]
            + [stat(r["p99_ms"], 1), times(r.get("ratio_to_no_client"))]
            + [f"{r['failed']:,} of {r['requests']:,}"]
            for r in rows
        ],
    )
    kept = {r["endpoint"]: r["ratio_to_no_client"] for r in rows if "ratio_to_no_client" in r}
    shown = "; ".join(f"{e} {times(k)} the req/s with no client" for e, k in kept.items())
    return Section(
        lines, [Goal(name, GOALS[name], shown, all(k["median"] >= 0.95 for k in kept.values()))]
    )
