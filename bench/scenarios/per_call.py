"""What one sequential create and one fetch cost with each client, in wall time and client
CPU, paired round by round with raw httpx and aiohttp loops (the method: prose.md)."""

from __future__ import annotations

import time
from typing import Any

from bench import clients, figures, profiling
from bench.clients import Subject
from bench.figures import Goal, Section, find, stat, table, times, words
from bench.servers import mock
from bench.settings import Context

NAME, TITLE = "per_call", "1. Per-call cost, sequential"
OPERATIONS = ("create", "fetch")
SYNC, ASYNC, RAW = "sendwire Client", "sendwire AsyncClient", "raw httpx.Client"
AIOHTTP = "raw aiohttp.ClientSession"
Table = dict[tuple[str, str], list[float]]  # (operation, client): microseconds, round by round


def measure(subjects: list[Subject], sids: list[str], rounds: int, log: Any) -> tuple[Table, Table]:
    """Wall and CPU microseconds per call, a block of calls per client, operation and round."""
    wall: Table = {(op, s.name): [] for op in OPERATIONS for s in subjects}
    cpu: Table = {key: [] for key in wall}
    count = len(sids)
    timed = {"create": lambda s: s.time_creates(count), "fetch": lambda s: s.time_fetches(sids)}
    for index in range(rounds):
        for op in OPERATIONS:
            for subject in subjects[index % len(subjects) :] + subjects[: index % len(subjects)]:
                began = time.process_time()
                seconds = timed[op](subject)
                cpu[op, subject.name].append((time.process_time() - began) / count * 1e6)
                wall[op, subject.name].append(seconds / count * 1e6)
        if (index + 1) % max(1, rounds // 5) == 0:
            log(f"round {index + 1}/{rounds} done")
    return wall, cpu


def run(context: Context) -> dict[str, Any]:
    sizes, account = context.sizes, context.account
    with mock(account) as server:
        url, log = server.url, lambda text: context.log("per-call: " + text)
        subjects = [clients.raw_httpx(url, account), clients.raw_httpx_async(url, account)]
        subjects += [clients.raw_aiohttp(url, account)] if clients.FAST else []
        every = [*subjects, *clients.sendwire_subjects(url, account), clients.twilio(url, account)]
        with clients.closing(every):
            sids = clients.sids_to_fetch(url, account, sizes.per_call_calls)
            for subject in every:  # warm connections, imports and caches
                subject.time_creates(sizes.per_call_warmup)
                subject.time_fetches(sids[: sizes.per_call_warmup])
            wall, cpu = measure(every, sids, sizes.per_call_rounds, log)
            result: dict[str, Any] = {"calls_per_run": len(sids), "rounds": sizes.per_call_rounds}
            result["rows"] = [_row(op, name, wall, cpu) for op, name in wall]
            if context.profiles(NAME) and any(g.met is False for g in _goals(result)):
                result["profiles"] = _profile(every, sids)
        return {**result, "mock_command": server.command_shown}


def _row(op: str, name: str, wall: Table, cpu: Table) -> dict[str, Any]:
    key, paired = (op, name), figures.paired
    row = {"operation": op, "client": name, "us_per_call": figures.of(wall[key])}
    row["ratio_to_raw_httpx"] = paired(wall[key], wall[op, RAW])
    row["ratio_to_raw_async"] = paired(wall[key], wall[op, "raw httpx.AsyncClient"])
    row["cpu_us_per_call"] = figures.of(cpu[key])
    row["cpu_ratio_to_raw_httpx"] = paired(cpu[key], cpu[op, RAW])
    if (op, name + " (plain httpx)") in wall:  # what the short way buys, round by round
        row["ratio_to_plain"] = paired(wall[key], wall[op, name + " (plain httpx)"])
    if (op, AIOHTTP) in cpu:
        row["cpu_ratio_to_raw_aiohttp"] = paired(cpu[key], cpu[op, AIOHTTP])
    return {**row, "rounds_us": wall[key], "rounds_cpu_us": cpu[key]}


def _profile(subjects: list[Subject], sids: list[str]) -> list[dict[str, Any]]:
    found = []
    for s in (s for s in subjects if s.name in (SYNC, ASYNC)):
        what = f"{s.name}.messages.%s, sequential (default path)"
        found.append(profiling.in_process(what % "create", lambda s=s: s.time_creates(len(sids))))
        if s.name == SYNC:
            found.append(profiling.in_process(what % "get", lambda s=s: s.time_fetches(sids)))
    return [profile for profile in found if profile is not None]


def _medians(rows: list[dict[str, Any]], client: str, key: str) -> dict[str, float]:
    return {op: find(rows, operation=op, client=client)[key]["median"] for op in OPERATIONS}


def _goals(result: dict[str, Any]) -> list[Goal]:
    rows, profiles = result["rows"], result.get("profiles", [])
    explained = tuple(p for p in profiles if f"{SYNC}." in p["what"])
    speed, cpu = (_medians(rows, SYNC, k) for k in ("ratio_to_raw_httpx", "cpu_ratio_to_raw_httpx"))
    shown = ", ".join(f"{op} {speed[op]:.2f}x (CPU {cpu[op]:.2f}x)" for op in OPERATIONS)
    goals = [Goal("per_call_vs_raw_httpx <= 1.2", shown, max(speed.values()) <= 1.2, explained)]
    ours, theirs = (_medians(rows, client, "us_per_call") for client in (SYNC, "twilio SDK"))
    shown = "; ".join(
        f"{op} {ours[op]:,.0f} vs {theirs[op]:,.0f} us ({ours[op] / theirs[op]:.2f}x)"
        for op in OPERATIONS
    )
    met = all(ours[op] <= theirs[op] for op in OPERATIONS)
    goals.append(Goal("per_call_vs_twilio_sdk <= 1.0", shown, met, explained))
    name = "async_per_call_cpu_vs_raw_aiohttp <= 1.3"
    if not find(rows, client=ASYNC) or not find(rows, client=AIOHTTP):
        return [*goals, Goal(name, "aiohttp is not installed")]
    cpu = _medians(rows, ASYNC, "cpu_ratio_to_raw_aiohttp")
    fast, floor = (_medians(rows, client, "cpu_us_per_call") for client in (ASYNC, AIOHTTP))
    shown = "; ".join(
        f"{op} {cpu[op]:.2f}x ({fast[op]:,.0f} vs {floor[op]:,.0f} us CPU)" for op in OPERATIONS
    )
    explained = tuple(p for p in profiles if ASYNC in p["what"])
    return [*goals, Goal(name, shown, max(cpu.values()) <= 1.3, explained)]


def render(result: dict[str, Any]) -> Section:
    rows = result["rows"]
    lines = [f"## {TITLE}", "", *words(NAME, **result)]
    keys = ["ratio_to_raw_httpx", "ratio_to_raw_async", "ratio_to_plain", "cpu_us_per_call"]
    keys += ["cpu_ratio_to_raw_httpx", "cpu_ratio_to_raw_aiohttp"]
    body = [[r["operation"], r["client"], stat(r["us_per_call"])] for r in rows]
    for cells, r in zip(body, rows):
        cells += [stat(r[k]) if k == "cpu_us_per_call" else times(r.get(k)) for k in keys]
    head = ["Call", "Client", "us/call", "vs raw httpx.Client", "vs raw httpx.AsyncClient"]
    head += ["vs the same on plain httpx", "CPU us/call", "CPU vs raw httpx.Client"]
    lines += table([*head, "CPU vs raw aiohttp"], body)
    return Section(lines, _goals(result))
