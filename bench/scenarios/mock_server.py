"""Scenario 4: the mock itself under load, against Prism on the same spec, and a big store.

wrk (one thread, 16 connections by default) drives fetch, create and list-page requests on
loopback at one server at a time; both servers stay up for the whole scenario and their runs
alternate, so both see the same machine. Prism answers from the spec's examples: it stores
nothing, so its figures are an upper bound for a server that does no real work.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import httpx

from bench import load, profiling
from bench.context import Context
from bench.servers import Account, MockServer
from bench.stats import Stat, percentile, ratio
from bench.subjects import BODY, FROM, TO

NAME = "mock_server"
TITLE = "The mock under load, against Prism"

MOCK, PRISM = "sendwire mock", "Prism"
ENDPOINTS = ("fetch", "create", "list page (50)")
FETCH_GOAL, CREATE_GOAL, PAGE_GOAL_MS = 5000.0, 2500.0, 30.0


def _requests(url: str, account: Account, sid: str) -> dict[str, load.Request]:
    body = httpx.QueryParams({"To": TO, "From": FROM, "Body": BODY})
    return {
        "fetch": load.Request(
            "GET", f"{url}/2010-04-01/Accounts/{account.sid}/Messages/{sid}.json", account.basic
        ),
        "create": load.Request("POST", url + account.messages_path, account.basic, str(body)),
        "list page (50)": load.Request(
            "GET", f"{url}{account.messages_path}?PageSize=50", account.basic
        ),
    }


def _seed_some(url: str, account: Account, count: int) -> str:
    """A few messages so fetch and list have something real to read; returns one SID."""
    sid = ""
    with httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=30) as client:
        for index in range(count):
            response = client.post(
                account.messages_path,
                data={
                    "To": f"+1555{index:07d}",
                    "From": FROM,
                    "Body": f"{BODY} #{index}",
                },
            )
            response.raise_for_status()
            sid = response.json()["sid"]
    return sid


def _prime(request: load.Request, times: int = 1) -> None:
    headers = {"Authorization": f"Basic {request.auth}"}
    if request.body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    for _ in range(times):
        httpx.request(
            request.method, request.url, headers=headers, content=request.body or None, timeout=30
        ).raise_for_status()


def run(context: Context) -> dict[str, Any]:
    result: dict[str, Any] = {"throughput": _throughput(context)}
    result["big_store"] = _big_store(context)
    return result


def _throughput(context: Context) -> dict[str, Any]:
    sizes = context.sizes
    seconds, connections = sizes.load_seconds, sizes.load_connections
    servers: dict[str, Any] = {}
    # Prism boots (a few seconds of Node start-up) while the mock starts and is seeded.
    prism = context.take_prism()
    try:
        mock = MockServer(context.account).start()
    except BaseException:
        if prism is not None:
            prism.stop()
        raise
    with mock:
        sid = _seed_some(mock.url, context.account, 200 if sizes.name == "full" else 20)
        servers[MOCK] = (mock, _requests(mock.url, context.account, sid))
        try:
            if prism is not None:
                prism.wait_ready()
                # Prism checks the SID's pattern only, so any well-formed SID will do.
                every = _requests(prism.url, context.account, "SM" + "0" * 32)
                wanted = sizes.prism_endpoints
                servers[PRISM] = (prism, {e: r for e, r in every.items() if e in wanted})
            else:
                context.log("mock-server: Prism is not installed (npm ci); measuring the mock only")
            context.log(
                f"mock-server: {', '.join(f'{n} at {s.url}' for n, (s, _) in servers.items())}"
            )
            figures: dict[str, dict[str, list[load.LoadResult]]] = {
                name: {endpoint: [] for endpoint in requests}
                for name, (_, requests) in servers.items()
            }
            for _, requests in servers.values():  # wake both before any figure is taken
                for request in requests.values():
                    _prime(request)
            if sizes.warmup_seconds:
                for _, requests in servers.values():  # warm up both
                    for request in requests.values():
                        load.run(request, sizes.warmup_seconds, connections)
            for run_index in range(sizes.long_runs):
                for endpoint in ENDPOINTS:
                    for name, (_, requests) in servers.items():
                        if endpoint not in requests:
                            continue
                        outcome = load.run(requests[endpoint], seconds, connections)
                        figures[name][endpoint].append(outcome)
                        context.log(
                            f"mock-server: {name} {endpoint}: {outcome.requests_per_second:,.0f}"
                            f" req/s, p99 {outcome.p99_ms:.1f} ms, {outcome.failed} failed"
                        )
            summary = _summarise(figures)
            summary["profiles"] = []
            if context.profiles(NAME):
                summary["profiles"] = _profile_misses(summary, mock, servers[MOCK][1], context)
        finally:
            if prism is not None:
                prism.stop()
        summary["commands"] = {MOCK: mock.command_shown}
        if prism is not None:
            summary["commands"][PRISM] = prism.command_shown
    summary["connections"] = connections
    summary["seconds_per_run"] = seconds
    summary["tool"] = figures[MOCK][ENDPOINTS[0]][0].tool
    return summary


def _summarise(figures: dict[str, dict[str, list[load.LoadResult]]]) -> dict[str, Any]:
    rows = []
    for name, by_endpoint in figures.items():
        for endpoint, outcomes in by_endpoint.items():
            rps = Stat.of(o.requests_per_second for o in outcomes)
            row = {
                "server": name,
                "endpoint": endpoint,
                "requests_per_second": rps.to_json(),
                "p50_ms": Stat.of(o.p50_ms for o in outcomes).to_json(),
                "p99_ms": Stat.of(o.p99_ms for o in outcomes).to_json(),
                "failed": sum(o.failed for o in outcomes),
                "requests": sum(o.requests for o in outcomes),
            }
            if name == MOCK and figures.get(PRISM, {}).get(endpoint):
                prism_rps = Stat.of(o.requests_per_second for o in figures[PRISM][endpoint])
                row["ratio_to_prism"] = ratio(rps, prism_rps).to_json()
            rows.append(row)
    return {"rows": rows}


def _rps(summary: dict[str, Any], server: str, endpoint: str) -> float:
    for row in summary["rows"]:
        if row["server"] == server and row["endpoint"] == endpoint:
            value: float = row["requests_per_second"]["median"]
            return value
    raise KeyError((server, endpoint))


def _profile_misses(
    summary: dict[str, Any],
    mock: MockServer,
    requests: dict[str, load.Request],
    context: Context,
) -> list[dict[str, Any]]:
    """Sample the mock's stacks with py-spy while wrk repeats a request that missed its goal."""
    profiles: list[dict[str, Any]] = []
    for endpoint, goal in (("fetch", FETCH_GOAL), ("create", CREATE_GOAL)):
        if _rps(summary, MOCK, endpoint) >= goal or len(profiles) >= context.sizes.max_profiles:
            continue
        seconds = context.sizes.profile_seconds
        finish = profiling.start_py_spy(
            mock.pid, seconds, f"the mock serving {endpoint} under wrk, 16 connections"
        )
        if finish is None:
            context.log("mock-server: py-spy is not installed; no profile of the mock")
            break
        time.sleep(0.3)
        load.run(requests[endpoint], seconds, context.sizes.load_connections)
        found = finish()
        if found is not None:
            profiles.append(found.to_json())
    return profiles


def _big_store(context: Context) -> dict[str, Any]:
    """A 1000-message page with a million messages stored: first page and a walk deep in."""
    sizes = context.sizes
    total = sizes.big_store
    context.log(f"mock-server: seeding {total:,} messages")
    db = context.seeds.fresh(total)
    account = context.account
    try:
        with MockServer(account, db=db) as mock:
            first = load.Request(
                "GET", f"{mock.url}{account.messages_path}?PageSize=1000", account.basic
            )
            if sizes.warmup_seconds:
                load.run(first, sizes.warmup_seconds, 1)
            single = load.run(first, sizes.latency_seconds, 1)
            context.log(
                f"mock-server: first 1000-page p50 {single.p50_ms:.1f} ms, "
                f"p99 {single.p99_ms:.1f} ms ({single.requests} requests)"
            )
            walk = _walk(mock.url, account, pages=min(100, max(2, total // 1000)))
            profiles = []
            if context.profiles(NAME) and (
                statistics.median(walk) >= PAGE_GOAL_MS or single.p50_ms >= PAGE_GOAL_MS
            ):
                seconds = sizes.profile_seconds
                finish = profiling.start_py_spy(
                    mock.pid, seconds, f"the mock serving 1000-message pages of {total:,} stored"
                )
                if finish is not None:
                    time.sleep(0.3)
                    load.run(first, seconds, 1)
                    found = finish()
                    if found is not None:
                        profiles.append(found.to_json())
            context.log(
                f"mock-server: walk of {len(walk)} pages, median {statistics.median(walk):.1f} ms"
            )
    finally:
        context.seeds.discard(db)
    walk_sorted = sorted(walk)
    return {
        "profiles": profiles,
        "stored": total,
        "seed_seconds": round(context.seeds.seconds.get(total, 0.0), 1),
        "first_page": {
            "p50_ms": single.p50_ms,
            "p90_ms": single.p90_ms,
            "p99_ms": single.p99_ms,
            "requests": single.requests,
            "failed": single.failed,
            "tool": single.tool,
        },
        "walk": {
            "pages": len(walk),
            "median_ms": statistics.median(walk),
            "p90_ms": percentile(walk_sorted, 0.9),
            "max_ms": walk_sorted[-1],
        },
    }


def _walk(url: str, account: Account, pages: int) -> list[float]:
    """Milliseconds per page, following next_page_uri, timed to the last byte of each."""
    times = []
    with httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=60) as client:
        uri: str | None = f"{account.messages_path}?PageSize=1000"
        while uri is not None and len(times) < pages:
            started = time.perf_counter()
            response = client.get(uri)
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            times.append(elapsed * 1000)
            uri = response.json()["next_page_uri"]
    return times
