"""Many clients at once against one mock process: creates that all land, and racing changes.

Half the clients are `Client`s in their own threads, half `AsyncClient`s sharing one event
loop, so both shells and the server's connection handling are exercised together.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from reliability_helpers import (
    SENDER,
    assert_api_error,
    assert_schema_valid,
    create,
    duplicates,
    figures,
    http_for,
    list_all,
    messages_path,
    mock_process,
    quick_and_full,
)

from sendwire import AsyncClient, Client

CLIENTS = 32


def recipient(client: int) -> str:
    return f"+1555{client:07d}"


def body(client: int, index: int) -> str:
    return f"c{client}-{index}"


def sync_client_creates(server: Any, client_number: int, count: int) -> list[str]:
    with Client(server.account_sid, server.auth_token, base_url=server.url) as client:
        return [
            client.messages.create(
                to=recipient(client_number), from_=SENDER, body=body(client_number, i)
            ).sid
            for i in range(count)
        ]


async def async_clients_create(server: Any, numbers: range, count: int) -> list[list[str]]:
    async def one(client_number: int) -> list[str]:
        async with AsyncClient(server.account_sid, server.auth_token, base_url=server.url) as c:
            sids = []
            for i in range(count):
                message = await c.messages.create(
                    to=recipient(client_number), from_=SENDER, body=body(client_number, i)
                )
                sids.append(message.sid)
            return sids

    return list(await asyncio.gather(*(one(n) for n in numbers)))


@pytest.mark.usefixtures("http_path")  # on both HTTP paths
@pytest.mark.parametrize("per_client", quick_and_full(20, 300))
def test_concurrent_clients_create_distinct_messages_and_counts_are_exact(
    per_client: int,
) -> None:
    half = CLIENTS // 2
    with mock_process() as (_, server):
        with ThreadPoolExecutor(half + 1) as pool:
            threaded = [
                pool.submit(sync_client_creates, server, n, per_client) for n in range(half)
            ]
            in_loop = pool.submit(
                asyncio.run, async_clients_create(server, range(half, CLIENTS), per_client)
            )
            sids_by_client = [f.result() for f in threaded] + in_loop.result()
        stored_count = server.stats()["messages"]
        with http_for(server) as http:
            listed = list_all(http, server.account_sid)
            per_recipient = {
                n: len(list_all(http, server.account_sid, To=recipient(n))) for n in range(CLIENTS)
            }

    total = CLIENTS * per_client
    acknowledged = [sid for sids in sids_by_client for sid in sids]
    figures(
        "concurrent creates",
        clients=CLIENTS,
        per_client=per_client,
        acknowledged=len(acknowledged),
        distinct=len(set(acknowledged)),
        stored=stored_count,
        listed=len(listed),
    )
    assert len(acknowledged) == total
    assert duplicates(acknowledged) == {}
    assert stored_count == total
    assert {m["sid"] for m in listed} == set(acknowledged)
    assert len(listed) == total
    assert Counter(m["body"] for m in listed) == Counter(
        {body(n, i): 1 for n in range(CLIENTS) for i in range(per_client)}
    )
    assert per_recipient == {n: per_client for n in range(CLIENTS)}


RACE_MESSAGES = 60
RACE_WORKERS = 12
RACE_OPERATIONS = 150


def test_concurrent_redact_delete_and_fetch_never_fail_or_show_half_a_change() -> None:
    """Workers fetch, redact, delete and list the same messages at once. Every answer is a
    success or a clean 404, and every message seen is complete and valid, with its body
    either as sent or redacted."""
    with mock_process() as (_, server):
        with http_for(server) as http:
            originals = {
                m["sid"]: m["body"]
                for m in (
                    create(http, server.account_sid, Body=f"race-{i}", To=recipient(i % 5))
                    for i in range(RACE_MESSAGES)
                )
            }
        sids = sorted(originals)
        problems: list[str] = []
        statuses: Counter[tuple[str, int]] = Counter()
        lock = threading.Lock()

        def check_message(message: dict[str, Any]) -> None:
            assert_schema_valid("Message", message)
            assert message["body"] in (originals[message["sid"]], ""), message

        def worker(seed: int) -> None:
            rng = random.Random(seed)
            with http_for(server) as http:
                for _ in range(RACE_OPERATIONS):
                    sid = rng.choice(sids)
                    operation = rng.choices(
                        ["fetch", "redact", "delete", "list"], weights=[5, 3, 1, 1]
                    )[0]
                    path = messages_path(server.account_sid, sid)
                    try:
                        response = _race_call(http, operation, path, server.account_sid)
                        with lock:
                            statuses[(operation, response.status_code)] += 1
                        if response.status_code == 404:
                            assert_api_error(response, 404)
                        elif operation == "delete":
                            assert response.status_code == 204, response.text
                        elif operation == "list":
                            assert response.status_code == 200, response.text
                            for message in response.json()["messages"]:
                                check_message(message)
                        else:
                            assert response.status_code == 200, response.text
                            check_message(response.json())
                            if operation == "redact":
                                assert response.json()["body"] == ""
                    except AssertionError as exc:
                        with lock:
                            problems.append(f"{operation} {sid}: {exc}")

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(RACE_WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        with http_for(server) as http:
            remaining = {m["sid"]: m for m in list_all(http, server.account_sid)}
            for sid in sids:
                response = http.get(messages_path(server.account_sid, sid))
                if sid in remaining:
                    assert response.status_code == 200
                    check_message(response.json())
                else:
                    assert_api_error(response, 404)

    figures("racing changes", answers=dict(sorted(statuses.items())), problems=len(problems))
    assert problems == []
    assert not any(status >= 500 for _, status in statuses)
    # The race really happened: messages were deleted under the other workers' feet.
    assert statuses[("delete", 204)] >= 1
    assert any(status == 404 for (op, status) in statuses if op != "delete")
    for message in remaining.values():
        check_message(message)


def _race_call(http: httpx.Client, operation: str, path: str, account: str) -> httpx.Response:
    if operation == "fetch":
        return http.get(path)
    if operation == "redact":
        return http.post(path, data={"Body": ""})
    if operation == "delete":
        return http.delete(path)
    return http.get(messages_path(account), params={"PageSize": 20})
