"""The API's throughput while the web inbox streams its events to a client (a headless
chromium on the page, else a stream reader), against no client (the method: prose.md)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import clients, figures, servers
from bench.figures import Section, find, words
from bench.settings import Context

NAME, TITLE = "inbox", "6. The API while the inbox streams"
EVENTS, PAGE, CHROMIUM = "/_mock/events", "/_mock/inbox", Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
FLAGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUIET, STREAMING = "sendwire mock, no inbox client", "sendwire mock, inbox client streaming"


@contextlib.contextmanager
def _streaming(url: str, context: Context, events: list[int]) -> Iterator[None]:
    """A client streaming the inbox's events for as long as the block runs."""
    reader = [sys.executable, "-m", "bench.clients", "events", url + EVENTS, context.account.sid]
    profile = f"--user-data-dir={context.workdir / f'chromium-{time.monotonic_ns()}'}"
    browser = CHROMIUM.exists()
    command = [str(CHROMIUM), *FLAGS, profile, url + PAGE] if browser else reader
    env = {**os.environ, clients.TOKEN_ENV: context.account.token}
    out = subprocess.DEVNULL if browser else subprocess.PIPE
    process = subprocess.Popen(command, stdout=out, stderr=out, text=True, env=env)
    try:
        if browser:
            time.sleep(3)  # start-up, the page's load and its stream's connection
        elif process.stdout and process.stdout.readline().strip() != "streaming":
            raise RuntimeError("the event reader did not connect")
        if process.poll() is not None:
            raise RuntimeError(f"the inbox client exited with status {process.returncode}")
        yield
    finally:
        process.terminate()
        read = process.communicate(timeout=15)[0]
    if not browser:
        events.append(json.loads(read.strip().splitlines()[-1])["events"])


def run(context: Context) -> dict[str, Any]:
    sizes, account, events = context.sizes, context.account, []
    with servers.mock(account) as server:
        sid = clients.sids_to_fetch(server.url, account, 20)[0]
        requests = servers.requests_for(server.url, account, sid)
        del requests["list page (50)"]
        stream = lambda: _streaming(server.url, context, events)
        around = lambda name: stream() if name == STREAMING else contextlib.nullcontext()
        log = lambda text: context.log("inbox: " + text)
        rows = servers.compare({QUIET: requests, STREAMING: requests}, sizes, log, around)
    for row in rows:
        quiet = find(rows, server=QUIET, endpoint=row["endpoint"])
        if row["server"] == STREAMING and quiet:
            row["ratio_to_no_client"] = figures.paired(row["runs_rps"], quiet["runs_rps"])
    client = f"headless chromium on {PAGE}" if CHROMIUM.exists() else "an event-stream reader"
    return {"rows": rows, "client": client, "events": events, "tool": "wrk"}


def render(result: dict[str, Any]) -> Section:
    read = ", ".join(f"{count:,}" for count in result["events"])
    read = f" Events the reader received, run by run: {read}." if read else ""
    lines = [f"## {TITLE}", "", *words(NAME, **{**result, "events": read})]
    rows, key = result["rows"], "ratio_to_no_client"
    lines += servers.load_table(rows, {"vs no client": key})
    return Section(
        lines, [servers.cost_goal("inbox_stream_cost <= 5%", rows, key, "with no client")]
    )
