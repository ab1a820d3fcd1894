"""Walking every stored message, page by page: time against a raw httpx loop, and memory from
a walk in a fresh process (the method: prose.md)."""

from __future__ import annotations

from typing import Any

from bench import clients, figures, profiling
from bench.clients import closing, raw_httpx, sendwire_subjects, twilio
from bench.figures import MIB, Goal, Section, find, mib, stat, table, times, words
from bench.servers import mock
from bench.settings import Context

NAME, TITLE = "listing", "2. Listing every stored message"
SYNC = "sendwire Client"
WALKS = {SYNC: "sendwire", "twilio SDK": "twilio"}  # memory: a walk in a fresh process


def run(context: Context) -> dict[str, Any]:
    sizes, account = context.sizes, context.account
    total, size = sizes.list_messages, sizes.page_size
    context.log(f"listing: seeding {total:,} messages")
    with context.seeded(total) as db, mock(account, db=db) as server:
        subjects = [raw_httpx(server.url, account), *sendwire_subjects(server.url, account)]
        with closing([*subjects, twilio(server.url, account)]) as every:
            for subject in every:  # warm up: one page each
                subject.time_list(size, limit=size)
            seconds: dict[str, list[float]] = {s.name: [] for s in every}
            for index in range(sizes.long_runs):
                for subject in every[index % len(every) :] + every[: index % len(every)]:
                    elapsed, seen = subject.time_list(size)
                    if seen != total:
                        raise RuntimeError(f"{subject.name} listed {seen} of {total}")
                    seconds[subject.name].append(elapsed)
                context.log(f"listing: run {index + 1}/{sizes.long_runs} done")
            memory = {
                n: clients.walk_memory(k, server.url, account, size) for n, k in WALKS.items()
            }
            base, rows = figures.of(seconds["raw httpx.Client"]), []
            for name, values in seconds.items():
                row = {"client": name, "seconds": figures.of(values)}
                row["messages_per_second"] = figures.of(total / v for v in values)
                row["ratio_to_raw_httpx"] = figures.ratio(figures.of(values), base)
                rows.append({**row, **memory.get(name, {})})
            result = {"messages": total, "page_size": size, "rows": rows}
            ours = find(rows, client=SYNC)
            if context.profiles(NAME) and ours["ratio_to_raw_httpx"]["median"] > 1.2:
                what = f"{SYNC}.messages.list of {total:,} messages, page_size={size}"
                sync = next(s for s in every if s.name == SYNC)
                found = profiling.in_process(what, lambda: sync.time_list(size))
                result["profiles"] = [found] if found else []
            return result


def render(result: dict[str, Any]) -> Section:
    total, rows = result["messages"], result["rows"]
    lines = [f"## 2. Listing {total:,} stored messages", "", *words(NAME, **result)]
    memory = ("rss_first_page", "rss_tenth", "rss_end", "rss_peak", "rss_growth_after_tenth")
    body = [
        [r["client"], stat(r["seconds"], 2, " s"), stat(r["messages_per_second"])]
        + [times(r["ratio_to_raw_httpx"]), *(mib(r.get(k)) for k in memory)]
        for r in rows
    ]
    head = ["Client", "Time", "Messages/s", "vs raw httpx", "RSS after page 1", "at 10%"]
    lines += table([*head, "at the end", "peak", "rise after 10%"], body)
    ours, profiles = find(rows, client=SYNC), tuple(result.get("profiles", []))
    speed = ours["ratio_to_raw_httpx"]
    shown = f"{times(speed)} the raw loop's time"
    goals = [Goal("listing_vs_raw_loop <= 1.2", shown, speed["median"] <= 1.2, profiles)]
    grew = ours["rss_growth_after_tenth"]
    shown = f"RSS rose {mib(grew)} after the first tenth of {total:,} messages (at the end "
    shown += f"{mib(ours['rss_end'])}, peak {mib(ours['rss_peak'])})"
    goals.append(Goal("listing_memory_rise <= 16 MiB", shown, grew <= 16 * MIB))
    return Section(lines, goals)
