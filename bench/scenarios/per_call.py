"""What one sequential create and one fetch cost with each client.

The clients take turns against one mock, in rounds of sequential creates, then as many
fetches (the order rotated every round). Microseconds per call include the server's own time
(the same for every client); the ratios are paired, each client's block to the baseline's
block of the same round, so the machine's drift over the run cancels out: the median of
those ratios, with the lowest and highest round in brackets. The baseline is a raw
`httpx.Client` loop that sends the same requests and decodes the JSON. Async clients run one
call at a time too, so their ratio also shows the event loop's own cost, and is compared with
a raw `httpx.AsyncClient` loop as well. CPU is the client process's own CPU time per call
(the server runs apart), compared with the raw `httpx.Client` loop's and with a raw
`aiohttp.ClientSession` loop's, the cheapest async client measured. `sendwire Client` takes
its short way (plain calls straight to httpx's transport) and `sendwire AsyncClient` its fast
path (aiohttp under httpx, with `sendwire[fast]`); the rows marked plain httpx run with
`SENDWIRE_HTTP=httpx`, which turns both off, so each short way's gain is the difference.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from bench import profiling
from bench.clients import (
    FORM,
    Subject,
    fast_available,
    raw_aiohttp,
    raw_httpx,
    raw_httpx_async,
    rotate,
    sendwire_subjects,
    twilio,
)
from bench.context import Context
from bench.markdown import Goal, Section, find, paragraph, prose, stat, table, times
from bench.servers import Account, MockServer
from bench.stats import Stat, paired

NAME = "per_call"
TITLE = "1. Per-call cost, sequential"
GOALS = {
    "per_call_vs_raw_httpx <= 1.2": "sendwire Client per call (create and fetch) within 1.2x "
    "of a raw httpx.Client loop",
    "per_call_vs_twilio_sdk <= 1.0": "sendwire Client per call (create and fetch) no slower "
    "than the official twilio SDK",
    "async_per_call_cpu_vs_raw_aiohttp <= 1.3": "sendwire AsyncClient per call (create and "
    "fetch): client CPU within 1.3x of a raw aiohttp loop's",
}
OPERATIONS = ("create", "fetch")
SYNC, ASYNC = "sendwire Client", "sendwire AsyncClient"
RAW, AIOHTTP = "raw httpx.Client", "raw aiohttp.ClientSession"
Table = dict[tuple[str, str], list[float]]  # (operation, client): microseconds, round by round


def sids_to_fetch(url: str, account: Account, count: int) -> list[str]:
    """`count` SIDs to fetch in turn, from at most 200 messages created up front."""
    with httpx.Client(base_url=url, auth=(account.sid, account.token), timeout=30) as client:
        post = lambda: client.post(account.messages_path, data=FORM)
        made = [post().raise_for_status().json()["sid"] for _ in range(min(200, count))]
    return [made[i % len(made)] for i in range(count)]


def measure(subjects: list[Subject], sids: list[str], rounds: int, log: Any) -> tuple[Table, Table]:
    """Wall and CPU microseconds per call, a block of calls per client, operation and round."""
    wall: Table = {(op, s.name): [] for op in OPERATIONS for s in subjects}
    cpu: Table = {key: [] for key in wall}
    calls = len(sids)
    for index in range(rounds):
        for op in OPERATIONS:
            for subject in rotate(subjects, index):
                began = time.process_time()
                if op == "create":
                    seconds = subject.time_creates(calls)
                else:
                    seconds = subject.time_fetches(sids)
                cpu[op, subject.name].append((time.process_time() - began) / calls * 1e6)
                wall[op, subject.name].append(seconds / calls * 1e6)
        if (index + 1) % max(1, rounds // 5) == 0:
            log(f"round {index + 1}/{rounds} done")
    return wall, cpu


def run(context: Context) -> dict[str, Any]:
    sizes, account = context.sizes, context.account
    with MockServer(account) as mock:
        subjects = [raw_httpx(mock.url, account), raw_httpx_async(mock.url, account)]
        subjects += [raw_aiohttp(mock.url, account)] if fast_available() else []
        subjects += [*sendwire_subjects(mock.url, account), twilio(mock.url, account)]
        try:
            sids = sids_to_fetch(mock.url, account, sizes.per_call_calls)
            for subject in subjects:  # warm connections, imports and caches
                subject.time_creates(sizes.per_call_warmup)
                subject.time_fetches(sids[: sizes.per_call_warmup])
            log = lambda text: context.log("per-call: " + text)
            wall, cpu = measure(subjects, sids, sizes.per_call_rounds, log)
            result = {"calls_per_run": len(sids), "rounds": sizes.per_call_rounds}
            result["rows"] = [_row(op, name, wall, cpu) for op, name in wall]
            if context.profiles(NAME) and any(g.met is False for g in _goals(result)):
                result["profiles"] = _profile(subjects, sids)
        finally:
            for subject in subjects:
                subject.close()
    return {**result, "mock_command": mock.command_shown}


def _row(op: str, name: str, wall: Table, cpu: Table) -> dict[str, Any]:
    key = op, name
    row = {"operation": op, "client": name, "us_per_call": Stat.of(wall[key]).to_json()}
    row["cpu_us_per_call"] = Stat.of(cpu[key]).to_json()
    row["ratio_to_raw_httpx"] = paired(wall[key], wall[op, RAW]).to_json()
    row["ratio_to_raw_async"] = paired(wall[key], wall[op, "raw httpx.AsyncClient"]).to_json()
    row["cpu_ratio_to_raw_httpx"] = paired(cpu[key], cpu[op, RAW]).to_json()
    if (op, AIOHTTP) in cpu:
        row["cpu_ratio_to_raw_aiohttp"] = paired(cpu[key], cpu[op, AIOHTTP]).to_json()
    return {**row, "rounds_us": wall[key], "rounds_cpu_us": cpu[key]}


def _profile(subjects: list[Subject], sids: list[str]) -> list[dict[str, Any]]:
    found = []
    for subject in subjects:
        if subject.name == SYNC:
            what = f"{SYNC}.messages.%s, sequential"
            found.append(profiling.in_process(what % "get", lambda: subject.time_fetches(sids)))
        if subject.name in (SYNC, ASYNC):
            what = f"{subject.name}.messages.create, sequential (default path)"
            found.append(profiling.in_process(what, lambda: subject.time_creates(len(sids))))
    return [profile for profile in found if profile is not None]


def _goals(result: dict[str, Any]) -> list[Goal]:
    rows, profiles, names = result["rows"], result.get("profiles", []), list(GOALS)
    sync = {op: find(rows, operation=op, client=SYNC) or {} for op in OPERATIONS}
    sdk = {op: find(rows, operation=op, client="twilio SDK") or {} for op in OPERATIONS}
    ours = {op: sync[op]["us_per_call"]["median"] for op in OPERATIONS}
    theirs = {op: sdk[op]["us_per_call"]["median"] for op in OPERATIONS}
    explained = tuple(p for p in profiles if f"{SYNC}." in p["what"])
    shown = ", ".join(
        f"{op} {times(r['ratio_to_raw_httpx'])} (CPU {times(r['cpu_ratio_to_raw_httpx'])})"
        for op, r in sync.items()
    )
    met = all(r["ratio_to_raw_httpx"]["median"] <= 1.2 for r in sync.values())
    goals = [Goal(names[0], GOALS[names[0]], shown, met, explained)]
    shown = "; ".join(
        f"{op} {ours[op]:,.0f} vs {theirs[op]:,.0f} us ({ours[op] / theirs[op]:.2f}x)"
        for op in OPERATIONS
    )
    met = all(ours[op] <= theirs[op] for op in OPERATIONS)
    goals.append(Goal(names[1], GOALS[names[1]], shown, met, explained))
    fast = {op: find(rows, operation=op, client=ASYNC) for op in OPERATIONS}
    floor = {op: find(rows, operation=op, client=AIOHTTP) for op in OPERATIONS}
    if not all(fast.values()) or not all(floor.values()):
        return [*goals, Goal(names[2], GOALS[names[2]], "aiohttp is not installed")]
    cpu = {op: fast[op]["cpu_ratio_to_raw_aiohttp"]["median"] for op in OPERATIONS}  # type: ignore[index]
    shown = "; ".join(
        f"{op} {cpu[op]:.2f}x ({fast[op]['cpu_us_per_call']['median']:,.0f} vs "  # type: ignore[index]
        f"{floor[op]['cpu_us_per_call']['median']:,.0f} us CPU)"  # type: ignore[index]
        for op in OPERATIONS
    )
    explained = tuple(p for p in profiles if ASYNC in p["what"])
    met = all(value <= 1.3 for value in cpu.values())
    return [*goals, Goal(names[2], GOALS[names[2]], shown, met, explained)]


def render(result: dict[str, Any]) -> Section:
    rows = result["rows"]
    lines = [f"## {TITLE}", "", *prose(__doc__)]
    lines += paragraph(f"{result['rounds']:,} rounds of {result['calls_per_run']:,} calls each.")
    head = ["Call", "Client", "us/call", "vs raw httpx.Client", "vs raw httpx.AsyncClient"]
    head += ["CPU us/call", "CPU vs raw httpx.Client", "CPU vs raw aiohttp"]
    keys = ["ratio_to_raw_httpx", "ratio_to_raw_async", "cpu_us_per_call"]
    keys += ["cpu_ratio_to_raw_httpx", "cpu_ratio_to_raw_aiohttp"]
    body = [[r["operation"], r["client"], stat(r["us_per_call"])] for r in rows]
    for cells, r in zip(body, rows):
        cells += [stat(r[k]) if k == "cpu_us_per_call" else times(r.get(k)) for k in keys]
    lines += table(head, body)
    short_ways = []
    for r in rows:
        plain = find(rows, operation=r["operation"], client=r["client"] + " (plain httpx)")
        if plain and r["client"] in (SYNC, ASYNC):
            cells = [
                r["operation"],
                r["client"],
                stat(r["us_per_call"]),
                stat(plain["us_per_call"]),
            ]
            cells.append(times(paired(r["rounds_us"], plain["rounds_us"]).to_json()))
            short_ways.append(
                [*cells, times(paired(r["rounds_cpu_us"], plain["rounds_cpu_us"]).to_json())]
            )
    if short_ways:
        lines += ["### What each short way buys", ""]
        lines += paragraph(
            "The same calls with the short way (default) and without it (`SENDWIRE_HTTP=httpx`),"
            " paired round by round: below 1.00x the short way is the cheaper."
        )
        head = ["Call", "Client", "us/call, default", "us/call, plain httpx"]
        lines += table([*head, "time, default / plain", "CPU, default / plain"], short_ways)
    shown = [c for c in dict.fromkeys(r["client"] for r in rows) if not c.startswith("raw")]
    series = {
        op: [(find(rows, operation=op, client=c) or {}).get("ratio_to_raw_httpx") for c in shown]
        for op in OPERATIONS
    }
    labels = [c.replace("sendwire ", "").replace(" (", "\n(") for c in shown]
    title = "Per-call time / raw httpx.Client (lower is better)"
    panel = {"title": title, "labels": labels, "series": series, "ylabel": "ratio", "goal": 1.2}
    return Section(lines, _goals(result), [panel])
