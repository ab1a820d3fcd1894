"""The mock under load: against Prism on the same spec, against itself with its limits on
hostile clients turned off, and a 1000-message page of a big store (the method: prose.md)."""

from __future__ import annotations

import statistics
import time
from contextlib import ExitStack
from typing import Any

import httpx

from bench import clients, figures, servers
from bench.clients import FORM
from bench.figures import Goal, Section, find, stat, table, times, words
from bench.servers import PRISM, Account, Request, mock, mock_help
from bench.settings import Context

NAME = "mock_server"
TITLE = "4. The mock under load, against Prism"
MOCK, LIMITS_OFF, PRISM_NAME = "sendwire mock", "sendwire mock, limits off", "Prism"
TARGETS = {"fetch": 5000, "create": 2500}
FLAGS = ("--header-timeout", "--max-header-bytes", "--max-headers", "--idle-timeout")
NO_LIMITS = [arg for flag in (*FLAGS, "--max-connections") for arg in (flag, "0")]


def requests_for(url: str, account: Account, sid: str) -> dict[str, Request]:
    messages = url + account.messages_path
    return {
        "fetch": Request("GET", url + account.message_path(sid), account.basic),
        "create": Request("POST", messages, account.basic, str(httpx.QueryParams(FORM))),
        "list page (50)": Request("GET", f"{messages}?PageSize=50", account.basic),
    }


def run(context: Context) -> dict[str, Any]:
    sizes, account = context.sizes, context.account
    limits_known = all(flag in mock_help() for flag in NO_LIMITS[::2])
    with ExitStack() as stack:
        prism = stack.enter_context(servers.prism()) if PRISM.exists() else None
        running = {MOCK: stack.enter_context(mock(account))}
        if limits_known:
            running[LIMITS_OFF] = stack.enter_context(mock(account, args=NO_LIMITS))
        variants = {}
        for name, server in running.items():
            sid = clients.sids_to_fetch(server.url, account, 200 if sizes.name == "full" else 20)[0]
            variants[name] = requests_for(server.url, account, sid)
        variants.get(LIMITS_OFF, {}).pop("list page (50)", None)
        if prism is not None:
            prism.ready()  # it booted while the mocks started and were seeded
            running[PRISM_NAME] = prism
            # Prism checks the SID's pattern only, so any well-formed SID will do.
            every = requests_for(prism.url, account, "SM" + "0" * 32)
            variants[PRISM_NAME] = {e: r for e, r in every.items() if e in sizes.prism_endpoints}
        rows = servers.compare(variants, sizes, lambda text: context.log("mock-server: " + text))
        for row in rows:
            prism_row = find(rows, server=PRISM_NAME, endpoint=row["endpoint"])
            if row["server"] == MOCK and prism_row:
                row["ratio_to_prism"] = figures.ratio(row["rps"], prism_row["rps"])
            off = find(rows, server=LIMITS_OFF, endpoint=row["endpoint"])
            if row["server"] == MOCK and off:
                row["ratio_to_limits_off"] = figures.paired(row["runs_rps"], off["runs_rps"])
        commands = {name: server.command_shown for name, server in running.items()}
    throughput = {"rows": rows, "commands": commands}
    throughput.update(limits_known=limits_known, tool="wrk")
    throughput.update(connections=sizes.load_connections, seconds_per_run=sizes.load_seconds)
    return {"throughput": throughput, "big_store": _big_store(context)}


def _big_store(context: Context) -> dict[str, Any]:
    """A 1000-message page with a million messages stored: first page and a walk deep in."""
    sizes, account, total = context.sizes, context.account, context.sizes.big_store
    context.log(f"mock-server: seeding {total:,} messages")
    with context.seeded(total) as db, mock(account, db=db) as server:
        url = f"{server.url}{account.messages_path}?PageSize=1000"
        first = Request("GET", url, account.basic)
        if sizes.warmup_seconds:
            servers.run(first, sizes.warmup_seconds, 1)
        single = servers.run(first, sizes.latency_seconds, 1)
        walk = []
        with httpx.Client(auth=(account.sid, account.token), timeout=60) as client:
            uri: str | None = url  # a walk following next_page_uri, each page to its last byte
            while uri is not None and len(walk) < min(100, max(2, total // 1000)):
                started = time.perf_counter()
                answer = client.get(uri).raise_for_status()
                walk.append((time.perf_counter() - started) * 1000)
                uri = answer.json()["next_page_uri"]
                uri = uri and server.url + uri
    walk.sort()
    return {
        "stored": total,
        "seed_seconds": round(context.seed_seconds.get(total, 0.0), 1),
        "first_page": single,
        "walk": {
            "pages": len(walk),
            "median_ms": statistics.median(walk),
            "p90_ms": figures.percentile(walk, 0.9),
            "max_ms": walk[-1],
        },
    }


def render(result: dict[str, Any]) -> Section:
    throughput, big = result["throughput"], result["big_store"]
    rows = throughput["rows"]
    lines = [f"## {TITLE}", "", *words(NAME, **throughput)]
    lines += servers.load_table(
        rows, {"vs Prism": "ratio_to_prism", "vs limits off": "ratio_to_limits_off"}
    )
    if not throughput["limits_known"]:
        lines += words(NAME + ".no_limits")
    lines += [f"- {name}: `{command}`" for name, command in throughput["commands"].items()]
    first, walk = big["first_page"], big["walk"]
    lines += ["", f"### A 1000-message page with {big['stored']:,} messages stored", ""]
    lines += words(NAME + ".big_store", **big)
    first_row = [f"first page, {first['requests']:,} requests"]
    first_row += [f"{first[k]:.1f} ms" for k in ("p50_ms", "p90_ms", "p99_ms")]
    walk_row = [f"walk, {walk['pages']} consecutive pages"]
    walk_row += [f"{walk[k]:.1f} ms" for k in ("median_ms", "p90_ms", "max_ms")]
    lines += table(["Measure", "p50 / median", "p90", "p99 / max"], [first_row, walk_row])
    return Section(lines, _goals(throughput, big))


def _goals(throughput: dict[str, Any], big: dict[str, Any]) -> list[Goal]:
    goals, rows = [], throughput["rows"]
    for endpoint, target in TARGETS.items():
        name = f"mock_{endpoint}_rps >= {target:.0f}"
        rps = find(rows, server=MOCK, endpoint=endpoint)["rps"]
        goals.append(Goal(name, stat(rps) + " req/s", rps["median"] >= target))
    walk, first = big["walk"], big["first_page"]
    shown = (
        f"walk of {walk['pages']} pages: median {walk['median_ms']:.1f} ms, p90 "
        f"{walk['p90_ms']:.1f} ms; first page p50 {first['p50_ms']:.1f} ms, p99 "
        f"{first['p99_ms']:.1f} ms"
    )
    met = walk["median_ms"] < 30 and first["p50_ms"] < 30
    goals.append(Goal("mock_page_ms < 30", shown, met))
    kept = {e: find(rows, server=MOCK, endpoint=e).get("ratio_to_limits_off") for e in TARGETS}
    if not all(kept.values()):
        reason = "" if throughput["limits_known"] else ": the mock cannot turn its limits off"
        return [*goals, Goal("mock_limits_cost <= 5%", f"not measured in this run{reason}")]
    shown = "; ".join(f"{e} {times(k)} the req/s without limits" for e, k in kept.items())
    return [
        *goals,
        Goal("mock_limits_cost <= 5%", shown, all(k["median"] >= 0.95 for k in kept.values())),
    ]
