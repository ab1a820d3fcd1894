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

import httpx

from bench import clients, figures, servers
from bench.figures import Goal, Section, find, times, words
from bench.scenarios.mock_server import requests_for
from bench.settings import Context

NAME = "inbox"
TITLE = "6. The API while the inbox streams"
EVENTS, CHROMIUM = "/_mock/events", Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
FLAGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ("/", "/_mock/", "/_mock/inbox", "/_mock/ui")
QUIET, STREAMING = "sendwire mock, no inbox client", "sendwire mock, inbox client streaming"


def _kind(url: str, auth: tuple[str, str]) -> str | None:
    """The page of the inbox (chromium), "" (reader), or None: no events here to stream."""
    try:
        with httpx.stream("GET", url + EVENTS, auth=auth, timeout=5) as answer:
            if "event-stream" not in answer.headers.get("content-type", ""):
                return None
    except httpx.HTTPError:
        return None
    for path in PAGES if CHROMIUM.exists() else ():
        answer = httpx.get(url + path, timeout=10)
        if answer.status_code == 200 and "html" in answer.headers.get("content-type", ""):
            return path
    return ""


@contextlib.contextmanager
def _streaming(
    url: str, page: str, context: Context, events: list[int], wanted: bool
) -> Iterator[None]:
    """A client streaming the inbox's events for as long as the block runs, when `wanted`."""
    if not wanted:
        yield
        return
    reader = [sys.executable, "-m", "bench.clients", "events", url + EVENTS, context.account.sid]
    profile = f"--user-data-dir={context.workdir / f'chromium-{time.monotonic_ns()}'}"
    command = [str(CHROMIUM), *FLAGS, profile, url + page] if page else reader
    env = {**os.environ, clients.TOKEN_VARIABLE: context.account.token}
    out = subprocess.DEVNULL if page else subprocess.PIPE
    process = subprocess.Popen(command, stdout=out, stderr=out, text=True, env=env)
    try:
        if page:
            time.sleep(3)  # start-up, the page's load and its stream's connection
        elif process.stdout and process.stdout.readline().strip() != "streaming":
            raise RuntimeError("the event reader did not connect")
        if process.poll() is not None:
            raise RuntimeError(f"the inbox client exited with status {process.returncode}")
        yield
    finally:
        process.terminate()
        read = process.communicate(timeout=15)[0]
    if not page:
        events.append(json.loads(read.strip().splitlines()[-1])["events"])


def run(context: Context) -> dict[str, Any]:
    sizes, account, events = context.sizes, context.account, []
    with servers.mock(account) as server:
        page = _kind(server.url, (account.sid, account.token))
        if page is None:
            return {"skipped": f"the installed mock does not serve `GET {EVENTS}`"}
        sid = clients.sids_to_fetch(server.url, account, 20)[0]
        requests = requests_for(server.url, account, sid)
        del requests["list page (50)"]
        around = lambda name: _streaming(server.url, page, context, events, name == STREAMING)
        log = lambda text: context.log("inbox: " + text)
        rows = servers.compare({QUIET: requests, STREAMING: requests}, sizes, log, around)
    for row in rows:
        quiet = find(rows, server=QUIET, endpoint=row["endpoint"])
        if row["server"] == STREAMING and quiet:
            row["ratio_to_no_client"] = figures.paired(row["runs_rps"], quiet["runs_rps"])
    client = f"headless chromium on {page}" if page else "an event-stream reader"
    return {"rows": rows, "client": client, "events": events, "tool": "wrk"}


def render(result: dict[str, Any]) -> Section:
    lines = [f"## {TITLE}", ""]
    if "skipped" in result:
        lines += [f"Not measured: {result['skipped']}.", ""]
        return Section(
            lines, [Goal("inbox_stream_cost <= 5%", f"not measured: {result['skipped']}")]
        )
    read = ", ".join(f"{count:,}" for count in result["events"])
    read = f" Events the reader received, run by run: {read}." if read else ""
    lines += words(NAME, client=result["client"], tool=result["tool"], events=read)
    rows = result["rows"]
    kept = {r["endpoint"]: r["ratio_to_no_client"] for r in rows if "ratio_to_no_client" in r}
    shown = "; ".join(f"{e} {times(k)} the req/s with no client" for e, k in kept.items())
    met = all(k["median"] >= 0.95 for k in kept.values())
    lines += servers.load_table(rows, {"vs no client": "ratio_to_no_client"})
    return Section(lines, [Goal("inbox_stream_cost <= 5%", shown, met)])
