"""BENCHMARKS.md, the chart and nothing else: pure formatting of a results dictionary."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bench import analysis, chart
from bench.goals import MIB, Goal, evaluate

REPORT = "BENCHMARKS.md"
CHART = "ratios.png"


def _n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def stat(data: dict[str, Any], digits: int = 0, unit: str = "") -> str:
    """`median (low-high)`, or just the value for a single run."""
    median = _n(data["median"], digits) + unit
    if data.get("runs", 1) <= 1:
        return median
    return f"{median} ({_n(data['low'], digits)}-{_n(data['high'], digits)})"


def times(data: dict[str, Any]) -> str:
    if data.get("runs", 1) <= 1:
        return f"{data['median']:.2f}x"
    return f"{data['median']:.2f}x ({data['low']:.2f}-{data['high']:.2f})"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""]


def _mark(goal: Goal) -> str:
    return {True: "**met**", False: "**not met**", None: "not measured"}[goal.met]


def write(results: dict[str, Any], out_dir: Path, data_dir: Path) -> list[Path]:
    written = []
    chart_path = chart.draw(results, data_dir / CHART)
    if chart_path is not None:
        written.append(chart_path)
    text = render(results, chart_path, out_dir)
    report = out_dir / REPORT
    report.write_text(text)
    written.append(report)
    return written


def render(results: dict[str, Any], chart_path: Path | None, out_dir: Path) -> str:
    goals = evaluate(results)
    lines = _header(results, chart_path, out_dir)
    lines += _goals(goals)
    scenarios = results["scenarios"]
    for name, section in (
        ("per_call", _per_call),
        ("listing", _listing),
        ("bulk", _bulk),
        ("mock_server", _mock_server),
        ("growth", _growth),
    ):
        if name in scenarios:
            lines += section(scenarios[name])
        elif name in results.get("errors", {}):
            lines += [f"## {name}", "", f"This scenario failed: `{results['errors'][name]}`", ""]
    lines += _misses(goals, scenarios)
    lines += _footer(results)
    return "\n".join(lines).rstrip() + "\n"


def _header(results: dict[str, Any], chart_path: Path | None, out_dir: Path) -> list[str]:
    m = results["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    ram = f"{m['ram_gib']:.1f} GiB" if m.get("ram_gib") else "unknown"
    lines = [
        "# Benchmarks",
        "",
        "Written by the benchmark suite (`make bench`, which runs `python -m bench`); do not edit",
        "by hand. Every figure below was measured in one run on one machine, side by side: the",
        "clients against the same mock server, the mock against Prism on the same spec. Each",
        "figure is the median of several runs with the lowest and highest run in brackets.",
        "",
        f"- Date: {m['date']}",
        (
            f"- Command: `{results['command']}` ({results['sizes']} sizes; whole run "
            f"{results.get('total_seconds', 0) / 60:.1f} min)"
        ),
        (
            f"- Machine: {m['cpu']}, {m['cores']} cores, {ram} RAM, {m['os']}; load average "
            f"{m['load_average_at_start'][0]} when the run began"
        ),
        _conditions(results),
        f"- Python {m['python']}; {packages}",
        f"- Load generator: {m['wrk']}; Prism {m['prism']} on Node {m['node']}",
        (
            "- Servers: every scenario starts its own `sendwire mock` subprocess (one uvicorn worker) "
            "on 127.0.0.1; the client or wrk runs on the other core."
        ),
        "",
    ]
    if chart_path is not None:
        rel = os.path.relpath(chart_path, out_dir)
        lines += [f"![Main ratios]({rel})", ""]
    return lines


def _conditions(results: dict[str, Any]) -> str:
    c = results.get("conditions") or {}
    if "steal_percent" not in c:
        return "- Conditions: not recorded"
    text = (
        f"- Conditions over the run: {c['busy_percent']:.0f}% of CPU time busy (this suite and "
        f"anything else running), {c['steal_percent']:.0f}% stolen by the hypervisor; load "
        f"average {c['load_average_at_end'][0]} at the end"
    )
    if c["steal_percent"] >= 5:
        text += (
            ". With this much stolen time every figure is lower, and noisier, than the same "
            "machine would give on a quiet host; ratios measured side by side hold up better"
        )
    return text


def _goals(goals: list[Goal]) -> list[str]:
    lines = ["## Goals", ""]
    lines += _table(
        ["Goal", "From", "Measured", "Result"],
        [[g.text, g.source, g.measured, _mark(g)] for g in goals],
    )
    missed = [g for g in goals if g.met is False]
    if missed:
        lines += [
            (
                f"{len(missed)} of {len(goals)} goals are not met; see "
                "[Where the time goes](#where-the-time-goes) for why."
            ),
            "",
        ]
    else:
        lines += ["Every goal measured in this run is met.", ""]
    return lines


def _per_call(result: dict[str, Any]) -> list[str]:
    lines = [
        "## 1. Per-call cost, sequential",
        "",
        (
            f"The clients take turns against one mock, in {result.get('rounds', 1):,} rounds "
            f"of {result['calls_per_run']:,} sequential creates each, then as many fetches "
            "(the order rotated every round). Microseconds per call include the server's own "
            "time (the same for every client); the ratios are paired, each client's block to "
            "the baseline's block of the same round, so the machine's drift over the run "
            "cancels out: the median of those ratios, with the lowest and highest round in "
            "brackets. The baseline is a raw `httpx.Client` loop that sends the same requests "
            "and decodes the JSON. Async clients run one call at a time too, so their ratio "
            "also shows the event loop's own cost, and is compared with a raw "
            "`httpx.AsyncClient` loop as well. CPU is the client process's own CPU time per "
            "call (the server runs apart), compared with the raw `httpx.Client` loop's and "
            "with a raw `aiohttp.ClientSession` loop's, the cheapest async client measured. "
            "`sendwire Client`'s plain calls go straight to httpx's transport; `sendwire "
            "AsyncClient` runs on the default path (aiohttp under httpx when `sendwire[fast]` "
            "is installed)."
        ),
        "",
    ]
    rows = []
    for row in result["rows"]:
        cpu = row.get("cpu_us_per_call")
        rows.append(
            [
                row["operation"],
                row["client"],
                stat(row["us_per_call"]),
                times(row["ratio_to_raw_httpx"]),
                times(row["ratio_to_raw_async"]),
                stat(cpu) if cpu else "-",
                _times_or_dash(row, "cpu_ratio_to_raw_httpx"),
                times(row["cpu_ratio_to_raw_aiohttp"])
                if "cpu_ratio_to_raw_aiohttp" in row
                else "-",
            ]
        )
    lines += _table(
        [
            "Call",
            "Client",
            "us/call",
            "vs raw httpx.Client",
            "vs raw httpx.AsyncClient",
            "CPU us/call",
            "CPU vs raw httpx.Client",
            "CPU vs raw aiohttp",
        ],
        rows,
    )
    return lines


def _mib(row: dict[str, Any], key: str) -> str:
    return f"{row[key] / MIB:.1f} MiB" if key in row else "-"


def _listing(result: dict[str, Any]) -> list[str]:
    lines = [
        f"## 2. Listing {result['messages']:,} stored messages",
        "",
        (
            f"Each client walks every message, `page_size={result['page_size']}`, following "
            "`next_page_uri` (sendwire: `client.messages.list(page_size=...)`; twilio: "
            "`client.messages.stream(page_size=...)`). Memory: one more walk per client in a "
            "fresh process, its resident memory (RSS) sampled at every page. An iterator that "
            "holds a page or two levels off early and only wobbles with the allocator; one that "
            "kept what it had listed would rise by hundreds of MiB."
        ),
        "",
    ]
    rows = []
    for row in result["rows"]:
        rows.append(
            [
                row["client"],
                stat(row["seconds"], 2, " s"),
                stat(row["messages_per_second"]),
                times(row["ratio_to_raw_httpx"]),
                _mib(row, "rss_first_page"),
                _mib(row, "rss_tenth"),
                _mib(row, "rss_end"),
                _mib(row, "rss_peak"),
                _mib(row, "rss_growth_after_tenth"),
            ]
        )
    lines += _table(
        [
            "Client",
            "Time",
            "Messages/s",
            "vs raw httpx",
            "RSS after page 1",
            "at 10%",
            "at the end",
            "peak",
            "rise after 10%",
        ],
        rows,
    )
    return lines


def _bulk(result: dict[str, Any]) -> list[str]:
    names = result["names"]
    lines = [
        f"## 3. Bulk send of {result['messages']:,} messages",
        "",
        (
            "Each contender sends the same messages to one mock, reset before each run. The "
            f"ceiling is the mock's own create throughput under {result['load_tool']} with 16 "
            "connections, measured on the same server in the same run: no client can beat it, so "
            "the ratio to it says how much of the server a client manages to use. The twilio "
            "thread pool shares one SDK client whose HTTP pool is raised to the thread count."
        ),
        "",
    ]
    lines += _table(
        [
            "Sender",
            "Messages/s",
            "vs ceiling",
            f"vs {names['sequential']}",
            "vs raw aiohttp",
            "CPU us/message",
            "CPU vs raw aiohttp",
        ],
        [
            [
                row["client"],
                stat(row["messages_per_second"]),
                times(row["ratio_to_ceiling"]),
                times(row["ratio_to_sdk_sequential"]),
                _times_or_dash(row, "ratio_to_raw_aiohttp"),
                stat(row["cpu_us_per_message"]) if "cpu_us_per_message" in row else "-",
                _times_or_dash(row, "cpu_ratio_to_raw_aiohttp"),
            ]
            for row in result["rows"]
        ],
    )
    lines += [
        (
            "Raw clients send the same creates with 16 in flight and do nothing else (no "
            "validation, journal or retries). `send_many` runs on "
            + (
                "the fast path (aiohttp under httpx, `sendwire[fast]`) unless the row says plain "
                "httpx."
                if result.get("fast_path", True)
                else "plain httpx (`sendwire[fast]` is not installed)."
            )
            + " CPU is this process's CPU time per message; the thread pool's includes its "
            "threads."
        ),
        "",
    ]
    if result["sequential_messages"] != result["messages"]:
        lines += [
            (
                f"The sequential loop sends {result['sequential_messages']:,} messages per run (its "
                "rate does not depend on how many, and it is the slowest contender), the others "
                f"{result['messages']:,}."
            ),
            "",
        ]
    slow = result.get("with_latency")
    if slow:
        lines += [
            f"### The same race with {slow['latency_ms']} ms added to every answer",
            "",
            (
                f"The same mock after `{slow['how']}`: every answer waits {slow['latency_ms']} ms "
                "(without holding the server), about what a request to a real service costs. One "
                "run each; "
                f"the sequential loop sends {slow['sequential_messages']:,} messages (its rate "
                "does not depend on how many), the others "
                f"{slow['messages']:,}."
            ),
            "",
        ]
        concurrency = slow.get("concurrency", {})
        bound = slow["latency_ms"] / 1000
        lines += _table(
            [
                "Sender",
                "Messages/s",
                f"vs {names['sequential']}",
                "vs C / latency",
                "CPU us/message",
            ],
            [
                [
                    r["client"],
                    stat(r["messages_per_second"]),
                    times(r["ratio_to_sdk_sequential"]),
                    (
                        f"{r['messages_per_second']['median'] * bound / concurrency[r['client']]:.2f}"
                        if r["client"] in concurrency
                        else "-"
                    ),
                    stat(r["cpu_us_per_message"]) if "cpu_us_per_message" in r else "-",
                ]
                for r in slow["rows"]
            ],
        )
        lines += [
            (
                f"C / latency is what C requests in flight could reach if each took exactly "
                f"{slow['latency_ms']} ms and the client cost nothing; the goal is 0.9 of it."
            ),
            "",
        ]
    memory = result.get("memory")
    if memory:
        lines += _memory(memory)
    return lines


def _times_or_dash(row: dict[str, Any], key: str) -> str:
    return times(row[key]) if key in row else "-"


def _memory(memory: dict[str, Any]) -> list[str]:
    samples = memory["samples"]
    picked = samples[:: max(1, len(samples) // 8)]
    if samples and picked[-1] != samples[-1]:
        picked.append(samples[-1])
    consumed = memory["consumed"]
    if consumed < memory["rows"]:
        how_far = (
            f"the first {consumed:,} rows of a generator of {memory['rows']:,} (the run is "
            f"bounded to {memory['time_budget_seconds']:.0f} s; then the generator ends)"
        )
    else:
        how_far = f"a generator of {memory['rows']:,} rows"
    lines = [
        f"### Memory while sending from a generator of {memory['rows']:,} rows",
        "",
        (
            f"`send_many` (default settings) consumed {how_far} in {memory['seconds']:.0f} s "
            f"({consumed / max(memory['seconds'], 1e-9):,.0f} messages/s); "
            f"{memory['succeeded']:,} sent, {memory['failed']:,} failed. The process's resident "
            "memory, sampled from `on_progress`:"
        ),
        "",
    ]
    lines += _table(
        ["Rows done", "RSS"], [[_n(done), f"{rss / MIB:.1f} MiB"] for done, rss in picked]
    )
    lines += [
        (
            f"RSS before the run: {memory['rss_before'] / MIB:.1f} MiB; it moved "
            f"{memory['rss_growth_after_first_tenth'] / MIB:.1f} MiB between 10% and "
            "100% of the rows sent."
        ),
        "",
    ]
    return lines


def _mock_server(result: dict[str, Any]) -> list[str]:
    throughput = result["throughput"]
    lines = [
        "## 4. The mock under load, against Prism",
        "",
        (
            f"{throughput['tool']} with one thread and {throughput['connections']} connections on "
            f"loopback, {throughput['seconds_per_run']:.0f} s per run, runs of the two servers "
            "alternating. The mock validates every request against the spec, authenticates it and "
            "stores or reads real state (SQLite in memory); Prism validates the request and answers "
            "with the spec's examples, storing nothing. `failed` counts socket errors and answers "
            "outside 2xx."
        ),
        "",
    ]
    rows = []
    for row in throughput["rows"]:
        rows.append(
            [
                row["server"],
                row["endpoint"],
                stat(row["requests_per_second"]),
                stat(row["p50_ms"], 1),
                stat(row["p99_ms"], 1),
                times(row["ratio_to_prism"]) if "ratio_to_prism" in row else "",
                f"{row['failed']:,} of {row['requests']:,}",
            ]
        )
    lines += _table(
        ["Server", "Request", "Requests/s", "p50 ms", "p99 ms", "vs Prism", "failed"], rows
    )
    commands = throughput.get("commands", {})
    lines += [f"- {name}: `{command}`" for name, command in commands.items()] + [""]
    big = result.get("big_store")
    if big:
        first, walk = big["first_page"], big["walk"]
        lines += [
            f"### A 1000-message page with {big['stored']:,} messages stored",
            "",
            (
                f"The store was seeded in {big['seed_seconds']:.0f} s through the mock's own store "
                "and message builder into a SQLite file, then served with `sendwire mock --db`. "
                "The first page measured with wrk over one connection; then a walk following "
                "`next_page_uri`, each page timed to its last byte."
            ),
            "",
        ]
        lines += _table(
            ["Measure", "p50 / median", "p90", "p99 / max"],
            [
                [
                    f"first page, {first['requests']:,} requests",
                    f"{first['p50_ms']:.1f} ms",
                    f"{first['p90_ms']:.1f} ms",
                    f"{first['p99_ms']:.1f} ms",
                ],
                [
                    f"walk, {walk['pages']} consecutive pages",
                    f"{walk['median_ms']:.1f} ms",
                    f"{walk['p90_ms']:.1f} ms",
                    f"{walk['max_ms']:.1f} ms (max)",
                ],
            ],
        )
    return lines


def _growth(result: dict[str, Any]) -> list[str]:
    lines = [
        "## 5. How cost grows with the store",
        "",
        (
            "A mock per size, its store seeded through a SQLite file; memory from one more walk in "
            "a fresh process, as in scenario 2. Per-call costs should not "
            "move with the store's size; listing everything should cost the same per message; "
            "the listing's memory should stay at one page."
        ),
        "",
    ]
    rows = []
    for point in result["points"]:
        fetch, create = point["fetch_us"], point["create_us"]
        rows.append(
            [
                _n(point["stored"]),
                stat(fetch["raw httpx.Client"]),
                stat(fetch["sendwire Client"]),
                stat(create["raw httpx.Client"]),
                stat(create["sendwire Client"]),
                stat(point["list_seconds"], 2, " s"),
                stat(point["list_us_per_message"], 1),
                _mib(point, "list_rss_end"),
                _mib(point, "list_rss_growth_after_tenth"),
            ]
        )
    lines += _table(
        [
            "Stored",
            "fetch us (raw)",
            "fetch us (sendwire)",
            "create us (raw)",
            "create us (sendwire)",
            f"list all (page {result['page_size']})",
            "list us/message",
            "list RSS at the end",
            "rise after 10%",
        ],
        rows,
    )
    return lines


# Which profiles explain which goal: (scenario, part of its results, a word the profile's
# subject must contain). A goal without an entry is explained by its note alone.
_PROFILE_SOURCES: dict[str, tuple[str, str | None, str]] = {
    "mock_fetch": ("mock_server", "throughput", "fetch"),
    "mock_create": ("mock_server", "throughput", "create"),
    "mock_page": ("mock_server", "big_store", "page"),
    "facade_overhead": ("per_call", None, "sendwire"),
    "facade_vs_sdk": ("per_call", None, "sendwire"),
    "bulk_vs_ceiling": ("bulk", None, "send_many"),
    "fast_bulk_vs_raw": ("bulk", None, "send_many"),
    "fast_latency": ("bulk", None, "send_many"),
    "fast_async_per_call": ("per_call", None, "AsyncClient"),
    "fast_listing": ("listing", None, "list"),
}


def _misses(goals: list[Goal], scenarios: dict[str, Any]) -> list[str]:
    missed = [g for g in goals if g.met is False]
    if not missed:
        return []
    lines = ["## Where the time goes", ""]
    shown: set[str] = set()
    for goal in missed:
        lines += [f"### {goal.text}", "", f"Measured: {goal.measured}.", ""]
        note = analysis.NOTES.get(goal.key)
        if note:
            lines += [note.strip(), ""]
        if goal.key not in _PROFILE_SOURCES:
            continue
        scenario, part, word = _PROFILE_SOURCES[goal.key]
        data = scenarios.get(scenario, {})
        if part is not None:
            data = data.get(part, {})
        for profile in data.get("profiles", []):
            if word not in profile["what"]:
                continue
            if profile["what"] in shown:
                lines += [f"(Profile of {profile['what']}: shown above.)", ""]
                continue
            shown.add(profile["what"])
            lines += _profile(profile)
    return lines


def _profile(profile: dict[str, Any]) -> list[str]:
    lines = [
        (
            f"Profile ({profile['tool']}, {profile['samples']:,} samples) of {profile['what']}. "
            "Own time: where the samples were; with callees: the heaviest paths."
        ),
        "",
    ]
    own = profile["self_top"]
    inclusive = profile["inclusive_top"]
    rows = []
    for index in range(max(len(own), len(inclusive))):
        left = own[index] if index < len(own) else ("", 0)
        right = inclusive[index] if index < len(inclusive) else ("", 0)
        rows.append(
            [
                f"`{left[0]}`" if left[0] else "",
                f"{left[1]:.1f}%" if left[0] else "",
                f"`{right[0]}`" if right[0] else "",
                f"{right[1]:.1f}%" if right[0] else "",
            ]
        )
    lines += _table(["Own time", "%", "With callees", "%"], rows)
    return lines


def _footer(results: dict[str, Any]) -> list[str]:
    lines = [
        "## Reproducing",
        "",
        "```sh",
        (
            "make bench        # installs wrk (apt) and Prism (npm ci) when missing, then runs "
            "python -m bench"
        ),
        "make bench-smoke  # every scenario once at a tiny size; writes to a temporary directory",
        "python -m bench --medium --only bulk   # mid-size figures, to a temporary directory",
        (
            "python -m bench --only mock_server   # one scenario (per_call, listing, bulk, "
            "mock_server, growth)"
        ),
        "```",
        "",
    ]
    seeds = results.get("seed_seconds") or {}
    if seeds:
        lines += [
            "Seeding (messages: seconds): "
            + ", ".join(
                f"{int(k):,}: {v:.0f} s"
                for k, v in sorted(seeds.items(), key=lambda kv: int(kv[0]))
            )
            + ".",
            "",
        ]
    if results.get("errors"):
        lines += [
            "Scenarios that failed in this run: "
            + ", ".join(f"{k} (`{v}`)" for k, v in results["errors"].items())
            + ".",
            "",
        ]
    lines += ["Raw figures: `bench/results/results.json`.", ""]
    return lines
