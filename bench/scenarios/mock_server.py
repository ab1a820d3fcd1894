"""The mock under load: against Prism on the same spec, against itself with its limits on
hostile clients turned off, and a 1000-message page of a big store (the method: prose.md)."""

from __future__ import annotations

import statistics
import time
from contextlib import ExitStack
from typing import Any

import httpx

from bench import clients, figures, servers
from bench.figures import Goal, Section, find, stat, table, words
from bench.servers import PRISM, Request, mock, requests_for
from bench.settings import Context

NAME, TITLE = "mock_server", "4. The mock under load, against Prism"
MOCK, LIMITS_OFF, PRISM_NAME = "sendwire mock", "sendwire mock, limits off", "Prism"
TARGETS = {"fetch": 5000, "create": 2500}
FLAGS = ("--header-timeout", "--max-header-bytes", "--max-headers", "--idle-timeout")
NO_LIMITS = [arg for flag in (*FLAGS, "--max-connections") for arg in (flag, "0")]


def run(context: Context) -> dict[str, Any]:
    sizes, account = context.sizes, context.account
    with ExitStack() as stack:
        prism = stack.enter_context(servers.prism()) if PRISM.exists() else None
        running = {MOCK: stack.enter_context(mock(account))}
        running[LIMITS_OFF] = stack.enter_context(mock(account, args=NO_LIMITS))
        variants = {}
        for name, server in running.items():
            sid = clients.sids_to_fetch(server.url, account, 200 if sizes.name == "full" else 20)[0]
            variants[name] = requests_for(server.url, account, sid)
        del variants[LIMITS_OFF]["list page (50)"]
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
    throughput = {"rows": rows, "commands": commands, "tool": "wrk"}
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
    p90 = walk[max(0, round(0.9 * len(walk)) - 1)]  # nearest rank
    pages = {"pages": len(walk), "median_ms": statistics.median(walk), "p90_ms": p90}
    seeding = round(context.seed_seconds.get(total, 0.0), 1)
    walked = {**pages, "max_ms": walk[-1]}
    return {"stored": total, "seed_seconds": seeding, "first_page": single, "walk": walked}


def render(result: dict[str, Any]) -> Section:
    throughput, big = result["throughput"], result["big_store"]
    rows = throughput["rows"]
    lines = [f"## {TITLE}", "", *words(NAME, **throughput)]
    ratios = {"vs Prism": "ratio_to_prism", "vs limits off": "ratio_to_limits_off"}
    lines += servers.load_table(rows, ratios)
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
    rows, walk, first = throughput["rows"], big["walk"], big["first_page"]
    rps = {e: find(rows, server=MOCK, endpoint=e)["rps"] for e in TARGETS}
    goals = [
        Goal(f"mock_{e}_rps >= {target}", stat(rps[e]) + " req/s", rps[e]["median"] >= target)
        for e, target in TARGETS.items()
    ]
    shown = f"walk of {walk['pages']} pages: median {walk['median_ms']:.1f} ms, p90 "
    shown += f"{walk['p90_ms']:.1f} ms; first page p50 {first['p50_ms']:.1f} ms, p99 "
    met = walk["median_ms"] < 30 and first["p50_ms"] < 30
    goals.append(Goal("mock_page_ms < 30", shown + f"{first['p99_ms']:.1f} ms", met))
    key = "ratio_to_limits_off"
    return [*goals, servers.cost_goal("mock_limits_cost <= 5%", rows, key, "without limits")]
