"""Scenario 3: sending many messages: send_many against the official SDK, and the ceiling.

The ceiling is the mock's own create throughput under wrk (16 connections), measured on the
same server in the same run, so a ratio near 1 means the client is not what limits the run.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from bench import load, profiling
from bench.context import Context
from bench.memory import rss_bytes
from bench.servers import MockServer
from bench.stats import Stat, ratio
from bench.subjects import BODY, FROM, twilio_client

NAME = "bulk"
TITLE = "Bulk send"

CEILING = "mock create ceiling (wrk)"
DEFAULT = "send_many (defaults: concurrency 16)"
SEQUENTIAL = "twilio SDK, sequential loop"


def items(count: int) -> Iterator[dict[str, Any]]:
    """A lazy batch: nothing is built before the engine asks for it."""
    for index in range(count):
        yield {"to": f"+1555{index % 10_000_000:07d}", "from_": FROM, "body": BODY}


def run(context: Context) -> dict[str, Any]:
    from sendwire import Client

    sizes = context.sizes
    count = sizes.bulk_messages
    tuned = f"send_many (tuned: concurrency {sizes.bulk_tuned_concurrency})"
    threads = f"twilio SDK, {sizes.sdk_threads}-thread pool"
    with MockServer(context.account) as mock:
        context.log(f"bulk: mock at {mock.url}")
        account = context.account
        client = Client(account.sid, account.token, base_url=mock.url)
        sdk = twilio_client(mock.url, account, pool=sizes.sdk_threads)
        create = load.Request(
            "POST",
            mock.url + account.messages_path,
            account.basic,
            f"To=%2B15558675310&From=%2B15017122661&Body={BODY.replace(' ', '+')}",
        )

        def reset() -> None:
            httpx.post(f"{mock.url}/_mock/reset", timeout=30).raise_for_status()

        def send_many(concurrency: int) -> Callable[[], float]:
            def work() -> float:
                with client.messages.send_many(items(count), concurrency=concurrency) as result:
                    if result.succeeded_count != count:
                        raise RuntimeError(f"send_many: {result!r}")
                    return count / result.duration

            return work

        def ceiling() -> float:
            if sizes.warmup_seconds:
                load.run(create, sizes.warmup_seconds, sizes.load_connections)
            return load.run(create, sizes.load_seconds, sizes.load_connections).requests_per_second

        def sequential() -> float:
            started = time.perf_counter()
            for item in items(count):
                sdk.messages.create(to=item["to"], from_=item["from_"], body=item["body"])
            return count / (time.perf_counter() - started)

        def pooled() -> float:
            def one(item: dict[str, Any]) -> None:
                sdk.messages.create(to=item["to"], from_=item["from_"], body=item["body"])

            started = time.perf_counter()
            with ThreadPoolExecutor(sizes.sdk_threads) as pool:
                for _ in pool.map(one, items(count)):
                    pass
            return count / (time.perf_counter() - started)

        contenders: list[tuple[str, Callable[[], float]]] = [
            (CEILING, ceiling),
            (DEFAULT, send_many(16)),
            (tuned, send_many(sizes.bulk_tuned_concurrency)),
            (SEQUENTIAL, sequential),
            (threads, pooled),
        ]
        rates: dict[str, list[float]] = {name: [] for name, _ in contenders}
        try:
            send_many(16)()  # warm the engine once
            for run_index in range(sizes.long_runs):
                for name, work in contenders:
                    reset()
                    rates[name].append(work())
                    context.log(f"bulk: {name}: {rates[name][-1]:,.0f} msg/s")
            result = _summarise(rates, count, tuned, threads)
            if context.profile and _misses(result):
                reset()
                found = profiling.in_process(
                    f"AsyncClient.messages.send_many of {count:,} messages (default settings; "
                    "the engine the sync call runs in its worker thread)",
                    lambda: asyncio.run(_send_many_async(mock.url, context, count)),
                )
                result["profiles"] = [found.to_json()] if found is not None else []
        finally:
            client.close()
            sdk.http_client.session.close()
        result["mock_command"] = mock.command_shown
        result["load_tool"] = "wrk" if load.wrk_available() else "httpx async loop"
        reset()
        result["memory"] = _memory(context, mock.url)
    return result


async def _send_many_async(url: str, context: Context, count: int) -> None:
    from sendwire import AsyncClient

    account = context.account
    async with AsyncClient(account.sid, account.token, base_url=url) as client:
        result = await client.messages.send_many(items(count))
        result.close()


def _summarise(
    rates: dict[str, list[float]], count: int, tuned: str, threads: str
) -> dict[str, Any]:
    ceiling = Stat.of(rates[CEILING])
    sequential = Stat.of(rates[SEQUENTIAL])
    rows = []
    for name, values in rates.items():
        stat = Stat.of(values)
        rows.append(
            {
                "client": name,
                "messages_per_second": stat.to_json(),
                "ratio_to_ceiling": ratio(stat, ceiling).to_json(),
                "ratio_to_sdk_sequential": ratio(stat, sequential).to_json(),
            }
        )
    return {
        "messages": count,
        "rows": rows,
        "names": {
            "ceiling": CEILING,
            "default": DEFAULT,
            "tuned": tuned,
            "sequential": SEQUENTIAL,
            "threads": threads,
        },
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
    """RSS of this process while send_many consumes a generator of many rows."""
    from sendwire import Client

    rows = context.sizes.memory_rows
    every = max(1, rows // context.sizes.memory_samples)
    samples: list[tuple[int, int]] = []
    next_mark = [0]

    def progress(report: Any) -> None:
        if report.processed >= next_mark[0]:
            samples.append((report.processed, rss_bytes()))
            next_mark[0] = report.processed + every

    context.log(f"bulk: memory run of {rows:,} rows")
    with Client(context.account.sid, context.account.token, base_url=url) as client:
        before = rss_bytes()
        with client.messages.send_many(items(rows), on_progress=progress) as result:
            done, failed, duration = result.succeeded_count, result.failed_count, result.duration
        samples.append((done + failed, rss_bytes()))
    context.log(f"bulk: memory run done in {duration:.0f} s")
    after_warmup = [rss for processed, rss in samples if processed >= rows // 10]
    return {
        "rows": rows,
        "succeeded": done,
        "failed": failed,
        "seconds": duration,
        "rss_before": before,
        "samples": samples,
        "rss_growth_after_first_tenth": (max(after_warmup) - min(after_warmup))
        if after_warmup
        else 0,
    }
