"""The mock itself under load, against Prism on the same spec and against itself without its
limits, and a big store.

The load generator drives fetch, create and list-page requests on loopback at one server at a
time; every server stays up for the whole scenario and their runs alternate, so all see the
same machine. The mock validates every request against the spec, authenticates it and stores
or reads real state (SQLite in memory); Prism validates the request and answers with the
spec's examples, storing nothing. The mock also runs a second time with every limit on hostile
clients turned off (header timeout and sizes, idle timeout, connection cap), so what the
limits cost is measured side by side. `failed` counts socket errors and answers outside 2xx.
"""

from __future__ import annotations

import statistics
import time
from contextlib import ExitStack
from typing import Any

import httpx

from bench import load, profiling
from bench.clients import BODY, FORM, FROM, message_path
from bench.context import Context
from bench.markdown import Goal, Section, find, paragraph, prose, stat, table, times
from bench.servers import Account, MockServer, mock_help
from bench.stats import Stat, paired, percentile, ratio

NAME = "mock_server"
TITLE = "4. The mock under load, against Prism"
GOALS = {
    "mock_fetch_rps >= 5000": "the mock serves a fetch at >= 5,000 req/s (one worker, 16 "
    "connections)",
    "mock_create_rps >= 2500": "the mock serves a create at >= 2,500 req/s with full validation",
    "mock_page_ms < 30": "a 1000-message page in < 30 ms with 1,000,000 messages stored",
    "mock_limits_cost <= 5%": "the mock's limits on hostile clients cost at most 5% of its fetch "
    "and create req/s (against the same mock with every limit off, side by side)",
}
MOCK, LIMITS_OFF, PRISM = "sendwire mock", "sendwire mock, limits off", "Prism"
TARGETS = {"fetch": 5000.0, "create": 2500.0}
PAGE_GOAL_MS = 30.0
NO_LIMITS = ["--header-timeout", "--max-header-bytes", "--max-headers", "--idle-timeout"]
NO_LIMITS = [arg for flag in [*NO_LIMITS, "--max-connections"] for arg in (flag, "0")]


def requests_for(url: str, account: Account, sid: str) -> dict[str, load.Request]:
    messages = url + account.messages_path
    return {
        "fetch": load.Request("GET", url + message_path(account, sid), account.basic),
        "create": load.Request("POST", messages, account.basic, str(httpx.QueryParams(FORM))),
        "list page (50)": load.Request("GET", f"{messages}?PageSize=50", account.basic),
    }


def seed_some(url: str, account: Account, count: int) -> str:
    """A few messages so fetch and list have something real to read; returns one SID."""
    with httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=30) as client:
        for index in range(count):
            data = {"To": f"+1555{index:07d}", "From": FROM, "Body": f"{BODY} #{index}"}
            response = client.post(account.messages_path, data=data).raise_for_status()
    return str(response.json()["sid"])


def run(context: Context) -> dict[str, Any]:
    return {"throughput": _throughput(context), "big_store": _big_store(context)}


def _throughput(context: Context) -> dict[str, Any]:
    sizes, account = context.sizes, context.account
    limits_known = all(flag in mock_help() for flag in NO_LIMITS[::2])
    with ExitStack() as stack:
        # Prism boots (a few seconds of Node start-up) while the mocks start and are seeded.
        prism = context.take_prism()
        if prism is not None:
            stack.callback(prism.stop)
        servers: dict[str, Any] = {MOCK: stack.enter_context(MockServer(account))}
        if limits_known:
            servers[LIMITS_OFF] = stack.enter_context(MockServer(account, args=NO_LIMITS))
        variants = {}
        for name, server in servers.items():
            sid = seed_some(server.url, account, 200 if sizes.name == "full" else 20)
            variants[name] = requests_for(server.url, account, sid)
            if name == LIMITS_OFF:
                variants[name].pop("list page (50)")
        if prism is not None:
            servers[PRISM] = prism.wait_ready()
            # Prism checks the SID's pattern only, so any well-formed SID will do.
            every = requests_for(prism.url, account, "SM" + "0" * 32)
            variants[PRISM] = {e: r for e, r in every.items() if e in sizes.prism_endpoints}
        else:
            context.log("mock-server: Prism is not installed (npm ci); measuring the mock only")
        for requests in variants.values():  # wake every server before any figure is taken
            for request in requests.values():
                request.once()
                if sizes.warmup_seconds:
                    load.run(request, sizes.warmup_seconds, sizes.load_connections)
        figures = load.alternate(
            variants,
            sizes.long_runs,
            sizes.load_seconds,
            sizes.load_connections,
            lambda text: context.log("mock-server: " + text),
        )
        rows = load.summarise(figures)
        for row in rows:
            if row["server"] != MOCK:
                continue
            prism_row = find(rows, server=PRISM, endpoint=row["endpoint"])
            if prism_row:
                ratio_ = ratio(
                    Stat(**row["requests_per_second"]), Stat(**prism_row["requests_per_second"])
                )
                row["ratio_to_prism"] = ratio_.to_json()
            off = find(rows, server=LIMITS_OFF, endpoint=row["endpoint"])
            if off:
                row["ratio_to_limits_off"] = paired(row["runs_rps"], off["runs_rps"]).to_json()
        profiles = []
        if context.profiles(NAME):
            profiles = _profile_misses(rows, servers[MOCK], variants[MOCK], context)
        commands = {name: server.command_shown for name, server in servers.items()}
    return {
        "rows": rows,
        "profiles": profiles,
        "commands": commands,
        "limits_known": limits_known,
        "connections": sizes.load_connections,
        "seconds_per_run": sizes.load_seconds,
        "tool": load.tool(),
    }


def _profile_misses(
    rows: list[dict[str, Any]],
    mock: MockServer,
    requests: dict[str, load.Request],
    context: Context,
) -> list[dict[str, Any]]:
    """Sample the mock's stacks with py-spy while load repeats a request that missed its goal."""
    profiles: list[dict[str, Any]] = []
    for endpoint, target in TARGETS.items():
        row = find(rows, server=MOCK, endpoint=endpoint)
        if row is None or row["requests_per_second"]["median"] >= target:
            continue
        if len(profiles) >= context.sizes.max_profiles:
            break
        what = (
            f"the mock serving {endpoint} under load, {context.sizes.load_connections} connections"
        )
        finish = profiling.start_py_spy(mock.pid, context.sizes.profile_seconds, what)
        if finish is None:
            context.log("mock-server: py-spy is not installed; no profile of the mock")
            break
        time.sleep(0.3)
        load.run(requests[endpoint], context.sizes.profile_seconds, context.sizes.load_connections)
        found = finish()
        if found is not None:
            profiles.append(found)
    return profiles


def _big_store(context: Context) -> dict[str, Any]:
    """A 1000-message page with a million messages stored: first page and a walk deep in."""
    sizes, account, total = context.sizes, context.account, context.sizes.big_store
    context.log(f"mock-server: seeding {total:,} messages")
    db = context.seeds.fresh(total)
    profiles = []
    try:
        with MockServer(account, db=db) as mock:
            first = load.Request(
                "GET", f"{mock.url}{account.messages_path}?PageSize=1000", account.basic
            )
            if sizes.warmup_seconds:
                load.run(first, sizes.warmup_seconds, 1)
            single = load.run(first, sizes.latency_seconds, 1)
            walk = _walk(mock.url, account, pages=min(100, max(2, total // 1000)))
            slow = statistics.median(walk) >= PAGE_GOAL_MS or single.p50_ms >= PAGE_GOAL_MS
            what = f"the mock serving 1000-message pages of {total:,} stored"
            if context.profiles(NAME) and slow:
                finish = profiling.start_py_spy(mock.pid, sizes.profile_seconds, what)
                time.sleep(0.3)
                load.run(first, sizes.profile_seconds, 1)
                profiles = [p for p in [finish() if finish else None] if p is not None]
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
    times_ = []
    with httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=60) as client:
        uri: str | None = f"{account.messages_path}?PageSize=1000"
        while uri is not None and len(times_) < pages:
            started = time.perf_counter()
            response = client.get(uri).raise_for_status()
            times_.append((time.perf_counter() - started) * 1000)
            uri = response.json()["next_page_uri"]
    return times_


def render(result: dict[str, Any]) -> Section:
    throughput, big = result["throughput"], result["big_store"]
    rows = throughput["rows"]
    lines = [f"## {TITLE}", "", *prose(__doc__)]
    lines += paragraph(
        f"{throughput['tool']} with one thread and {throughput['connections']} connections, "
        f"{throughput['seconds_per_run']:.0f} s per run."
    )
    head = ["Server", "Request", "Requests/s", "p50 ms", "p99 ms", "vs Prism", "vs limits off"]
    lines += table(
        [*head, "failed"],
        [
            [r["server"], r["endpoint"], stat(r["requests_per_second"]), stat(r["p50_ms"], 1)]
            + [stat(r["p99_ms"], 1), times(r.get("ratio_to_prism"))]
            + [times(r.get("ratio_to_limits_off")), f"{r['failed']:,} of {r['requests']:,}"]
            for r in rows
        ],
    )
    if not throughput["limits_known"]:
        lines += paragraph(
            "The installed `sendwire mock` has no options to turn its limits off (`--header-"
            "timeout` and the like), so the run without limits was skipped."
        )
    lines += [f"- {name}: `{command}`" for name, command in throughput["commands"].items()] + [""]
    first, walk = big["first_page"], big["walk"]
    lines += [f"### A 1000-message page with {big['stored']:,} messages stored", ""]
    lines += paragraph(
        f"The store was seeded in {big['seed_seconds']:.0f} s through the mock's own store and "
        "message builder into a SQLite file, then served with `sendwire mock --db`. The first "
        "page measured with the load generator over one connection; then a walk following "
        "`next_page_uri`, each page timed to its last byte."
    )
    first_row = [f"first page, {first['requests']:,} requests"]
    first_row += [f"{first[k]:.1f} ms" for k in ("p50_ms", "p90_ms", "p99_ms")]
    walk_row = [f"walk, {walk['pages']} consecutive pages"]
    walk_row += [
        f"{walk['median_ms']:.1f} ms",
        f"{walk['p90_ms']:.1f} ms",
        f"{walk['max_ms']:.1f} ms (max)",
    ]
    lines += table(["Measure", "p50 / median", "p90", "p99 / max"], [first_row, walk_row])
    servers = list(dict.fromkeys(r["server"] for r in rows))
    endpoints = list(dict.fromkeys(r["endpoint"] for r in rows))
    panel = {
        "title": "Server throughput (higher is better)",
        "labels": endpoints,
        "series": {
            s: [
                (find(rows, server=s, endpoint=e) or {}).get("requests_per_second")
                for e in endpoints
            ]
            for s in servers
        },
        "ylabel": "requests/s",
        "marks": [TARGETS.get(e) for e in endpoints],
    }
    return Section(lines, _goals(throughput, big), [panel])


def _goals(throughput: dict[str, Any], big: dict[str, Any]) -> list[Goal]:
    names, goals = list(GOALS), []
    for name, (endpoint, target) in zip(names, TARGETS.items()):
        row = find(throughput["rows"], server=MOCK, endpoint=endpoint)
        if row is None:
            goals.append(Goal(name, GOALS[name]))
            continue
        rps = row["requests_per_second"]
        spread = f" (runs {rps['low']:,.0f}-{rps['high']:,.0f})" if rps["runs"] > 1 else ""
        profiles = tuple(p for p in throughput["profiles"] if endpoint in p["what"])
        goals.append(
            Goal(
                name,
                GOALS[name],
                f"{rps['median']:,.0f} req/s{spread}",
                rps["median"] >= target,
                profiles,
            )
        )
    walk, first = big["walk"], big["first_page"]
    text = GOALS[names[2]] + (
        "" if big["stored"] >= 1_000_000 else f" (this run stored only {big['stored']:,})"
    )
    shown = (
        f"walk of {walk['pages']} pages: median {walk['median_ms']:.1f} ms, p90 "
        f"{walk['p90_ms']:.1f} ms; first page p50 {first['p50_ms']:.1f} ms, p99 {first['p99_ms']:.1f} ms"
    )
    met = walk["median_ms"] < PAGE_GOAL_MS and first["p50_ms"] < PAGE_GOAL_MS
    goals.append(Goal(names[2], text, shown, met, tuple(big["profiles"])))
    off = {e: find(throughput["rows"], server=MOCK, endpoint=e) for e in TARGETS}
    if all(r and "ratio_to_limits_off" in r for r in off.values()):
        kept = {e: r["ratio_to_limits_off"] for e, r in off.items()}  # type: ignore[index]
        shown = "; ".join(f"{e} {times(k)} the req/s without limits" for e, k in kept.items())
        goals.append(
            Goal(names[3], GOALS[names[3]], shown, all(k["median"] >= 0.95 for k in kept.values()))
        )
    else:
        reason = (
            "" if throughput["limits_known"] else " (the installed mock cannot turn its limits off)"
        )
        goals.append(Goal(names[3], GOALS[names[3]], "not measured in this run" + reason))
    return goals
