"""Scenario 2: walking every stored message, page by page: time and peak memory."""

from __future__ import annotations

from typing import Any

from bench import memwalk, profiling
from bench.context import Context
from bench.servers import MockServer
from bench.stats import Stat, ratio
from bench.subjects import RawHttpx, SendwireSync, Subject, Twilio, rotate

NAME = "listing"
TITLE = "Listing every stored message"


def run(context: Context) -> dict[str, Any]:
    sizes = context.sizes
    total, page_size = sizes.list_messages, sizes.page_size
    context.log(f"listing: seeding {total:,} messages")
    db = context.seeds.fresh(total)
    try:
        with MockServer(context.account, db=db) as mock:
            context.log(f"listing: mock at {mock.url}")
            subjects: list[Subject] = [
                make(mock.url, context.account) for make in (RawHttpx, SendwireSync, Twilio)
            ]
            try:
                return _measure(context, subjects, total, page_size, mock.url)
            finally:
                for subject in subjects:
                    subject.close()
    finally:
        context.seeds.discard(db)


def _measure(
    context: Context, subjects: list[Subject], total: int, page_size: int, url: str
) -> dict[str, Any]:
    sizes = context.sizes
    for subject in subjects:  # warm up: one page each
        subject.time_list(page_size, limit=page_size)
    seconds: dict[str, list[float]] = {s.name: [] for s in subjects}
    for run_index in range(sizes.long_runs):
        for subject in rotate(subjects, run_index):
            elapsed, seen = subject.time_list(page_size)
            if seen != total:
                raise RuntimeError(f"{subject.name} listed {seen} of {total} messages")
            seconds[subject.name].append(elapsed)
        context.log(f"listing: run {run_index + 1}/{sizes.long_runs} done")
    # Memory: a walk of everything in a fresh process per client, RSS sampled at every page.
    # An iterator that holds one page stays at the level it reached after the first page.
    memory = {}
    account = context.account
    for client, name in (("sendwire", SendwireSync.name), ("twilio", Twilio.name)):
        walked = memwalk.walk(client, url, account.sid, account.token, page_size)
        if walked["seen"] != total:
            raise RuntimeError(f"{name} listed {walked['seen']} of {total} messages")
        memory[name] = memwalk.summary(walked)
        context.log(f"listing: memory of {name} measured")
    base = Stat.of(seconds[RawHttpx.name])
    rows = []
    for name, values in seconds.items():
        stat = Stat.of(values)
        rows.append(
            {
                "client": name,
                "seconds": stat.to_json(),
                "messages_per_second": Stat.of(total / v for v in values).to_json(),
                "ratio_to_raw_httpx": ratio(stat, base).to_json(),
                **memory.get(name, {}),
            }
        )
    result: dict[str, Any] = {
        "messages": total,
        "page_size": page_size,
        "rows": rows,
        "sendwire_name": SendwireSync.name,
        "twilio_name": Twilio.name,
    }
    ours = next(r for r in rows if r["client"] == SendwireSync.name)
    if context.profiles(NAME) and ours["ratio_to_raw_httpx"]["median"] > 1.2:
        sync = next(s for s in subjects if s.name == SendwireSync.name)
        found = profiling.in_process(
            f"sendwire Client.messages.list of {total:,} messages, page_size={page_size}",
            lambda: sync.time_list(page_size),
        )
        result["profiles"] = [found.to_json()] if found is not None else []
    return result
