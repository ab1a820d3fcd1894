"""How cost grows with the number of stored messages.

A mock per size, its store seeded through a SQLite file; memory from one more walk in a fresh
process, as in the listing scenario. Per-call costs should not move with the store's size;
listing everything should cost the same per message; the listing's memory should stay at one
page.
"""

from __future__ import annotations

from typing import Any

from bench import child
from bench.clients import raw_httpx, sendwire_sync
from bench.context import Context
from bench.markdown import Section, mib, n, prose, stat, table
from bench.scenarios.per_call import measure, sids_to_fetch
from bench.servers import MockServer
from bench.stats import Stat

NAME = "growth"
TITLE = "5. How cost grows with the store"
GOALS: dict[str, str] = {}
CLIENTS = ("raw httpx.Client", "sendwire Client")


def run(context: Context) -> dict[str, Any]:
    points = [_point(context, stored) for stored in context.sizes.growth_sizes]
    return {"points": points, "page_size": context.sizes.page_size}


def _point(context: Context, stored: int) -> dict[str, Any]:
    sizes, account, page_size = context.sizes, context.account, context.sizes.page_size
    db = context.seeds.fresh(stored)
    try:
        with MockServer(account, db=db) as mock:
            subjects = [raw_httpx(mock.url, account), sendwire_sync(mock.url, account)]
            try:
                sids = sids_to_fetch(mock.url, account, sizes.growth_calls)
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
                walk = ["walk", "sendwire", mock.url, account.sid, str(page_size)]
                memory = child.summary(child.run(walk, account.token))
            finally:
                for subject in subjects:
                    subject.close()
    finally:
        context.seeds.discard(db)
    list_stat = Stat.of(list_seconds)
    context.log(f"growth: {stored:,} stored: list {list_stat.median:.2f} s")
    return {
        "stored": stored,
        "listed": listed,
        "fetch_us": {name: Stat.of(wall["fetch", name]).to_json() for name in CLIENTS},
        "create_us": {name: Stat.of(wall["create", name]).to_json() for name in CLIENTS},
        "list_seconds": list_stat.to_json(),
        "list_us_per_message": list_stat.scaled(1e6 / listed).to_json(),
        "list_rss_end": memory["rss_end"],
        "list_rss_growth_after_tenth": memory["rss_growth_after_tenth"],
    }


def render(result: dict[str, Any]) -> Section:
    body = []
    for p in result["points"]:
        cells = [n(p["stored"])]
        cells += [stat(p[kind][name]) for kind in ("fetch_us", "create_us") for name in CLIENTS]
        cells += [stat(p["list_seconds"], 2, " s"), stat(p["list_us_per_message"], 1)]
        body.append([*cells, mib(p["list_rss_end"]), mib(p["list_rss_growth_after_tenth"])])
    head = ["Stored", "fetch us (raw)", "fetch us (sendwire)", "create us (raw)"]
    head += ["create us (sendwire)", f"list all (page {result['page_size']})", "list us/message"]
    head += ["list RSS at the end", "rise after 10%"]
    return Section([f"## {TITLE}", "", *prose(__doc__), *table(head, body)], [])
