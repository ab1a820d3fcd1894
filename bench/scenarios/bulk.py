"""Sending many messages: send_many against raw clients, a plain gather, the SDK and the ceiling.

Each contender sends the same messages to one mock, reset before each run. The ceiling is the
mock's own create throughput under the load generator with 16 connections, measured on the
same server in the same run: no client can beat it, so the ratio to it says how much of the
server a client manages to use. Raw clients send the same creates with 16 in flight and do
nothing else (no validation, journal or retries). `send_many` runs on the default path
(aiohttp under httpx with `sendwire[fast]`) unless the row says plain httpx. CPU is this
process's CPU time per message (the server runs apart; the SDK thread pool's includes its
threads, which share one SDK client whose HTTP pool is raised to the thread count). Ratios are
paired run by run. The sequential SDK loop's rate does not depend on how many it sends, so it
sends fewer.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench import child, load, profiling
from bench.child import items
from bench.clients import (
    FORM,
    PLAIN,
    default_path,
    fast_available,
    http_path,
    raw_aiohttp,
    raw_httpx_async,
    sendwire_async,
    twilio_client,
)
from bench.context import Context
from bench.markdown import MIB, Goal, Section, find, mib, n, paragraph, prose, stat, table, times
from bench.servers import MockServer
from bench.stats import Stat, paired

NAME = "bulk"
TITLE = "3. Bulk send"
GOALS = {
    "send_many_vs_sdk_loop >= 10": "send_many of 10,000 at >= 10x a sequential twilio SDK loop",
    "send_many_vs_mock_ceiling >= 0.7": "send_many at >= 70% of the mock's own create "
    "throughput (same run)",
    "send_many_memory_rise <= 16 MiB": "memory flat with a 1,000,000-row generator",
    "send_many_vs_raw_aiohttp >= 0.6x rate, <= 2x CPU": "send_many, 16 in flight, 3,000 "
    "creates: >= 0.6x raw aiohttp's messages/s and <= 2x its client CPU per message",
    "send_many_vs_gather >= 0.8x rate, <= 1.3x CPU": "send_many, 16 in flight, 3,000 creates: "
    ">= 0.8x the messages/s of a plain gather over AsyncClient.create (semaphore of 16) and "
    "<= 1.3x its client CPU per message",
    "send_many_vs_sdk_loop_on_loopback >= 3": "send_many, 16 in flight: >= 3x the SDK's "
    "sequential loop on loopback",
    "send_many_vs_concurrency_over_latency >= 0.9": "with 20 ms per answer, send_many at "
    "concurrency C >= 0.9 x C / 20 ms",
}
CEILING = "mock create ceiling (load generator)"
DEFAULT = "send_many (defaults: concurrency 16)"
PLAIN_SEND = "send_many, plain httpx (concurrency 16)"
SEQUENTIAL = "twilio SDK, sequential loop"
AIOHTTP = "raw aiohttp.ClientSession"
GATHER = "asyncio.gather over AsyncClient.create (semaphore of 16)"
ASYNC_SEND_MANY = "AsyncClient.messages.send_many (concurrency 16)"
REFERENCES = {"ceiling": CEILING, "sdk_sequential": SEQUENTIAL, "raw_aiohttp": AIOHTTP}
REFERENCES["gather"] = GATHER
PROFILED = 3_000  # messages: enough samples; the profiler slows the run several times over
Run = tuple[float, float]  # messages/s, client CPU microseconds per message


def _sendwire_transport() -> Any:
    """sendwire's own aiohttp transport for httpx, wherever this version keeps it."""
    package = Path(importlib.import_module("sendwire").__file__ or "").parent
    for path in sorted(package.rglob("aiohttp_transport.py")):
        module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
        found = getattr(importlib.import_module(module), "AiohttpTransport", None)
        if found is not None:
            return found()
    return None


async def _gather(client: Any, count: int) -> None:
    gate = asyncio.Semaphore(16)

    async def one(item: dict[str, Any]) -> None:
        async with gate:
            await client.messages.create(**item)

    await asyncio.gather(*(one(item) for item in items(count)))


async def _send_many_async(client: Any, count: int) -> None:
    result = await client.messages.send_many(items(count), concurrency=16)
    result.close()
    if result.succeeded_count != count:
        raise RuntimeError(f"send_many: {result!r}")


def _send_many(client: Any, count: int, concurrency: int, path: str) -> None:
    with http_path(path), client.messages.send_many(items(count), concurrency=concurrency) as sent:
        if sent.succeeded_count != count:
            raise RuntimeError(f"send_many: {sent!r}")


def _timed(send: Callable[[int], Any], count: int) -> Callable[[], Run]:
    def run() -> Run:
        cpu, wall = time.process_time(), time.perf_counter()
        send(count)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return count / wall, cpu / count * 1e6

    return run


def run(context: Context) -> dict[str, Any]:
    from sendwire import Client

    sizes, account = context.sizes, context.account
    tuned = f"send_many (tuned: concurrency {sizes.bulk_tuned_concurrency})"
    with (
        MockServer(account) as mock,
        Client(account.sid, account.token, base_url=mock.url) as client,
    ):
        url, body = mock.url, str(httpx.QueryParams(FORM))
        create = load.Request("POST", url + account.messages_path, account.basic, body)
        sdk = twilio_client(url, account, pool=sizes.sdk_threads)
        raws = [raw_httpx_async(url, account, name="raw httpx.AsyncClient (httpcore)")]
        if fast_available():
            raws.insert(0, raw_aiohttp(url, account))
            ours, transport = (
                "raw httpx.AsyncClient over sendwire's aiohttp transport",
                _sendwire_transport(),
            )
            if transport is not None:
                raws.insert(1, raw_httpx_async(url, account, transport, ours))
            if importlib.util.find_spec("httpx_aiohttp"):
                from httpx_aiohttp import AiohttpTransport

                theirs = "raw httpx.AsyncClient over httpx-aiohttp"
                raws.insert(
                    len(raws) - 1, raw_httpx_async(url, account, AiohttpTransport(), theirs)
                )
        paths = {
            DEFAULT: (16, default_path()),
            tuned: (sizes.bulk_tuned_concurrency, default_path()),
        }
        if fast_available():
            paths[PLAIN_SEND] = (16, PLAIN)
        senders: dict[str, Callable[[int], Any]] = {
            name: lambda count, c=c, p=p: _send_many(client, count, c, p)
            for name, (c, p) in paths.items()
        }
        senders[SEQUENTIAL] = lambda count: [sdk.messages.create(**item) for item in items(count)]

        def pooled(count: int) -> None:
            with ThreadPoolExecutor(sizes.sdk_threads) as pool:
                list(pool.map(lambda item: sdk.messages.create(**item), items(count)))

        senders[f"twilio SDK, {sizes.sdk_threads}-thread pool"] = pooled
        subject = sendwire_async(url, account)
        try:
            if sizes.bulk_warmup:  # warm the engine and connections on each path
                for c, path in paths.values():
                    _send_many(client, sizes.bulk_warmup, 16, path)

            def ceiling() -> Run:
                if sizes.warmup_seconds:
                    load.run(create, sizes.warmup_seconds, sizes.load_connections)
                rate = load.run(create, sizes.load_seconds, sizes.load_connections)
                return rate.requests_per_second, 0.0

            def race(count: int, sequential: int) -> dict[str, Callable[[], Run]]:
                contenders = {name: _timed(send, count) for name, send in senders.items()}
                return {**contenders, SEQUENTIAL: _timed(senders[SEQUENTIAL], sequential)}

            main = {
                CEILING: ceiling,
                **{r.name: _timed(r.spread, sizes.bulk_messages) for r in raws},
            }
            main.update(race(sizes.bulk_messages, sizes.bulk_sequential_messages))
            result = _race(context, url, main, sizes.long_runs)
            result.update(messages=sizes.bulk_messages, fast_path=fast_available())
            result.update(sequential_messages=sizes.bulk_sequential_messages)
            count = sizes.gather_messages
            side = {
                ASYNC_SEND_MANY: lambda n: subject.run(_send_many_async(subject.client, n)),
                GATHER: lambda n: subject.run(_gather(subject.client, n)),
            }
            side.update({r.name: r.spread for r in raws if r.name == AIOHTTP})
            side_by_side = {name: _timed(send, count) for name, send in side.items()}
            result["gather"] = {**_race(context, url, side_by_side, sizes.runs), "messages": count}
            _reset(url)
            result["memory"] = _memory(context, url)
            latency = sizes.bulk_latency_ms
            slow_race = race(sizes.latency_messages, sizes.latency_sequential_messages)
            try:
                slow = _race(context, url, slow_race, 1, f"latency_ms={latency}")
            finally:
                _reset(url)
            slow.update(latency_ms=latency, messages=sizes.latency_messages)
            slow["sequential_messages"] = sizes.latency_sequential_messages
            slow["concurrency"] = {name: c for name, (c, _) in paths.items()}
            result["with_latency"] = slow
            if context.profiles(NAME) and any(g.met is False for g in _goals(result)):
                _reset(url)
                what = (
                    f"AsyncClient.messages.send_many of {PROFILED:,} messages (default "
                    "settings and path; the engine the sync call runs in its worker thread)"
                )
                job = lambda: subject.run(_send_many_async(subject.client, PROFILED))
                result["profiles"] = [p for p in [profiling.in_process(what, job)] if p]
        finally:
            for closing in [*raws, subject]:
                closing.close()
            sdk.http_client.session.close()
    return result


def _reset(url: str, faults: str = "") -> None:
    """Forget every message, so each contender starts alike; a reset clears faults, so the
    ones this race runs with are set again."""
    httpx.post(f"{url}/_mock/reset", timeout=30).raise_for_status()
    if faults:
        httpx.post(f"{url}/_mock/faults", data={"faults": faults}, timeout=30).raise_for_status()


def _race(
    context: Context, url: str, race: dict[str, Callable[[], Run]], runs: int, faults: str = ""
) -> dict[str, Any]:
    """Every contender once per run, in turns; a row per contender with its ratios to the
    references that ran, paired run by run."""
    figures: dict[str, list[Run]] = {name: [] for name in race}
    for _ in range(runs):
        for name, work in race.items():
            _reset(url, faults)
            rate, cpu = work()
            figures[name].append((rate, cpu))
            context.log(f"bulk: {name}: {rate:,.0f} msg/s, {cpu:,.0f} us CPU/msg")
    rows = []
    for name, measured in figures.items():
        rates, cpus = [rate for rate, _ in measured], [cpu for _, cpu in measured]
        row: dict[str, Any] = {"client": name, "messages_per_second": Stat.of(rates).to_json()}
        if name != CEILING:
            row["cpu_us_per_message"] = Stat.of(cpus).to_json()
        for key, reference in REFERENCES.items():
            if reference not in figures or (name == CEILING and reference != SEQUENTIAL):
                continue
            row[f"ratio_to_{key}"] = paired(rates, [r for r, _ in figures[reference]]).to_json()
            if name != CEILING and reference not in (CEILING, SEQUENTIAL):
                cpu_ratio = paired(cpus, [c for _, c in figures[reference]])
                row[f"cpu_ratio_to_{key}"] = cpu_ratio.to_json()
        rows.append(row)
    return {"rows": rows, "runs": runs}


def _memory(context: Context, url: str) -> dict[str, Any]:
    """RSS while send_many consumes a generator of many rows, in a process of its own; the
    generator ends early once the time bound has passed."""
    sizes, account = context.sizes, context.account
    context.log(f"bulk: memory run, a generator of {sizes.memory_rows:,} rows")
    args = [sizes.memory_rows, sizes.memory_seconds, sizes.memory_samples]
    run = child.run(["send", url, account.sid, *map(str, args)], account.token)
    consumed = run["succeeded"] + run["failed"]
    after_tenth = [rss for done, rss in run["samples"] if done >= consumed // 10]
    growth = max(after_tenth) - min(after_tenth) if after_tenth else 0
    return {**run, "rows": sizes.memory_rows, "consumed": consumed, "rss_growth": growth}


def render(result: dict[str, Any]) -> Section:
    rows, gather, slow = result["rows"], result["gather"], result["with_latency"]
    lines = [f"## 3. Bulk send of {result['messages']:,} messages", "", *prose(__doc__)]
    if not result["fast_path"]:
        lines += paragraph("`sendwire[fast]` is not installed: send_many runs on plain httpx.")
    head = ["Sender", "Messages/s", "vs ceiling", f"vs {SEQUENTIAL}", "vs raw aiohttp"]
    keys = ("ratio_to_ceiling", "ratio_to_sdk_sequential", "ratio_to_raw_aiohttp")
    body = [
        [r["client"], stat(r["messages_per_second"]), *(times(r.get(k)) for k in keys)]
        + [stat(r.get("cpu_us_per_message")), times(r.get("cpu_ratio_to_raw_aiohttp"))]
        for r in rows
    ]
    lines += table([*head, "CPU us/message", "CPU vs raw aiohttp"], body)
    lines += paragraph(
        f"The sequential loop sends {result['sequential_messages']:,} messages per run, the "
        f"others {result['messages']:,}."
    )
    lines += [f"### send_many against a plain gather, {gather['messages']:,} creates", ""]
    lines += paragraph(
        "`AsyncClient.messages.send_many` with 16 in flight, `asyncio.gather` over "
        "`AsyncClient.messages.create` behind a semaphore of 16, and raw aiohttp with 16 in "
        f"flight, against the same mock, taking turns, {gather['runs']} runs each."
    )
    keys = ("ratio_to_gather", "cpu_ratio_to_gather", "ratio_to_raw_aiohttp")
    body = [
        [r["client"], stat(r["messages_per_second"]), stat(r["cpu_us_per_message"])]
        + [*(times(r.get(k)) for k in keys), times(r.get("cpu_ratio_to_raw_aiohttp"))]
        for r in gather["rows"]
    ]
    head = ["Sender", "Messages/s", "CPU us/message", "vs gather", "CPU vs gather"]
    lines += table([*head, "vs raw aiohttp", "CPU vs raw aiohttp"], body)
    ms = slow["latency_ms"]
    lines += [f"### The same race with {ms} ms added to every answer", ""]
    lines += paragraph(
        f"The same mock after `POST /_mock/faults faults=latency_ms={ms}`: every answer waits "
        f"{ms} ms (without holding the server), about what a request to a real service costs. "
        f"One run each; the sequential loop sends {slow['sequential_messages']:,} messages, the "
        f"others {slow['messages']:,}. C / latency is what C requests in flight could reach if "
        f"each took exactly {ms} ms and the client cost nothing; the goal is 0.9 of it."
    )
    body = []
    for r in slow["rows"]:
        c = slow["concurrency"].get(r["client"])
        share = f"{r['messages_per_second']['median'] * ms / 1000 / c:.2f}" if c else "-"
        cells = [r["client"], stat(r["messages_per_second"]), times(r["ratio_to_sdk_sequential"])]
        body.append([*cells, share, stat(r["cpu_us_per_message"])])
    head = ["Sender", "Messages/s", f"vs {SEQUENTIAL}", "vs C / latency", "CPU us/message"]
    lines += table(head, body) + _memory_lines(result["memory"])
    shown = [r for r in rows if r["client"] != CEILING]
    panel = {
        "title": f"Bulk send of {result['messages']:,}: share of the mock's create ceiling",
        "labels": [r["client"].replace(" (", "\n(").replace(", ", ",\n") for r in shown],
        "series": {"throughput / ceiling": [r.get("ratio_to_ceiling") for r in shown]},
        "ylabel": "ratio (higher is better)",
        "goal": 0.7,
    }
    return Section(lines, _goals(result), [panel])


def _memory_lines(memory: dict[str, Any]) -> list[str]:
    samples, consumed, rows = memory["samples"], memory["consumed"], memory["rows"]
    picked = samples[:: max(1, len(samples) // 8)]
    picked += [samples[-1]] if picked[-1] != samples[-1] else []
    how_far = f"a generator of {rows:,} rows"
    if consumed < rows:
        how_far = f"the first {consumed:,} rows of {how_far} (the time bound ended the generator)"
    lines = [f"### Memory while sending from a generator of {rows:,} rows", ""]
    lines += paragraph(
        f"`send_many` (default settings) consumed {how_far} in {memory['seconds']:.0f} s "
        f"({consumed / max(memory['seconds'], 1e-9):,.0f} messages/s); {memory['succeeded']:,} "
        f"sent, {memory['failed']:,} failed. The process's RSS, sampled from `on_progress`:"
    )
    lines += table(["Rows done", "RSS"], [[n(done), mib(rss)] for done, rss in picked])
    return lines + paragraph(
        f"RSS before the run: {mib(memory['rss_before'])}; it moved "
        f"{mib(memory['rss_growth'])} between 10% and 100% of the rows sent."
    )


def _goals(result: dict[str, Any]) -> list[Goal]:
    names, rows, profiles = list(GOALS), result["rows"], tuple(result.get("profiles", []))
    default, ceiling = find(rows, client=DEFAULT) or {}, find(rows, client=CEILING) or {}
    tuned = next(r for r in rows if r["client"].startswith("send_many (tuned"))
    sized = "" if result["messages"] == 10_000 else f" (this run sent {result['messages']:,})"
    d_sdk, t_sdk = (r["ratio_to_sdk_sequential"]["median"] for r in (default, tuned))
    bound = ceiling["ratio_to_sdk_sequential"]["median"]
    shown = f"on loopback: default {d_sdk:.1f}x, tuned {t_sdk:.1f}x"
    if bound < 10:
        shown += f" (the mock's own ceiling is {bound:.1f}x the loop, so nothing can reach 10x)"
    slow = result["with_latency"]
    slow_rates = [find(slow["rows"], client=r["client"]) for r in (default, tuned)]
    if all(slow_rates):
        d_slow, t_slow = (r["ratio_to_sdk_sequential"]["median"] for r in slow_rates)  # type: ignore[index]
        shown += (
            f"; with {slow['latency_ms']} ms per answer: default {d_slow:.1f}x, tuned {t_slow:.1f}x"
        )
    best = max(d_sdk, t_sdk)
    goals = [Goal(names[0], GOALS[names[0]] + sized, shown, best >= 10, profiles)]
    d_cap, t_cap = (r["ratio_to_ceiling"]["median"] for r in (default, tuned))
    shown = f"default {d_cap:.0%}, tuned {t_cap:.0%}"
    goals.append(Goal(names[1], GOALS[names[1]] + sized, shown, max(d_cap, t_cap) >= 0.7, profiles))
    memory = result["memory"]
    growth, consumed = memory["rss_growth"], memory["consumed"]
    shown = f"RSS moved {mib(growth)} between 10% and 100% of {consumed:,} rows sent"
    shown += f" ({memory['failed']:,} failed)"
    if consumed < memory["rows"]:
        shown += f"; the time bound ended the generator after {consumed:,} rows"
    met = growth <= 16 * MIB and memory["failed"] == 0
    sized_memory = "" if memory["rows"] == 1_000_000 else f" (this run: {memory['rows']:,} rows)"
    goals.append(Goal(names[2], GOALS[names[2]] + sized_memory, shown, met))
    ours = find(result["gather"]["rows"], client=ASYNC_SEND_MANY) or {}
    sent = result["gather"]["messages"]
    sent_text = "" if sent == 3_000 else f" (this run sent {sent:,})"
    for name, key, rate_goal, cpu_goal in (
        (names[3], "raw_aiohttp", 0.6, 2.0),
        (names[4], "gather", 0.8, 1.3),
    ):
        if f"ratio_to_{key}" not in ours:
            goals.append(Goal(name, GOALS[name], "not measured (aiohttp is not installed)"))
            continue
        rate, cpu = ours[f"ratio_to_{key}"]["median"], ours[f"cpu_ratio_to_{key}"]["median"]
        shown = f"{rate:.2f}x the messages/s (goal {rate_goal}x); {cpu:.2f}x the CPU per message"
        met = rate >= rate_goal and cpu <= cpu_goal
        goals.append(
            Goal(name, GOALS[name] + sent_text, shown + f" (goal {cpu_goal}x)", met, profiles)
        )
    goals.append(Goal(names[5], GOALS[names[5]] + sized, f"{d_sdk:.1f}x (goal 3x)", d_sdk >= 3))
    parts, met = [], True
    for name, concurrency in slow["concurrency"].items():
        row = find(slow["rows"], client=name)
        if row is not None:
            bound = 0.9 * concurrency / (slow["latency_ms"] / 1000)
            rate = row["messages_per_second"]["median"]
            parts.append(f"{name}: {rate:,.0f} msg/s, goal {bound:,.0f} ({rate / bound:.2f}x)")
            met = met and (rate >= bound or name == PLAIN_SEND)  # the goal is the default path's
    return [*goals, Goal(names[6], GOALS[names[6]], "; ".join(parts), met, profiles)]
