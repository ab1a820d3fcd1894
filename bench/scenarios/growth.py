"""How cost grows with the number of stored messages: per call, listing all and its memory,
a mock per size (the method: prose.md)."""

from __future__ import annotations

from typing import Any

from bench import clients, figures
from bench.clients import closing, raw_httpx, sendwire
from bench.figures import Section, mib, stat, table, words
from bench.scenarios.per_call import OPERATIONS, measure
from bench.servers import mock
from bench.settings import Context

NAME, TITLE = "growth", "5. How cost grows with the store"
CLIENTS = ("raw httpx.Client", "sendwire Client")


def run(context: Context) -> dict[str, Any]:
    points = [_point(context, stored) for stored in context.sizes.growth_sizes]
    return {"points": points, "page_size": context.sizes.page_size}


def _point(context: Context, stored: int) -> dict[str, Any]:
    sizes, account, page_size = context.sizes, context.account, context.sizes.page_size
    with context.seeded(stored) as db, mock(account, db=db) as server:
        subjects = [raw_httpx(server.url, account), sendwire(server.url, account)]
        with closing(subjects):
            sids = clients.sids_to_fetch(server.url, account, sizes.growth_calls)
            for subject in subjects:
                subject.time_fetches(sids[: max(1, len(sids) // 10)])
            wall, _ = measure(subjects, sids, sizes.runs, lambda text: None)
            listed = stored + 2 * len(sids) * sizes.runs + min(200, len(sids))
            list_seconds = []
            for _ in range(sizes.long_runs):
                elapsed, seen = subjects[1].time_list(page_size)
                if seen != listed:
                    raise RuntimeError(f"listed {seen} of {listed} messages")
                list_seconds.append(elapsed)
            memory = clients.walk_memory("sendwire", server.url, account, page_size)
    context.log(f"growth: {stored:,} stored: list {min(list_seconds):.2f} s")
    point = {"stored": stored, "listed": listed, "list_seconds": figures.of(list_seconds)}
    point |= {f"{op}_us": {n: figures.of(wall[op, n]) for n in CLIENTS} for op in OPERATIONS}
    point["list_us_per_message"] = figures.of(s * 1e6 / listed for s in list_seconds)
    return {**point, **{f"list_{k}": memory[k] for k in ("rss_end", "rss_growth_after_tenth")}}


def render(result: dict[str, Any]) -> Section:
    body = []
    for p in result["points"]:
        cells = [f"{p['stored']:,}"]
        cells += [stat(p[kind][name]) for kind in ("fetch_us", "create_us") for name in CLIENTS]
        cells += [stat(p["list_seconds"], 2, " s"), stat(p["list_us_per_message"], 1)]
        body.append([*cells, mib(p["list_rss_end"]), mib(p["list_rss_growth_after_tenth"])])
    head = ["Stored", "fetch us (raw)", "fetch us (sendwire)", "create us (raw)"]
    head += ["create us (sendwire)", f"list all (page {result['page_size']})", "list us/message"]
    head += ["list RSS at the end", "rise after 10%"]
    return Section([f"## {TITLE}", "", *words(NAME), *table(head, body)], [])
