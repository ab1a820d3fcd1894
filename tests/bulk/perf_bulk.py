"""Figures for bulk sending (a benchmark script, not a test; nothing here asserts).

python tests/bulk/perf_bulk.py throughput [--messages 10000] [--concurrency 16]
                                          [--latency-ms 0]
    send_many against a mock process, next to a sequential loop of client.messages.create
    over the same mock (same machine, same run); --latency-ms makes the mock answer each
    request later, as a distant server would.
python tests/bulk/perf_bulk.py compare [--messages 3000] [--rounds 3]
    in one run against one mock process, 16 in flight each: send_many on AsyncClient, a
    plain asyncio.gather over AsyncClient.messages.create under a semaphore of 16, and raw
    aiohttp; messages/s and this process's CPU per message (the mock runs apart), the best
    of --rounds rounds taken in turn, and the ratios the bulk goals are stated in.
python tests/bulk/perf_bulk.py memory [ROWS ...]
    peak RSS of a process running send_many over a generator of ROWS rows against an
    in-process fake sender (see fake_target.py), one child process per size so each
    figure is its own peak; e.g. `memory 10000 100000 1000000`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SENDER = "+15017122661"


def _items(count: int, tag: str) -> object:
    return (
        {"to": f"+1555{i % 10_000_000:07d}", "from_": SENDER, "body": f"{tag} {i}"}
        for i in range(count)
    )


def throughput(messages: int, concurrency: int, sequential: int, latency_ms: int) -> None:
    from sendwire import Client
    from sendwire.testing import MockProcess

    faults = f"latency_ms={latency_ms}" if latency_ms else None
    with (
        MockProcess(faults=faults) as mock,
        Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client,
    ):
        client.messages.send_many(_items(200, "warm-up")).close()
        mock.reset()
        started = time.perf_counter()
        for item in _items(sequential, "loop"):  # type: ignore[attr-defined]
            client.messages.create(**item)
        loop_rate = sequential / (time.perf_counter() - started)
        mock.reset()
        with client.messages.send_many(_items(messages, "bulk"), concurrency=concurrency) as result:
            assert result.succeeded_count == messages, result
            bulk_rate = messages / result.duration
        print(
            json.dumps(
                {
                    "sequential_loop_msg_per_s": round(loop_rate, 1),
                    "send_many_msg_per_s": round(bulk_rate, 1),
                    "speed_up": round(bulk_rate / loop_rate, 1),
                    "messages": messages,
                    "sequential_messages": sequential,
                    "concurrency": concurrency,
                    "server_latency_ms": latency_ms,
                }
            )
        )


async def _gather(client: object, count: int, tag: str) -> None:
    gate = asyncio.Semaphore(16)

    async def one(item: dict[str, str]) -> None:
        async with gate:
            await client.messages.create(**item)  # type: ignore[attr-defined]

    await asyncio.gather(*(one(item) for item in _items(count, tag)))  # type: ignore[attr-defined]


async def _raw_aiohttp(url: str, sid: str, token: str, count: int) -> None:
    import aiohttp

    target = f"{url}/2010-04-01/Accounts/{sid}/Messages.json"
    numbers = iter(range(count))
    headers = {"Authorization": aiohttp.encode_basic_auth(sid, token)}
    async with aiohttp.ClientSession(headers=headers) as session:

        async def worker() -> None:
            for i in numbers:
                form = {"To": f"+1555{i % 10_000_000:07d}", "From": SENDER, "Body": f"raw {i}"}
                async with session.post(target, data=form) as response:
                    assert response.status == 201, response.status
                    await response.json()

        await asyncio.gather(*(worker() for _ in range(16)))


def compare(messages: int, rounds: int) -> None:
    from sendwire import AsyncClient
    from sendwire.testing import MockProcess

    async def race(mock: MockProcess) -> dict[str, tuple[float, float]]:
        async with AsyncClient(mock.account_sid, mock.auth_token, base_url=mock.url) as client:

            async def send_many() -> None:
                async with await client.messages.send_many(
                    _items(messages, "bulk"),  # type: ignore[arg-type]
                    concurrency=16,
                ) as result:
                    assert result.succeeded_count == messages, result

            contenders = {
                "send_many": send_many,
                "gather": lambda: _gather(client, messages, "gather"),
                "raw_aiohttp": lambda: _raw_aiohttp(
                    mock.url, mock.account_sid, mock.auth_token, messages
                ),
            }
            for work in contenders.values():  # warm-up: imports, connections
                mock.reset()
                await work()
            best: dict[str, tuple[float, float]] = {}
            for _ in range(rounds):
                for name, work in contenders.items():
                    mock.reset()
                    cpu, wall = time.process_time(), time.perf_counter()
                    await work()
                    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                    rate, cpu_us = messages / wall, cpu / messages * 1e6
                    if name not in best or rate > best[name][0]:
                        best[name] = (rate, cpu_us)
            return best

    with MockProcess() as mock:
        best = asyncio.run(race(mock))
    bulk, gather, raw = best["send_many"], best["gather"], best["raw_aiohttp"]
    print(
        json.dumps(
            {
                "messages": messages,
                "rounds": rounds,
                "msg_per_s": {name: round(rate) for name, (rate, _) in best.items()},
                "cpu_us_per_msg": {name: round(cpu) for name, (_, cpu) in best.items()},
                "send_many_vs_gather": {
                    "rate": round(bulk[0] / gather[0], 2),
                    "cpu": round(bulk[1] / gather[1], 2),
                },
                "send_many_vs_raw_aiohttp": {
                    "rate": round(bulk[0] / raw[0], 2),
                    "cpu": round(bulk[1] / raw[1], 2),
                },
            }
        )
    )


def _memory_child(rows: int) -> None:
    sys.path.insert(0, str(HERE))
    from fake_target import FastFakeTarget
    from fake_target import rows as generate

    from sendwire.bulk.options import RunOptions
    from sendwire.bulk.send import send_many

    async def run() -> float:
        result = await send_many(FastFakeTarget(), generate(rows), RunOptions(concurrency=16))
        with result:
            assert result.succeeded_count == rows
            return result.duration

    duration = asyncio.run(run())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"rows": rows, "peak_rss_mib": round(peak_kib / 1024, 1), "seconds": round(duration, 1)}
        )
    )


def memory(sizes: list[int]) -> None:
    for rows in sizes:
        subprocess.run([sys.executable, __file__, "memory-child", str(rows)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    speed = commands.add_parser("throughput")
    speed.add_argument("--messages", type=int, default=10_000)
    speed.add_argument("--sequential", type=int, default=1_000)
    speed.add_argument("--concurrency", type=int, default=16)
    speed.add_argument(
        "--latency-ms",
        type=int,
        default=0,
        help="make the mock answer each request this much later",
    )
    side = commands.add_parser("compare")
    side.add_argument("--messages", type=int, default=3_000)
    side.add_argument("--rounds", type=int, default=3)
    sizes = commands.add_parser("memory")
    sizes.add_argument("rows", type=int, nargs="*", default=[10_000, 100_000])
    child = commands.add_parser("memory-child")
    child.add_argument("rows", type=int)
    args = parser.parse_args()
    if args.command == "throughput":
        throughput(args.messages, args.concurrency, args.sequential, args.latency_ms)
    elif args.command == "compare":
        compare(args.messages, args.rounds)
    elif args.command == "memory":
        memory(args.rows)
    else:
        _memory_child(args.rows)


if __name__ == "__main__":
    main()
