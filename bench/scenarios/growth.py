"""Scenario 5: how cost grows with the number of stored messages (1k, 10k, 100k).

Per-call costs should stay flat; listing everything should grow linearly (constant time per
message), with memory flat, because the iterator holds one page.
"""

from __future__ import annotations

from typing import Any

from bench import memwalk
from bench.context import Context
from bench.servers import MockServer
from bench.stats import Stat
from bench.subjects import RawHttpx, SendwireSync, Subject

NAME = "growth"
TITLE = "How cost grows with the store"


def run(context: Context) -> dict[str, Any]:
    points = [_point(context, stored) for stored in context.sizes.growth_sizes]
    return {
        "points": points,
        "page_size": context.sizes.page_size,
        "calls_per_run": context.sizes.growth_calls,
    }


def _point(context: Context, stored: int) -> dict[str, Any]:
    sizes = context.sizes
    calls, page_size = sizes.growth_calls, sizes.page_size
    db = context.seeds.fresh(stored)
    try:
        with MockServer(context.account, db=db) as mock:
            raw = RawHttpx(mock.url, context.account)
            sendwire = SendwireSync(mock.url, context.account)
            try:
                sids = [m.sid for m in sendwire.client.messages.list(limit=min(calls, stored))]
                sids = [sids[i % len(sids)] for i in range(calls)]
                subjects: list[Subject] = [raw, sendwire]
                fetch: dict[str, list[float]] = {s.name: [] for s in subjects}
                create: dict[str, list[float]] = {s.name: [] for s in subjects}
                for subject in subjects:
                    subject.time_fetches(sids[: max(1, calls // 10)])
                for _ in range(sizes.runs):
                    for subject in subjects:
                        fetch[subject.name].append(subject.time_fetches(sids) / calls * 1e6)
                        create[subject.name].append(subject.time_creates(calls) / calls * 1e6)
                listed = stored + calls * (sizes.runs * 2)  # the creates above are listed too
                list_seconds = []
                for _ in range(sizes.long_runs):
                    elapsed, seen = sendwire.time_list(page_size)
                    if seen != listed:
                        raise RuntimeError(f"listed {seen} of {listed} messages")
                    list_seconds.append(elapsed)
                account = context.account
                walked = memwalk.walk("sendwire", mock.url, account.sid, account.token, page_size)
                memory = memwalk.summary(walked)
            finally:
                raw.close()
                sendwire.close()
    finally:
        context.seeds.discard(db)
    list_stat = Stat.of(list_seconds)
    context.log(
        f"growth: {stored:,} stored: list {list_stat.median:.2f} s, "
        f"fetch {Stat.of(fetch[SendwireSync.name]).median:.0f} us"
    )
    return {
        "stored": stored,
        "listed": listed,
        "fetch_us": {name: Stat.of(v).to_json() for name, v in fetch.items()},
        "create_us": {name: Stat.of(v).to_json() for name, v in create.items()},
        "list_seconds": list_stat.to_json(),
        "list_us_per_message": list_stat.scaled(1e6 / listed).to_json(),
        "list_rss_end": memory["rss_end"],
        "list_rss_growth_after_tenth": memory["rss_growth_after_tenth"],
    }
