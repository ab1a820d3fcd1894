"""Sending many messages: send_many against the mock's own ceiling, raw clients, a plain
gather over AsyncClient.create, the SDK, and the same with latency added to every answer; and
send_many's memory over a long generator (the method: prose.md)."""

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

from bench import child, clients, figures, profiling, servers
from bench.child import items
from bench.context import Context
from bench.figures import MIB, Goal, Section, find, mib, n, stat, table, times, words
from bench.servers import Account, mock

NAME = "bulk"
TITLE = "3. Bulk send"
GOALS = (
    "send_many_vs_sdk_loop >= 10",
    "send_many_vs_mock_ceiling >= 0.7",
    "send_many_memory_rise <= 16 MiB",
    "send_many_vs_raw_aiohttp >= 0.6x rate, <= 2x CPU",
    "send_many_vs_gather >= 0.8x rate, <= 1.3x CPU",
    "send_many_vs_sdk_loop_on_loopback >= 3",
    "send_many_vs_concurrency_over_latency >= 0.9",
)
CEILING = "mock create ceiling (load generator)"
DEFAULT = "send_many (defaults: concurrency 16)"
TUNED = "send_many (tuned: concurrency {0.bulk_tuned_concurrency})"
PLAIN_SEND = "send_many, plain httpx (concurrency 16)"
SEQUENTIAL = "twilio SDK, sequential loop"
AIOHTTP = "raw aiohttp.ClientSession"
GATHER = "asyncio.gather over AsyncClient.create (semaphore of 16)"
ASYNC_SEND_MANY = "AsyncClient.messages.send_many (concurrency 16)"
REFERENCES = {"ceiling": CEILING, "sdk_sequential": SEQUENTIAL, "raw_aiohttp": AIOHTTP}
REFERENCES["gather"] = GATHER
BODY_FORM = str(httpx.QueryParams(clients.FORM))
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
    path = path or clients.default_path()
    with (
        clients.http_path(path),
        client.messages.send_many(items(count), concurrency=concurrency) as sent,
    ):
        if sent.succeeded_count != count:
            raise RuntimeError(f"send_many: {sent!r}")


def _timed(send: Callable[[int], Any], count: int) -> Callable[[], Run]:
    def run() -> Run:
        cpu, wall = time.process_time(), time.perf_counter()
        send(count)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return count / wall, cpu / count * 1e6

    return run


def _raws(url: str, account: Account) -> list[clients.Subject]:
    """Raw clients: aiohttp, and httpx.AsyncClient on aiohttp transports and on httpcore."""
    raws = [clients.raw_httpx_async(url, account, name="raw httpx.AsyncClient (httpcore)")]
    if not clients.fast_available():
        return raws
    found = [(_sendwire_transport(), "sendwire's aiohttp transport")]
    if importlib.util.find_spec("httpx_aiohttp"):
        from httpx_aiohttp import AiohttpTransport

        found.append((AiohttpTransport(), "httpx-aiohttp"))
    name = "raw httpx.AsyncClient over {}"
    over = [clients.raw_httpx_async(url, account, t, name.format(by)) for t, by in found if t]
    return [clients.raw_aiohttp(url, account), *over, *raws]


def run(context: Context) -> dict[str, Any]:
    from sendwire import Client

    sizes, account = context.sizes, context.account
    threads, tuned = f"twilio SDK, {sizes.sdk_threads}-thread pool", TUNED.format(sizes)
    with mock(account) as server, Client(account.sid, account.token, base_url=server.url) as client:
        url, sdk = server.url, clients.twilio_client(server.url, account, pool=sizes.sdk_threads)
        paths = {DEFAULT: (16, ""), tuned: (sizes.bulk_tuned_concurrency, "")}
        paths.update({PLAIN_SEND: (16, clients.PLAIN)} if clients.fast_available() else {})
        senders: dict[str, Callable[[int], Any]] = {
            name: lambda n, c=c, p=p: _send_many(client, n, c, p) for name, (c, p) in paths.items()
        }
        senders[SEQUENTIAL] = lambda n: [sdk.messages.create(**item) for item in items(n)]

        def pooled(count: int) -> None:
            with ThreadPoolExecutor(sizes.sdk_threads) as pool:
                list(pool.map(lambda item: sdk.messages.create(**item), items(count)))

        def ceiling() -> Run:
            create = servers.Request("POST", url + account.messages_path, account.basic, BODY_FORM)
            if sizes.warmup_seconds:
                servers.run(create, sizes.warmup_seconds, sizes.load_connections)
            return servers.run(create, sizes.load_seconds, sizes.load_connections)["rps"], 0.0

        def race(count: int, sequential: int) -> dict[str, Callable[[], Run]]:
            contenders = {name: _timed(send, count) for name, send in senders.items()}
            return {**contenders, SEQUENTIAL: _timed(senders[SEQUENTIAL], sequential)}

        senders[threads] = pooled
        subject = clients.sendwire_async(url, account)
        with clients.closing([*_raws(url, account), subject]) as raws:
            if sizes.bulk_warmup:  # warm the engine and connections on each path
                for _, path in paths.values():
                    _send_many(client, sizes.bulk_warmup, 16, path)
            main = {
                CEILING: ceiling,
                **{r.name: _timed(r.spread, sizes.bulk_messages) for r in raws[:-1]},
            }
            main.update(race(sizes.bulk_messages, sizes.bulk_sequential_messages))
            result = _race(context, url, main, sizes.long_runs)
            result.update(messages=sizes.bulk_messages, fast_path=clients.fast_available())
            result.update(sequential_messages=sizes.bulk_sequential_messages)
            side = {
                ASYNC_SEND_MANY: lambda n: subject.run(_send_many_async(subject.client, n)),
                GATHER: lambda n: subject.run(_gather(subject.client, n)),
                **{r.name: r.spread for r in raws if r.name == AIOHTTP},
            }
            count = sizes.gather_messages
            side_by_side = {name: _timed(send, count) for name, send in side.items()}
            result["gather"] = {**_race(context, url, side_by_side, sizes.runs), "messages": count}
            _reset(url)
            result["memory"] = _memory(context, url)
            ms = sizes.bulk_latency_ms
            slow_race = race(sizes.latency_messages, sizes.latency_sequential_messages)
            try:
                slow = _race(context, url, slow_race, 1, f"latency_ms={ms}")
            finally:
                _reset(url)
            slow.update(latency_ms=ms, messages=sizes.latency_messages)
            slow["sequential_messages"] = sizes.latency_sequential_messages
            slow["concurrency"] = {name: c for name, (c, _) in paths.items()}
            result["with_latency"] = slow
            if context.profiles(NAME) and any(g.met is False for g in _goals(result)):
                _reset(url)
                what = (
                    f"AsyncClient.messages.send_many of {PROFILED:,} messages (default settings "
                    "and path; the engine the sync call runs in its worker thread)"
                )
                job = lambda: subject.run(_send_many_async(subject.client, PROFILED))
                result["profiles"] = [p for p in [profiling.in_process(what, job)] if p]
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
    taken: dict[str, list[Run]] = {name: [] for name in race}
    for _ in range(runs):
        for name, work in race.items():
            _reset(url, faults)
            rate, cpu = work()
            taken[name].append((rate, cpu))
            context.log(f"bulk: {name}: {rate:,.0f} msg/s, {cpu:,.0f} us CPU/msg")
    rows = []
    for name, measured in taken.items():
        rates, cpus = [rate for rate, _ in measured], [cpu for _, cpu in measured]
        row: dict[str, Any] = {"client": name, "messages_per_second": figures.of(rates)}
        if name != CEILING:
            row["cpu_us_per_message"] = figures.of(cpus)
        for key, reference in REFERENCES.items():
            if reference not in taken or (name == CEILING and reference != SEQUENTIAL):
                continue
            row[f"ratio_to_{key}"] = figures.paired(rates, [r for r, _ in taken[reference]])
            if name != CEILING and reference not in (CEILING, SEQUENTIAL):
                row[f"cpu_ratio_to_{key}"] = figures.paired(
                    cpus, [c for _, c in taken[reference]]
                )
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
    lines = [f"## 3. Bulk send of {result['messages']:,} messages", "", *words(NAME, **result)]
    if not result["fast_path"]:
        lines += ["`sendwire[fast]` is not installed: send_many runs on plain httpx.", ""]
    keys = ("ratio_to_ceiling", "ratio_to_sdk_sequential", "ratio_to_raw_aiohttp")
    body = [
        [r["client"], stat(r["messages_per_second"]), *(times(r.get(k)) for k in keys)]
        + [stat(r.get("cpu_us_per_message")), times(r.get("cpu_ratio_to_raw_aiohttp"))]
        for r in rows
    ]
    head = ["Sender", "Messages/s", "vs ceiling", f"vs {SEQUENTIAL}", "vs raw aiohttp"]
    lines += table([*head, "CPU us/message", "CPU vs raw aiohttp"], body)
    lines += [f"### send_many against a plain gather, {gather['messages']:,} creates", ""]
    keys = ("ratio_to_gather", "cpu_ratio_to_gather", "ratio_to_raw_aiohttp")
    body = [
        [r["client"], stat(r["messages_per_second"]), stat(r["cpu_us_per_message"])]
        + [*(times(r.get(k)) for k in keys), times(r.get("cpu_ratio_to_raw_aiohttp"))]
        for r in gather["rows"]
    ]
    head = ["Sender", "Messages/s", "CPU us/message", "vs gather", "CPU vs gather"]
    lines += words(NAME + ".gather", **gather)
    lines += table([*head, "vs raw aiohttp", "CPU vs raw aiohttp"], body)
    ms = slow["latency_ms"]
    lines += [f"### The same race with {ms} ms added to every answer", ""]
    lines += words(NAME + ".latency", **slow)
    body = []
    for r in slow["rows"]:
        c = slow["concurrency"].get(r["client"])
        share = f"{r['messages_per_second']['median'] * ms / 1000 / c:.2f}" if c else "-"
        cells = [r["client"], stat(r["messages_per_second"]), times(r["ratio_to_sdk_sequential"])]
        body.append([*cells, share, stat(r["cpu_us_per_message"])])
    head = ["Sender", "Messages/s", f"vs {SEQUENTIAL}", "vs C / latency", "CPU us/message"]
    lines += table(head, body)
    memory, rows_sent = result["memory"], result["memory"]["rows"]
    samples, consumed = memory["samples"], memory["consumed"]
    picked = samples[:: max(1, len(samples) // 8)]
    picked += [samples[-1]] if picked[-1] != samples[-1] else []
    how_far = f"a generator of {rows_sent:,} rows"
    if consumed < rows_sent:
        how_far = f"the first {consumed:,} rows of {how_far} (the time bound ended the generator)"
    rate = consumed / max(memory["seconds"], 1e-9)
    lines += [f"### Memory while sending from a generator of {rows_sent:,} rows", ""]
    lines += words(NAME + ".memory", how_far=how_far, rate=rate, **memory)
    lines += table(["Rows done", "RSS"], [[n(done), mib(rss)] for done, rss in picked])
    before, growth = mib(memory["rss_before"]), mib(memory["rss_growth"])
    lines += words(NAME + ".memory_after", before=before, growth=growth)
    shown = [r for r in rows if r["client"] != CEILING]
    panel = {"title": f"Bulk send of {result['messages']:,}: share of the mock's create ceiling"}
    panel["labels"] = [r["client"].replace(" (", "\n(").replace(", ", ",\n") for r in shown]
    panel["series"] = {"throughput / ceiling": [r.get("ratio_to_ceiling") for r in shown]}
    panel.update(ylabel="ratio (higher is better)", goal=0.7)
    return Section(lines, _goals(result), [panel])


def _goals(result: dict[str, Any]) -> list[Goal]:
    rows, profiles, slow = result["rows"], tuple(result.get("profiles", [])), result["with_latency"]
    default, ceiling = find(rows, client=DEFAULT), find(rows, client=CEILING)
    tuned = next(r for r in rows if r["client"].startswith(TUNED[:17]))
    late = [find(slow["rows"], client=r["client"]) for r in (default, tuned)]
    loop = [r["ratio_to_sdk_sequential"]["median"] for r in (default, tuned, *late, ceiling)]
    shown = f"on loopback: default {loop[0]:.1f}x, tuned {loop[1]:.1f}x (the mock's own ceiling "
    shown += (
        f"{loop[4]:.1f}x); with {slow['latency_ms']} ms per answer: {loop[2]:.1f}x, {loop[3]:.1f}x"
    )
    goals = [Goal(GOALS[0], shown, max(loop[:2]) >= 10, profiles)]
    share = [r["ratio_to_ceiling"]["median"] for r in (default, tuned)]
    shown = f"default {share[0]:.0%}, tuned {share[1]:.0%}"
    goals.append(Goal(GOALS[1], shown, max(share) >= 0.7, profiles))
    memory = result["memory"]
    growth, consumed, failed = memory["rss_growth"], memory["consumed"], memory["failed"]
    shown = f"RSS moved {mib(growth)} between 10% and 100% of {consumed:,} rows ({failed:,} failed)"
    goals.append(Goal(GOALS[2], shown, growth <= 16 * MIB and failed == 0))
    ours = find(result["gather"]["rows"], client=ASYNC_SEND_MANY)
    for name, key, rate_goal, cpu_goal in (
        (GOALS[3], "raw_aiohttp", 0.6, 2),
        (GOALS[4], "gather", 0.8, 1.3),
    ):
        if f"ratio_to_{key}" not in ours:
            goals.append(Goal(name, "not measured (aiohttp is not installed)"))
            continue
        rate, cpu = ours[f"ratio_to_{key}"]["median"], ours[f"cpu_ratio_to_{key}"]["median"]
        shown = f"{rate:.2f}x the messages/s, {cpu:.2f}x the CPU per message"
        goals.append(Goal(name, shown, rate >= rate_goal and cpu <= cpu_goal, profiles))
    goals.append(Goal(GOALS[5], f"{loop[0]:.1f}x", loop[0] >= 3))
    parts, met = [], True
    for name, concurrency in slow["concurrency"].items():
        bound = 0.9 * concurrency / (slow["latency_ms"] / 1000)
        rate = find(slow["rows"], client=name)["messages_per_second"]["median"]
        parts.append(f"{name}: {rate:,.0f} msg/s, goal {bound:,.0f} ({rate / bound:.2f}x)")
        met = met and (rate >= bound or name == PLAIN_SEND)  # the goal is the default path's
    return [*goals, Goal(GOALS[6], "; ".join(parts), met, profiles)]
