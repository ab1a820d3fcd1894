"""Walking every stored message, page by page: time and memory.

Each client walks every message, following `next_page_uri` (sendwire:
`client.messages.list(page_size=...)`; twilio: `client.messages.stream(page_size=...)`); the
baseline is a raw `httpx.Client` loop that decodes each page's JSON. sendwire's clients run
on their default path and on plain httpx (`SENDWIRE_HTTP=httpx`). Memory: one more walk per
client in a fresh process, its resident memory (RSS) sampled at every page. An iterator that
holds a page or two levels off early and only wobbles with the allocator; one that kept what
it had listed would rise by hundreds of MiB.
"""

from __future__ import annotations

from typing import Any

from bench import child, profiling
from bench.clients import raw_httpx, rotate, sendwire_subjects, twilio
from bench.context import Context
from bench.markdown import MIB, Goal, Section, find, mib, paragraph, prose, stat, table, times
from bench.servers import MockServer
from bench.stats import Stat, ratio

NAME = "listing"
TITLE = "2. Listing every stored message"
GOALS = {
    "listing_vs_raw_loop <= 1.2": "sendwire Client listing 100,000 messages, page_size=1000, "
    "within 1.2x of a raw httpx.Client loop that decodes the JSON",
    "listing_memory_rise <= 16 MiB": "listing 100,000 messages with page_size=1000 keeps "
    "memory flat: RSS rises at most 16 MiB after the first tenth",
}
SYNC = "sendwire Client"
MEMORY_WALKS = {SYNC: "sendwire", "twilio SDK": "twilio"}


def run(context: Context) -> dict[str, Any]:
    sizes, account = context.sizes, context.account
    total, size = sizes.list_messages, sizes.page_size
    context.log(f"listing: seeding {total:,} messages")
    db = context.seeds.fresh(total)
    try:
        with MockServer(account, db=db) as mock:
            subjects = [raw_httpx(mock.url, account), *sendwire_subjects(mock.url, account)]
            subjects.append(twilio(mock.url, account))
            try:
                for subject in subjects:  # warm up: one page each
                    subject.time_list(size, limit=size)
                seconds: dict[str, list[float]] = {s.name: [] for s in subjects}
                for index in range(sizes.long_runs):
                    for subject in rotate(subjects, index):
                        elapsed, seen = subject.time_list(size)
                        if seen != total:
                            raise RuntimeError(f"{subject.name} listed {seen} of {total}")
                        seconds[subject.name].append(elapsed)
                    context.log(f"listing: run {index + 1}/{sizes.long_runs} done")
                memory = {}
                for name, kind in MEMORY_WALKS.items():
                    walk = ["walk", kind, mock.url, account.sid, str(size)]
                    memory[name] = child.summary(child.run(walk, account.token))
                base = Stat.of(seconds["raw httpx.Client"])
                rows = [
                    {
                        "client": name,
                        "seconds": Stat.of(values).to_json(),
                        "messages_per_second": Stat.of(total / v for v in values).to_json(),
                        "ratio_to_raw_httpx": ratio(Stat.of(values), base).to_json(),
                        **memory.get(name, {}),
                    }
                    for name, values in seconds.items()
                ]
                result = {"messages": total, "page_size": size, "rows": rows}
                ours = find(rows, client=SYNC) or {}
                if context.profiles(NAME) and ours["ratio_to_raw_httpx"]["median"] > 1.2:
                    what = f"{SYNC}.messages.list of {total:,} messages, page_size={size}"
                    sync = next(s for s in subjects if s.name == SYNC)
                    found = profiling.in_process(what, lambda: sync.time_list(size))
                    result["profiles"] = [found] if found else []
                return result
            finally:
                for subject in subjects:
                    subject.close()
    finally:
        context.seeds.discard(db)


def render(result: dict[str, Any]) -> Section:
    total, rows = result["messages"], result["rows"]
    lines = [f"## 2. Listing {total:,} stored messages", "", *prose(__doc__)]
    lines += paragraph(f"`page_size={result['page_size']}`.")
    memory = ("rss_first_page", "rss_tenth", "rss_end", "rss_peak", "rss_growth_after_tenth")
    body = [
        [r["client"], stat(r["seconds"], 2, " s"), stat(r["messages_per_second"])]
        + [times(r["ratio_to_raw_httpx"]), *(mib(r.get(k)) for k in memory)]
        for r in rows
    ]
    head = ["Client", "Time", "Messages/s", "vs raw httpx", "RSS after page 1", "at 10%"]
    lines += table([*head, "at the end", "peak", "rise after 10%"], body)
    sized = "" if total == 100_000 else f" (this run listed {total:,})"
    names, ours = list(GOALS), find(rows, client=SYNC) or {}
    speed = ours["ratio_to_raw_httpx"]
    profiles = tuple(result.get("profiles", []))
    shown = f"{times(speed)} the raw loop's time"
    goals = [Goal(names[0], GOALS[names[0]] + sized, shown, speed["median"] <= 1.2, profiles)]
    grew = ours["rss_growth_after_tenth"]
    shown = (
        f"RSS rose {mib(grew)} after the first tenth of {total:,} messages (at the end "
        f"{mib(ours['rss_end'])}, peak {mib(ours['rss_peak'])})"
    )
    goals.append(Goal(names[1], GOALS[names[1]] + sized, shown, grew <= 16 * MIB))
    panel = {
        "title": f"Listing {total:,} messages: time / raw httpx",
        "labels": [r["client"].replace("sendwire ", "").replace(" (", "\n(") for r in rows],
        "series": {"ratio": [r["ratio_to_raw_httpx"] for r in rows]},
        "ylabel": "ratio (lower is better)",
        "goal": 1.2,
    }
    return Section(lines, goals, [panel])
