"""Scenario 1: what one sequential create and one fetch cost with each client.

Two figures per call: the wall time (the server's own time included, the same for every
client) and the client process's CPU time, which is what the client itself costs.

The clients take turns in many short rounds (a block of calls each, the order rotated
every round), and every ratio is paired: a client's block against the baseline's block of
the same round, a second or two apart. This machine's speed drifts by tens of percent over
a minute; two figures taken that close see the same drift, so the median of the paired
ratios stays put where a ratio of two medians taken minutes apart would not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from bench import profiling
from bench.context import Context
from bench.servers import Account, MockServer
from bench.stats import Stat
from bench.subjects import (
    FROM,
    TO,
    RawAiohttp,
    SendwireAsync,
    SendwireSync,
    Subject,
    per_call_subjects,
    rotate,
)

NAME = "per_call"
TITLE = "Per-call cost, sequential"
POOL = 200  # messages fetched round-robin


def run(context: Context) -> dict[str, Any]:
    sizes = context.sizes
    calls, warmup, rounds = sizes.per_call_calls, sizes.per_call_warmup, sizes.per_call_rounds
    with MockServer(context.account) as mock:
        context.log(f"per-call: mock at {mock.url}")
        subjects: list[Subject] = [make(mock.url, context.account) for make in per_call_subjects()]
        try:
            pool = _pool(mock.url, context.account, min(POOL, calls))
            sids = [pool[i % len(pool)] for i in range(calls)]
            for subject in subjects:  # warm connections, imports and caches
                subject.time_creates(warmup)
                subject.time_fetches(sids[:warmup])
            wall: Table = {(op, s.name): [] for op in ("create", "fetch") for s in subjects}
            cpu: Table = {key: [] for key in wall}
            for round_index in range(rounds):
                for op in ("create", "fetch"):
                    for subject in rotate(subjects, round_index):
                        work = (
                            (lambda s=subject: s.time_creates(calls))
                            if op == "create"
                            else (lambda s=subject: s.time_fetches(sids))
                        )
                        seconds, cpu_seconds = _timed(work)
                        wall[op, subject.name].append(seconds / calls * 1e6)
                        cpu[op, subject.name].append(cpu_seconds / calls * 1e6)
                if (round_index + 1) % max(1, rounds // 5) == 0 or round_index + 1 == rounds:
                    context.log(f"per-call: round {round_index + 1}/{rounds} done")
            result = _summarise(wall, cpu, calls, rounds)
            if context.profiles(NAME) and _misses(result):
                result["profiles"] = _profile(subjects, sids)
        finally:
            for subject in subjects:
                subject.close()
        result["mock_command"] = mock.command_shown
    return result


def _pool(url: str, account: Account, count: int) -> list[str]:
    """Messages to fetch, created once up front."""
    sids = []
    with httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=30) as client:
        for _ in range(count):
            response = client.post(
                account.messages_path, data={"To": TO, "From": FROM, "Body": "to be fetched"}
            )
            response.raise_for_status()
            sids.append(response.json()["sid"])
    return sids


BASELINE = "raw httpx.Client"
ASYNC_BASELINE = "raw httpx.AsyncClient"


Table = dict[tuple[str, str], list[float]]


def _timed(work: Callable[..., float]) -> tuple[float, float]:
    """(wall seconds the subject timed, CPU seconds this process spent meanwhile)."""
    started = time.process_time()
    seconds = work()
    return seconds, time.process_time() - started


def paired(values: list[float], baseline: list[float]) -> Stat:
    """The ratios of two figures measured round by round, each to its own round's baseline."""
    return Stat.of(a / b for a, b in zip(values, baseline, strict=True) if b)


def _summarise(wall: Table, cpu: Table, calls: int, rounds: int) -> dict[str, Any]:
    rows = []
    for (operation, name), values in wall.items():
        cpu_values = cpu[operation, name]
        row = {
            "operation": operation,
            "client": name,
            "us_per_call": Stat.of(values).to_json(),
            "cpu_us_per_call": Stat.of(cpu_values).to_json(),
            "ratio_to_raw_httpx": paired(values, wall[operation, BASELINE]).to_json(),
            "ratio_to_raw_async": paired(values, wall[operation, ASYNC_BASELINE]).to_json(),
            "cpu_ratio_to_raw_httpx": paired(cpu_values, cpu[operation, BASELINE]).to_json(),
        }
        if (operation, RawAiohttp.name) in cpu:
            floor = cpu[operation, RawAiohttp.name]
            row["cpu_ratio_to_raw_aiohttp"] = paired(cpu_values, floor).to_json()
        rows.append(row)
    return {"calls_per_run": calls, "rounds": rounds, "rows": rows}


def lookup(result: dict[str, Any], operation: str, client: str) -> dict[str, Any]:
    for row in result["rows"]:
        if row["operation"] == operation and row["client"] == client:
            found: dict[str, Any] = row
            return found
    raise KeyError((operation, client))


def _misses(result: dict[str, Any]) -> bool:
    for operation in ("create", "fetch"):
        sync = lookup(result, operation, SendwireSync.name)
        twilio = lookup(result, operation, "twilio SDK")
        if sync["ratio_to_raw_httpx"]["median"] > 1.2:
            return True
        if sync["us_per_call"]["median"] > twilio["us_per_call"]["median"]:
            return True
        async_row = _find(result, operation, SendwireAsync.name)
        if async_row and async_row.get("cpu_ratio_to_raw_aiohttp", {}).get("median", 0) > 1.3:
            return True
    return False


def _find(result: dict[str, Any], operation: str, client: str) -> dict[str, Any] | None:
    try:
        return lookup(result, operation, client)
    except KeyError:
        return None


def _profile(subjects: list[Subject], sids: list[str]) -> list[dict[str, Any]]:
    sync = next(s for s in subjects if s.name == SendwireSync.name)
    work_items: list[tuple[str, Callable[[], object]]] = [
        ("sendwire Client.messages.create, sequential", lambda: sync.time_creates(len(sids))),
        ("sendwire Client.messages.get, sequential", lambda: sync.time_fetches(sids)),
    ]
    fast = next((s for s in subjects if s.name == SendwireAsync.name), None)
    if fast is not None:
        work_items.append(
            (
                "sendwire AsyncClient.messages.create, sequential (fast path)",
                lambda: fast.time_creates(len(sids)),
            )
        )
    profiles = []
    for what, work in work_items:
        found = profiling.in_process(what, work)
        if found is not None:
            profiles.append(found.to_json())
    return profiles
