"""The servers under test, real subprocesses (the Sendwire mock and Prism), and load on them
with wrk, several in turns so all see the same machine."""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import secrets
import shutil
import socket
import subprocess
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
PRISM, LUA = ROOT / "node_modules" / ".bin" / "prism", ROOT / "bench" / "lua" / "request.lua"

TO, FROM = "+15558675310", "+15017122661"
BODY = "Hello from the benchmark: your code is 123456."
FORM = {"To": TO, "From": FROM, "Body": BODY}


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


@contextlib.contextmanager
def mock(account: Account, db: Path | None = None, args: Sequence[str] = ()) -> Iterator[Any]:
    """`sendwire mock` on a free loopback port, run by `sendwire.testing.MockProcess`."""
    from sendwire.testing import MockProcess

    pair = (account.sid, account.token)
    process = MockProcess(account=pair, db=db, step_seconds=1.0, extra_args=args, start_timeout=60)
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
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(15)
            process.kill()  # a no-op once it has exited


@attrs.frozen
class Request:  # one request repeated for a whole run
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
    """Each variant's requests in turns, endpoint by endpoint, `sizes.long_runs` times over
    (`around(variant)` wraps its runs): a row per variant and endpoint, each run's req/s kept."""
    connections, seconds = sizes.load_connections, sizes.load_seconds
    for request in (r for requests in variants.values() for r in requests.values()):
        if sizes.warmup_seconds:  # wake every server before any figure is taken
            run(request, sizes.warmup_seconds, connections)
    measured: dict[tuple[str, str], list[dict[str, Any]]] = {}
    order = list(variants)
    endpoints = list(dict.fromkeys(e for requests in variants.values() for e in requests))
    for _, endpoint in itertools.product(range(sizes.long_runs), endpoints):
        for name, request in ((n, r[endpoint]) for n, r in variants.items() if endpoint in r):
            with around(name):
                done = run(request, seconds, connections)
            measured.setdefault((name, endpoint), []).append(done)
            log(f"{name} {endpoint}: {done['rps']:,.0f} req/s, {done['failed']} failed")
    rows = []
    for (name, endpoint), taken in sorted(measured.items(), key=lambda kv: order.index(kv[0][0])):
        row = {"server": name, "endpoint": endpoint, "runs_rps": [o["rps"] for o in taken]}
        row.update({key: figures.of(o[key] for o in taken) for key in ("rps", "p50_ms", "p99_ms")})
        rows.append({**row, **{k: sum(o[k] for o in taken) for k in ("failed", "requests")}})
    return rows


def requests_for(url: str, account: Account, sid: str) -> dict[str, Request]:
    """The requests loaded: a fetch of `sid`, a create and a page of 50."""
    messages, form = url + account.messages_path, str(httpx.QueryParams(FORM))
    return {
        "fetch": Request("GET", url + account.message_path(sid), account.basic),
        "create": Request("POST", messages, account.basic, form),
        "list page (50)": Request("GET", f"{messages}?PageSize=50", account.basic),
    }


def cost_goal(name: str, rows: list[dict[str, Any]], key: str, than: str) -> figures.Goal:
    """At most 5% of the req/s lost: every paired ratio `key` at least 0.95."""
    kept = {r["endpoint"]: r[key] for r in rows if key in r}
    if not kept:
        return figures.Goal(name)
    shown = "; ".join(f"{e} {figures.times(k)} the req/s {than}" for e, k in kept.items())
    return figures.Goal(name, shown, all(k["median"] >= 0.95 for k in kept.values()))


def load_table(rows: list[dict[str, Any]], ratios: dict[str, str]) -> list[str]:
    """Load figures as a table: requests/s, latency, the ratios (heading: key) and failures."""
    stat, times = figures.stat, figures.times
    body = [
        [r["server"], r["endpoint"], stat(r["rps"]), stat(r["p50_ms"], 1), stat(r["p99_ms"], 1)]
        + [*(times(r.get(key)) for key in ratios.values()), f"{r['failed']:,} of {r['requests']:,}"]
        for r in rows
    ]
    head = ["Server", "Request", "Requests/s", "p50 ms", "p99 ms", *ratios, "failed"]
    return figures.table(head, body)
