"""Figures for bulk sending (a benchmark script, not a test; nothing here asserts).

python tests/bulk/perf_bulk.py throughput [--messages 10000] [--concurrency 16]
                                          [--latency-ms 0]
    send_many against a mock process, next to a sequential loop of client.messages.create
    over the same mock (same machine, same run); --latency-ms makes the mock answer each
    request later, as a distant server would.
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


def _memory_child(rows: int) -> None:
    sys.path.insert(0, str(HERE))
    from fake_target import FastFakeTarget
    from fake_target import rows as generate

    from sendwire.bulk.send import send_many

    async def run() -> float:
        result = await send_many(FastFakeTarget(), generate(rows), concurrency=16)
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
    sizes = commands.add_parser("memory")
    sizes.add_argument("rows", type=int, nargs="*", default=[10_000, 100_000])
    child = commands.add_parser("memory-child")
    child.add_argument("rows", type=int)
    args = parser.parse_args()
    if args.command == "throughput":
        throughput(args.messages, args.concurrency, args.sequential, args.latency_ms)
    elif args.command == "memory":
        memory(args.rows)
    else:
        _memory_child(args.rows)


if __name__ == "__main__":
    main()
