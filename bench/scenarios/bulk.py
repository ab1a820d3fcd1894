"""Scenario 3: sending many messages: send_many against the official SDK, and the ceiling.

The ceiling is the mock's own create throughput under wrk (16 connections), measured on the
same server in the same run, so a ratio near 1 means the client is not what limits the run.
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

from bench import load, memsend, profiling
from bench.context import Context
from bench.servers import MockServer
from bench.stats import Stat, ratio
from bench.subjects import BODY, FROM, twilio_client

NAME = "bulk"
TITLE = "Bulk send"

CEILING = "mock create ceiling (wrk)"
DEFAULT = "send_many (defaults: concurrency 16)"
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
        "tuned": f"send_many (tuned: concurrency {sizes.bulk_tuned_concurrency})",
        "sequential": SEQUENTIAL,
        "threads": f"twilio SDK, {sizes.sdk_threads}-thread pool",
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

    def send_many(concurrency: int, how_many: int = count) -> Callable[[], float]:
        def work() -> float:
            with client.messages.send_many(items(how_many), concurrency=concurrency) as result:
                if result.succeeded_count != how_many:
                    raise RuntimeError(f"send_many: {result!r}")
                return how_many / result.duration

        return work

    def ceiling() -> float:
        if sizes.warmup_seconds:
            load.run(create, sizes.warmup_seconds, sizes.load_connections)
        return load.run(create, sizes.load_seconds, sizes.load_connections).requests_per_second

    def sequential() -> float:
        started = time.perf_counter()
        for item in items(sequential_count):
            sdk.messages.create(to=item["to"], from_=item["from_"], body=item["body"])
        return sequential_count / (time.perf_counter() - started)

    def pooled() -> float:
        def one(item: dict[str, Any]) -> None:
            sdk.messages.create(to=item["to"], from_=item["from_"], body=item["body"])

        started = time.perf_counter()
        with ThreadPoolExecutor(sizes.sdk_threads) as pool:
            for _ in pool.map(one, items(count)):
                pass
        return count / (time.perf_counter() - started)

    contenders: list[tuple[str, Callable[[], float]]] = [
        (names["default"], send_many(16)),
        (names["tuned"], send_many(sizes.bulk_tuned_concurrency)),
        (names["sequential"], sequential),
        (names["threads"], pooled),
    ]
    if with_ceiling:
        contenders.insert(0, (CEILING, ceiling))
    rates: dict[str, list[float]] = {name: [] for name, _ in contenders}
    try:
        if sizes.bulk_warmup:
            send_many(16, min(count, sizes.bulk_warmup))()  # warm the engine and connections
        for run_index in range(runs):
            for name, work in contenders:
                _reset(mock.url, faults)
                rates[name].append(work())
                context.log(f"bulk: {name}: {rates[name][-1]:,.0f} msg/s")
        result = _summarise(rates, count, sequential_count, names)
        if with_ceiling and context.profiles(NAME) and _misses(result):
            _reset(mock.url)
            profiled = min(count, PROFILED_MESSAGES)
            found = profiling.in_process(
                f"AsyncClient.messages.send_many of {profiled:,} messages (default settings; "
                "the engine that the sync call runs in its worker thread)",
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
    rates: dict[str, list[float]], count: int, sequential_count: int, names: dict[str, str]
) -> dict[str, Any]:
    sequential = Stat.of(rates[SEQUENTIAL])
    ceiling = Stat.of(rates[CEILING]) if CEILING in rates else None
    rows = []
    for name, values in rates.items():
        stat = Stat.of(values)
        row = {
            "client": name,
            "messages_per_second": stat.to_json(),
            "ratio_to_sdk_sequential": ratio(stat, sequential).to_json(),
        }
        if ceiling is not None:
            row["ratio_to_ceiling"] = ratio(stat, ceiling).to_json()
        rows.append(row)
    return {
        "messages": count,
        "sequential_messages": sequential_count,
        "rows": rows,
        "names": {k: v for k, v in names.items() if v in rates},
    }


def _row(result: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in result["rows"] if r["client"] == name)
    return found


def _misses(result: dict[str, Any]) -> bool:
    default = _row(result, DEFAULT)
    return bool(
        default["ratio_to_ceiling"]["median"] < 0.7
        or default["ratio_to_sdk_sequential"]["median"] < 10
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
