"""Scenario 3: sending many messages: send_many against raw clients, the SDK and the ceiling.

The ceiling is the mock's own create throughput under wrk (16 connections), measured on the
same server in the same run, so a ratio near 1 means the client is not what limits the run.
Raw clients (aiohttp, and httpx.AsyncClient on each transport) send the same creates with 16
in flight and nothing else: the floor of what any Python client pays per message. send_many
runs on each HTTP path (fast: aiohttp under httpx; plain: httpx alone). Every contender's
client CPU per message is measured too (this process's CPU time; the server runs apart).
On loopback a request costs well under a millisecond, which flatters a sequential loop; the
same race runs again with 20 ms added to every answer (the mock's `latency_ms` fault), about
what a request to a real service costs, where concurrency is what pays.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from bench import load, memsend, paths, profiling, rawsend
from bench.context import Context
from bench.servers import MockServer
from bench.stats import Stat, ratio
from bench.subjects import BODY, FROM, twilio_client

NAME = "bulk"
TITLE = "Bulk send"

CEILING = "mock create ceiling (wrk)"
DEFAULT = "send_many (defaults: concurrency 16)"
PLAIN = "send_many, plain httpx (concurrency 16)"
SEQUENTIAL = "twilio SDK, sequential loop"
PROFILED_MESSAGES = 3_000  # enough samples; the profiler slows the run several times over


def items(count: int, deadline: float | None = None) -> Iterator[dict[str, Any]]:
    """A lazy batch: nothing is built before the engine asks for it. With a deadline the
    generator simply ends early (used to bound the long memory run)."""
    for index in range(count):
        if deadline is not None and index % 1000 == 0 and time.monotonic() > deadline:
            return
        yield {"to": f"+1555{index % 10_000_000:07d}", "from_": FROM, "body": BODY}


def _names(context: Context) -> dict[str, str]:
    sizes = context.sizes
    return {
        "ceiling": CEILING,
        "default": DEFAULT,
        "plain": PLAIN,
        "tuned": f"send_many (tuned: concurrency {sizes.bulk_tuned_concurrency})",
        "sequential": SEQUENTIAL,
        "threads": f"twilio SDK, {sizes.sdk_threads}-thread pool",
        "raw_aiohttp": rawsend.RAW_AIOHTTP,
    }


def run(context: Context) -> dict[str, Any]:
    sizes = context.sizes
    with MockServer(context.account) as mock:
        context.log(f"bulk: mock at {mock.url}")
        result = _race(
            context,
            mock,
            sizes.bulk_messages,
            sizes.bulk_sequential_messages,
            sizes.long_runs,
            with_ceiling=True,
        )
        result["mock_command"] = mock.command_shown
        result["load_tool"] = "wrk" if load.wrk_available() else "httpx async loop"
        _reset(mock.url)
        result["memory"] = _memory(context, mock.url)
        # The same server, now answering each request after a delay (its latency fault).
        latency = sizes.bulk_latency_ms
        context.log(f"bulk: the same race with {latency} ms per answer")
        try:
            slow = _race(
                context,
                mock,
                sizes.latency_messages,
                sizes.latency_sequential_messages,
                1,
                with_ceiling=False,
                faults=f"latency_ms={latency}",
            )
        finally:
            _set_faults(mock.url, "")
        slow["latency_ms"] = latency
        slow["how"] = f"POST /_mock/faults faults=latency_ms={latency}"
        tuned = _names(context)["tuned"]
        slow["concurrency"] = {DEFAULT: 16, PLAIN: 16, tuned: sizes.bulk_tuned_concurrency}
        result["with_latency"] = slow
    return result


def _set_faults(url: str, faults: str) -> None:
    httpx.post(f"{url}/_mock/faults", data={"faults": faults}, timeout=30).raise_for_status()


def _reset(url: str, faults: str = "") -> None:
    """Forget every message (so each contender starts alike); a reset also clears faults,
    so the ones this race runs with are set again."""
    httpx.post(f"{url}/_mock/reset", timeout=30).raise_for_status()
    if faults:
        _set_faults(url, faults)


#: (messages/s, client CPU microseconds per message) of one run.
Run = tuple[float, float]


def _measured(work: Callable[[], int]) -> Run:
    """Run `work` (which returns how many messages it sent): its rate and CPU per message."""
    cpu, wall = time.process_time(), time.perf_counter()
    sent = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return sent / wall, cpu / sent * 1e6


def _race(
    context: Context,
    mock: MockServer,
    count: int,
    sequential_count: int,
    runs: int,
    with_ceiling: bool,
    faults: str = "",
) -> dict[str, Any]:
    from sendwire import Client

    sizes = context.sizes
    account = context.account
    names = _names(context)
    client = Client(account.sid, account.token, base_url=mock.url)
    sdk = twilio_client(mock.url, account, pool=sizes.sdk_threads)
    create = load.Request(
        "POST",
        mock.url + account.messages_path,
        account.basic,
        f"To=%2B15558675310&From=%2B15017122661&Body={BODY.replace(' ', '+')}",
    )
    fast = paths.FAST if paths.FAST in paths.available() else paths.PLAIN

    def send_many(concurrency: int, path: str, how_many: int = count) -> Callable[[], int]:
        def work() -> int:
            with (
                paths.on(path),
                client.messages.send_many(items(how_many), concurrency=concurrency) as result,
            ):
                if result.succeeded_count != how_many:
                    raise RuntimeError(f"send_many: {result!r}")
                return how_many

        return work

    def raw(kind: str) -> Callable[[], int]:
        send = rawsend.sender(kind, mock.url, account, 16)

        def work() -> int:
            send(count)
            return count

        return work

    def ceiling() -> Run:
        if sizes.warmup_seconds:
            load.run(create, sizes.warmup_seconds, sizes.load_connections)
        rate = load.run(create, sizes.load_seconds, sizes.load_connections).requests_per_second
        return rate, 0.0  # another process: no client CPU in this one

    def sequential() -> int:
        for item in items(sequential_count):
            sdk.messages.create(to=item["to"], from_=item["from_"], body=item["body"])
        return sequential_count

    def pooled() -> int:
        def one(item: dict[str, Any]) -> None:
            sdk.messages.create(to=item["to"], from_=item["from_"], body=item["body"])

        with ThreadPoolExecutor(sizes.sdk_threads) as pool:
            for _ in pool.map(one, items(count)):
                pass
        return count

    contenders: list[tuple[str, Callable[[], Run]]] = []
    if with_ceiling:
        contenders.append((CEILING, ceiling))
        contenders += [(kind, lambda k=kind: _measured(raw(k))) for kind in rawsend.available()]
    contenders += [
        (names["default"], lambda: _measured(send_many(16, fast))),
        (names["tuned"], lambda: _measured(send_many(sizes.bulk_tuned_concurrency, fast))),
    ]
    if fast != paths.PLAIN:
        contenders.append((names["plain"], lambda: _measured(send_many(16, paths.PLAIN))))
    contenders += [
        (names["sequential"], lambda: _measured(sequential)),
        (names["threads"], lambda: _measured(pooled)),
    ]
    figures: dict[str, list[Run]] = {name: [] for name, _ in contenders}
    try:
        if sizes.bulk_warmup:
            for path in paths.available():  # warm the engine and connections
                send_many(16, path, min(count, sizes.bulk_warmup))()
        for run_index in range(runs):
            for name, work in contenders:
                _reset(mock.url, faults)
                figures[name].append(work())
                rate, cpu = figures[name][-1]
                context.log(f"bulk: {name}: {rate:,.0f} msg/s, {cpu:,.0f} us CPU/msg")
        result = _summarise(figures, count, sequential_count, names)
        result["fast_path"] = fast == paths.FAST
        if with_ceiling and context.profiles(NAME) and _misses(result):
            _reset(mock.url)
            profiled = min(count, PROFILED_MESSAGES)
            with paths.on(fast):
                found = profiling.in_process(
                    f"AsyncClient.messages.send_many of {profiled:,} messages (default "
                    f"settings, {fast} HTTP path; the engine that the sync call runs in its "
                    "worker thread)",
                    lambda: asyncio.run(_send_many_async(mock.url, context, profiled)),
                )
            result["profiles"] = [found.to_json()] if found is not None else []
    finally:
        client.close()
        sdk.http_client.session.close()
    return result


async def _send_many_async(url: str, context: Context, count: int) -> None:
    from sendwire import AsyncClient

    account = context.account
    async with AsyncClient(account.sid, account.token, base_url=url) as client:
        result = await client.messages.send_many(items(count))
        result.close()


def _summarise(
    figures: dict[str, list[Run]], count: int, sequential_count: int, names: dict[str, str]
) -> dict[str, Any]:
    def rates(name: str) -> Stat:
        return Stat.of(rate for rate, _ in figures[name])

    def cpus(name: str) -> Stat:
        return Stat.of(cpu for _, cpu in figures[name])

    sequential = rates(SEQUENTIAL)
    ceiling = rates(CEILING) if CEILING in figures else None
    floor = names["raw_aiohttp"] if names["raw_aiohttp"] in figures else None
    rows = []
    for name in figures:
        stat = rates(name)
        row = {
            "client": name,
            "messages_per_second": stat.to_json(),
            "ratio_to_sdk_sequential": ratio(stat, sequential).to_json(),
        }
        if name != CEILING:
            row["cpu_us_per_message"] = cpus(name).to_json()
        if ceiling is not None:
            row["ratio_to_ceiling"] = ratio(stat, ceiling).to_json()
        if floor is not None and name != CEILING:
            row["ratio_to_raw_aiohttp"] = ratio(stat, rates(floor)).to_json()
            row["cpu_ratio_to_raw_aiohttp"] = ratio(cpus(name), cpus(floor)).to_json()
        rows.append(row)
    return {
        "messages": count,
        "sequential_messages": sequential_count,
        "rows": rows,
        "names": {k: v for k, v in names.items() if v in figures},
    }


def _row(result: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in result["rows"] if r["client"] == name)
    return found


def _misses(result: dict[str, Any]) -> bool:
    default = _row(result, DEFAULT)
    return bool(
        default["ratio_to_ceiling"]["median"] < 0.7
        or default["ratio_to_sdk_sequential"]["median"] < 10
        or default.get("ratio_to_raw_aiohttp", {}).get("median", 1.0) < 0.6
        or default.get("cpu_ratio_to_raw_aiohttp", {}).get("median", 1.0) > 2.0
    )


def _memory(context: Context, url: str) -> dict[str, Any]:
    """RSS while send_many consumes a generator of many rows, in a process of its own.

    The run is bounded in time: if the generator is not used up by then, it ends early and
    the report says how many rows went through.
    """
    sizes = context.sizes
    rows = sizes.memory_rows
    context.log(
        f"bulk: memory run, a generator of {rows:,} rows (at most {sizes.memory_seconds:.0f} s)"
    )
    run = memsend.send(
        url,
        context.account.sid,
        context.account.token,
        rows,
        sizes.memory_seconds,
        sizes.memory_samples,
    )
    done, failed = run["succeeded"], run["failed"]
    context.log(f"bulk: memory run sent {done:,} rows in {run['seconds']:.0f} s")
    samples = run["samples"]
    tenth = (done + failed) // 10
    after_warmup = [rss for processed, rss in samples if processed >= tenth]
    return {
        "rows": rows,
        "consumed": done + failed,
        "succeeded": done,
        "failed": failed,
        "seconds": run["seconds"],
        "time_budget_seconds": sizes.memory_seconds,
        "rss_before": run["rss_before"],
        "samples": samples,
        "rss_growth_after_first_tenth": (max(after_warmup) - min(after_warmup))
        if after_warmup
        else 0,
    }
