"""Scenario 1: what one sequential create and one fetch cost with each client."""

from __future__ import annotations

from typing import Any

import httpx

from bench import profiling
from bench.context import Context
from bench.servers import Account, MockServer
from bench.stats import Stat, ratio
from bench.subjects import FROM, PER_CALL_SUBJECTS, TO, SendwireSync, Subject, rotate

NAME = "per_call"
TITLE = "Per-call cost, sequential"
POOL = 200  # messages fetched round-robin


def run(context: Context) -> dict[str, Any]:
    sizes = context.sizes
    calls, warmup = sizes.per_call_calls, sizes.per_call_warmup
    with MockServer(context.account) as mock:
        context.log(f"per-call: mock at {mock.url}")
        subjects: list[Subject] = [make(mock.url, context.account) for make in PER_CALL_SUBJECTS]
        try:
            pool = _pool(mock.url, context.account, min(POOL, calls))
            sids = [pool[i % len(pool)] for i in range(calls)]
            for subject in subjects:  # warm connections, imports and caches
                subject.time_creates(warmup)
                subject.time_fetches(sids[:warmup])
            create: dict[str, list[float]] = {s.name: [] for s in subjects}
            fetch: dict[str, list[float]] = {s.name: [] for s in subjects}
            for run_index in range(sizes.runs):
                for subject in rotate(subjects, run_index):
                    create[subject.name].append(subject.time_creates(calls) / calls * 1e6)
                    fetch[subject.name].append(subject.time_fetches(sids) / calls * 1e6)
                context.log(f"per-call: run {run_index + 1}/{sizes.runs} done")
            result = _summarise(create, fetch, calls)
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


def _summarise(
    create: dict[str, list[float]], fetch: dict[str, list[float]], calls: int
) -> dict[str, Any]:
    rows = []
    for operation, table in (("create", create), ("fetch", fetch)):
        base = Stat.of(table[BASELINE])
        async_base = Stat.of(table[ASYNC_BASELINE])
        for name, values in table.items():
            stat = Stat.of(values)
            rows.append(
                {
                    "operation": operation,
                    "client": name,
                    "us_per_call": stat.to_json(),
                    "ratio_to_raw_httpx": ratio(stat, base).to_json(),
                    "ratio_to_raw_async": ratio(stat, async_base).to_json(),
                }
            )
    return {"calls_per_run": calls, "rows": rows}


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
    return False


def _profile(subjects: list[Subject], sids: list[str]) -> list[dict[str, Any]]:
    sync = next(s for s in subjects if s.name == SendwireSync.name)
    profiles = []
    for what, work in (
        ("sendwire Client.messages.create, sequential", lambda: sync.time_creates(len(sids))),
        ("sendwire Client.messages.get, sequential", lambda: sync.time_fetches(sids)),
    ):
        found = profiling.in_process(what, work)
        if found is not None:
            profiles.append(found.to_json())
    return profiles
