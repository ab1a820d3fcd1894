"""send_many against the mock's ceiling, raw clients, a plain gather and the SDK, on loopback
and with latency added; and its memory over a long generator (the method: prose.md)."""

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

from bench import clients, figures, profiling, servers
from bench.figures import MIB, Goal, Section, find, mib, stat, table, times, words
from bench.settings import Context

NAME, TITLE = "bulk", "3. Bulk send"
CEILING, SEQUENTIAL = "mock create ceiling (load generator)", "twilio SDK, sequential loop"
DEFAULT, PLAIN = "send_many (defaults: concurrency 16)", "send_many, plain httpx (concurrency 16)"
AIOHTTP, GATHER = "raw aiohttp.ClientSession", "gather over AsyncClient.create (semaphore of 16)"
ASYNC_SEND_MANY = "AsyncClient.messages.send_many (concurrency 16)"
REFERENCES = {"ceiling": CEILING, "sdk_sequential": SEQUENTIAL, "raw_aiohttp": AIOHTTP}
REFERENCES["gather"] = GATHER
PROFILED = 3_000  # messages: enough samples; the profiler slows the run several times over
Run = tuple[float, float]  # messages/s, client CPU microseconds per message


def _raws(url: str, account: servers.Account) -> list[clients.Subject]:
    """aiohttp, and httpx.AsyncClient on sendwire's aiohttp transport (wherever this version
    keeps it), on httpx-aiohttp's and on httpcore."""
    found: list[Any] = []
    if clients.FAST:
        package = Path(importlib.import_module("sendwire").__file__ or "").parent
        for path in sorted(package.rglob("aiohttp_transport.py")):
            module = ".".join(path.relative_to(package.parent).with_suffix("").parts)
            ours = getattr(importlib.import_module(module), "AiohttpTransport", None)
            found += [(ours(), "over sendwire's aiohttp transport")] if ours else []
        if importlib.util.find_spec("httpx_aiohttp"):
            from httpx_aiohttp import AiohttpTransport

            found.append((AiohttpTransport(), "over httpx-aiohttp"))
    raws = [clients.raw_aiohttp(url, account)] if clients.FAST else []
    named = [(t, f"raw httpx.AsyncClient {by}") for t, by in [*found, (None, "(httpcore)")]]
    return raws + [clients.raw_httpx_async(url, account, t, name) for t, name in named]


async def _gather(client: Any, count: int) -> None:
    gate = asyncio.Semaphore(16)

    async def one(item: dict[str, Any]) -> None:
        async with gate:
            await client.messages.create(**item)

    await asyncio.gather(*(one(item) for item in clients.items(count)))


async def _send_many_async(client: Any, count: int) -> None:
    _check((await client.messages.send_many(clients.items(count), concurrency=16)), count)


def _send_many(client: Any, count: int, concurrency: int, path: str) -> None:
    with clients.http_path(path or clients.DEFAULT):
        _check(client.messages.send_many(clients.items(count), concurrency=concurrency), count)


def _check(result: Any, count: int) -> None:
    sent, shown = result.succeeded_count, repr(result)
    result.close()
    if sent != count:  # a figure from failed sends would mean nothing
        raise RuntimeError(f"send_many: {shown}")


def _timed(send: Callable[[int], Any], count: int) -> Callable[[], Run]:
    def run() -> Run:
        cpu, wall = time.process_time(), time.perf_counter()
        send(count)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return count / wall, cpu / count * 1e6

    return run


def _reset(url: str, faults: str = "") -> None:
    """Forget every message, so each contender starts alike (which also clears faults)."""
    httpx.post(f"{url}/_mock/reset", timeout=30).raise_for_status()
    if faults:
        httpx.post(f"{url}/_mock/faults", data={"faults": faults}, timeout=30).raise_for_status()


def run(context: Context) -> dict[str, Any]:
    from sendwire import Client

    s, account = context.sizes, context.account
    tuned = f"send_many (tuned: concurrency {s.bulk_tuned_concurrency})"
    with (
        servers.mock(account) as server,
        Client(account.sid, account.token, base_url=server.url) as client,
    ):
        url, sdk = server.url, clients.twilio_client(server.url, account, pool=s.sdk_threads)
        paths = {DEFAULT: (16, ""), tuned: (s.bulk_tuned_concurrency, "")}
        paths.update({PLAIN: (16, clients.PLAIN)} if clients.FAST else {})
        senders: dict[str, Callable[[int], Any]] = {
            name: lambda n, c=c, p=p: _send_many(client, n, c, p) for name, (c, p) in paths.items()
        }
        senders[SEQUENTIAL] = lambda n: [sdk.messages.create(**i) for i in clients.items(n)]

        def pooled(count: int) -> None:
            with ThreadPoolExecutor(s.sdk_threads) as pool:
                list(pool.map(lambda item: sdk.messages.create(**item), clients.items(count)))

        def ceiling() -> Run:
            create = servers.requests_for(url, account, "")["create"]
            if s.warmup_seconds:
                servers.run(create, s.warmup_seconds, s.load_connections)
            return servers.run(create, s.load_seconds, s.load_connections)["rps"], 0.0

        def race(count: int, sequential: int, runs: int, faults: str = "", **first: Any) -> Any:
            contenders = {name: _timed(send, count) for name, send in senders.items()}
            contenders[SEQUENTIAL] = _timed(senders[SEQUENTIAL], sequential)
            found = _race(context, url, {**first, **contenders}, runs, faults)
            return {**found, "messages": count, "sequential_messages": sequential}

        senders[f"twilio SDK, {s.sdk_threads}-thread pool"] = pooled
        subject = clients.sendwire(url, account, sync=False)
        with clients.closing([*_raws(url, account), subject]) as raws:
            for _, path in paths.values() if s.bulk_warmup else ():  # warm each path
                _send_many(client, s.bulk_warmup, 16, path)
            first = {r.name: _timed(r.spread, s.bulk_messages) for r in raws[:-1]}
            first = {CEILING: ceiling, **first}  # the ceiling and raw clients: on loopback only
            result = race(s.bulk_messages, s.bulk_sequential_messages, s.long_runs, **first)
            side = {ASYNC_SEND_MANY: lambda n: subject.run(_send_many_async(subject.client, n))}
            side[GATHER] = lambda n: subject.run(_gather(subject.client, n))
            side |= {r.name: r.spread for r in raws if r.name == AIOHTTP}
            side = {name: _timed(send, s.gather_messages) for name, send in side.items()}
            result["gather"] = {**_race(context, url, side, s.runs), "messages": s.gather_messages}
            _reset(url)
            context.log(f"bulk: memory run, a generator of {s.memory_rows:,} rows")
            args = [str(x) for x in (s.memory_rows, s.memory_seconds, s.memory_samples)]
            memory = clients.in_child(["send", url, account.sid, *args], account.token)
            result["memory"] = {**memory, "rows": s.memory_rows}
            ms, concurrency = s.bulk_latency_ms, {name: c for name, (c, _) in paths.items()}
            try:  # the same race with latency added to every answer
                faults = f"latency_ms={ms}"
                slow = race(s.latency_messages, s.latency_sequential_messages, 1, faults)
            finally:
                _reset(url)
            result["with_latency"] = {**slow, "latency_ms": ms, "concurrency": concurrency}
            if context.profiles(NAME) and any(g.met is False for g in _goals(result)):
                _reset(url)
                what = f"AsyncClient.messages.send_many of {PROFILED:,} messages (default settings"
                what += " and path; the engine the sync call runs in its worker thread)"
                job = lambda: subject.run(_send_many_async(subject.client, PROFILED))
                result["profiles"] = [p for p in [profiling.in_process(what, job)] if p]
        sdk.http_client.session.close()
    return {**result, "fast_path": clients.FAST}


def _race(
    context: Context, url: str, race: dict[str, Callable[[], Run]], runs: int, faults: str = ""
) -> dict[str, Any]:
    """Every contender once a run, in turns; a row per contender with its ratios to the
    references that ran, paired run by run."""
    taken: dict[str, list[Run]] = {name: [] for name in race}
    for _ in range(runs):
        for name, work in race.items():
            _reset(url, faults)
            taken[name].append(work())
            context.log(f"bulk: {name}: {taken[name][-1][0]:,.0f} msg/s")
    rows = []
    for name, measured in taken.items():
        rates, cpus = [rate for rate, _ in measured], [cpu for _, cpu in measured]
        row: dict[str, Any] = {"client": name, "messages_per_second": figures.of(rates)}
        row.update({"cpu_us_per_message": figures.of(cpus)} if name != CEILING else {})
        for key, reference in REFERENCES.items():
            if reference in taken and (name != CEILING or reference == SEQUENTIAL):
                row[f"ratio_to_{key}"] = figures.paired(rates, [r for r, _ in taken[reference]])
            if reference in taken and CEILING not in (name, reference) and reference != SEQUENTIAL:
                row[f"cpu_ratio_to_{key}"] = figures.paired(cpus, [c for _, c in taken[reference]])
        rows.append(row)
    return {"rows": rows, "runs": runs}


def render(result: dict[str, Any]) -> Section:
    rows, gather, slow, memory = (result[k] for k in ("rows", "gather", "with_latency", "memory"))
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
    keys += ("cpu_ratio_to_raw_aiohttp",)
    body = [
        [r["client"], stat(r["messages_per_second"]), stat(r["cpu_us_per_message"])]
        + [times(r.get(k)) for k in keys]
        for r in gather["rows"]
    ]
    head = ["Sender", "Messages/s", "CPU us/message", "vs gather", "CPU vs gather"]
    lines += words(NAME + ".gather", **gather)
    lines += table([*head, "vs raw aiohttp", "CPU vs raw aiohttp"], body)
    ms, body = slow["latency_ms"], []
    for r in slow["rows"]:
        c = slow["concurrency"].get(r["client"])
        share = f"{r['messages_per_second']['median'] * ms / 1000 / c:.2f}" if c else "-"
        cells = [r["client"], stat(r["messages_per_second"]), times(r["ratio_to_sdk_sequential"])]
        body.append([*cells, share, stat(r["cpu_us_per_message"])])
    lines += [f"### The same race with {ms} ms added to every answer", ""]
    lines += words(NAME + ".latency", **slow)
    head = ["Sender", "Messages/s", f"vs {SEQUENTIAL}", "vs C / latency", "CPU us/message"]
    lines += table(head, body)
    samples, consumed = memory["samples"], memory["succeeded"] + memory["failed"]
    picked = samples[:: max(1, len(samples) // 8)]
    picked += samples[-1:] if picked[-1] != samples[-1] else []
    how_far = f"a generator of {memory['rows']:,} rows"
    if consumed < memory["rows"]:  # the time bound ended the generator early
        how_far = f"the first {consumed:,} rows of {how_far} (then the run's time bound ended it)"
    lines += [f"### Memory while sending from a generator of {memory['rows']:,} rows", ""]
    rate = consumed / max(memory["seconds"], 1e-9)
    lines += words(NAME + ".memory", how_far=how_far, rate=rate, **memory)
    lines += table(["Rows done", "RSS"], [[f"{done:,}", mib(rss)] for done, rss in picked])
    before, growth = mib(memory["rss_before"]), mib(_growth(memory))
    lines += words(NAME + ".memory_after", before=before, growth=growth)
    return Section(lines, _goals(result))


def _growth(memory: dict[str, Any]) -> int:
    """How far RSS moved between a tenth of the rows and the end."""
    consumed = memory["succeeded"] + memory["failed"]
    after_tenth = [rss for done, rss in memory["samples"] if done >= consumed // 10]
    return max(after_tenth) - min(after_tenth)


def _goals(result: dict[str, Any]) -> list[Goal]:
    rows, profiles, slow = result["rows"], tuple(result.get("profiles", [])), result["with_latency"]
    default, ceiling = find(rows, client=DEFAULT), find(rows, client=CEILING)
    tuned = next(r for r in rows if r["client"].startswith("send_many (tuned"))
    late = [find(slow["rows"], client=r["client"]) for r in (default, tuned)]
    loop = [r["ratio_to_sdk_sequential"]["median"] for r in (default, tuned, *late, ceiling)]
    shown = f"on loopback: default {loop[0]:.1f}x, tuned {loop[1]:.1f}x (the mock's own ceiling "
    shown += f"{loop[4]:.1f}x); with {slow['latency_ms']} ms per answer: "
    shown += f"{loop[2]:.1f}x, {loop[3]:.1f}x"
    goals = [Goal("send_many_vs_sdk_loop >= 10", shown, max(loop[:2]) >= 10, profiles)]
    share = [r["ratio_to_ceiling"]["median"] for r in (default, tuned)]
    shown = f"default {share[0]:.0%}, tuned {share[1]:.0%}"
    goals.append(Goal("send_many_vs_mock_ceiling >= 0.7", shown, max(share) >= 0.7, profiles))
    memory = result["memory"]
    growth, sent, failed = _growth(memory), memory["succeeded"], memory["failed"]
    shown = f"RSS moved {mib(growth)} over {sent:,} rows sent, {failed:,} failed"
    goals.append(Goal("send_many_memory_rise <= 16 MiB", shown, growth <= 16 * MIB and not failed))
    ours = find(result["gather"]["rows"], client=ASYNC_SEND_MANY)
    for name, key, rate_goal, cpu_goal in (
        ("send_many_vs_raw_aiohttp >= 0.6x rate, <= 2x CPU", "raw_aiohttp", 0.6, 2),
        ("send_many_vs_gather >= 0.8x rate, <= 1.3x CPU", "gather", 0.8, 1.3),
    ):
        if f"ratio_to_{key}" in ours:
            rate, cpu = ours[f"ratio_to_{key}"]["median"], ours[f"cpu_ratio_to_{key}"]["median"]
            shown = f"{rate:.2f}x the messages/s, {cpu:.2f}x the CPU per message"
            goals.append(Goal(name, shown, rate >= rate_goal and cpu <= cpu_goal, profiles))
    goals.append(Goal("send_many_vs_sdk_loop_on_loopback >= 3", f"{loop[0]:.1f}x", loop[0] >= 3))
    parts, met = [], True
    for name, concurrency in slow["concurrency"].items():
        bound = 0.9 * concurrency / (slow["latency_ms"] / 1000)
        rate = find(slow["rows"], client=name)["messages_per_second"]["median"]
        parts.append(f"{name}: {rate:,.0f} msg/s, goal {bound:,.0f} ({rate / bound:.2f}x)")
        met = met and (rate >= bound or name == PLAIN)  # the goal is the default path's
    name = "send_many_vs_concurrency_over_latency >= 0.9"
    return [*goals, Goal(name, "; ".join(parts), met, profiles)]
