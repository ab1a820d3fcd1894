"""Crashes: processes killed with SIGKILL (no clean-up at all) at seeded random points.

* The bulk CLI is killed three times during one run, under injected faults, and resumed from
  its journal each time with the same command: in the end every row is stored exactly once.
* The mock itself, keeping state in a SQLite file, is killed while several clients write to
  it: after a restart every create (and every redaction) it acknowledged is there, complete,
  and the database passes SQLite's integrity check.
"""

from __future__ import annotations

import asyncio
import csv
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from reliability_helpers import (
    SENDER,
    cli_env,
    figures,
    http_for,
    integrity,
    list_all,
    messages_path,
    mock_process,
    new_account,
    quick_and_full,
)

from sendwire.testing import MockProcess, MockServer

SEED = 31337
CLI_FAULTS = "429=0.02,503=0.02,reset=0.02,reset_after_commit=0.04,retry_after=0"
KILLS = 3


def write_campaign(path: Path, rows: int) -> Counter[tuple[str, str]]:
    wanted = [(f"+1555{i % 211:07d}", f"row-{i}") for i in range(rows)]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["to", "body"])
        writer.writerows(wanted)
    return Counter(wanted)


def start_cli(server: MockServer, workdir: Path, run: int) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "sendwire", "bulk", "send", "campaign.csv"]
    argv += ["--from", SENDER, "--no-progress"]
    with (
        (workdir / f"run{run}.out").open("wb") as out,
        (workdir / f"run{run}.err").open("wb") as err,
    ):
        return subprocess.Popen(argv, cwd=workdir, env=cli_env(server), stdout=out, stderr=err)


def wait_for_stored(process: subprocess.Popen[bytes], server: MockServer, target: int) -> None:
    deadline = time.monotonic() + 180
    while server.stats()["messages"] < target:
        assert process.poll() is None, "the run ended before the planned kill"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.01)


def stored_rows(server: MockServer) -> Counter[tuple[str, str]]:
    with http_for(server) as http:
        return Counter((m["to"], m["body"]) for m in list_all(http, server.account_sid))


@pytest.mark.usefixtures("http_path")  # on both HTTP paths
@pytest.mark.parametrize("rows", quick_and_full(600, 3000))
def test_bulk_cli_killed_three_times_then_resumed_sends_each_row_exactly_once(
    rows: int, tmp_path: Path
) -> None:
    rng = random.Random(SEED + rows)
    wanted = write_campaign(tmp_path / "campaign.csv", rows)
    # Three kill points, each after the run has stored more messages than at the last kill.
    kill_at = sorted(rng.sample(range(rows // 10, rows * 9 // 10), KILLS))
    journal = tmp_path / "campaign.journal"
    with mock_process(faults=CLI_FAULTS, seed=SEED) as (_, server):
        for run, target in enumerate(kill_at):
            process = start_cli(server, tmp_path, run)
            try:
                wait_for_stored(process, server, target)
                assert journal.exists()
                process.send_signal(signal.SIGKILL)
            finally:
                process.wait(timeout=30)
            assert process.returncode == -signal.SIGKILL
        final = start_cli(server, tmp_path, KILLS)
        assert final.wait(timeout=300) == 0, (tmp_path / f"run{KILLS}.err").read_text()
        server.set_faults("")
        stored = stored_rows(server)
        stats = server.stats()

    figures(
        "bulk CLI killed",
        rows=rows,
        kills=len(kill_at),
        killed_after_stored=kill_at,
        stored=stats["messages"],
        duplicates=sum(n - 1 for n in stored.values() if n > 1),
        missing=sum((wanted - stored).values()),
        create_answers=stats["requests"]["CreateMessage"],
    )
    assert f"Resuming {rows} rows" in (tmp_path / f"run{KILLS}.out").read_text()
    assert stored == wanted, (kill_at, stored - wanted, wanted - stored)
    assert stats["messages"] == rows
    with (tmp_path / "campaign.results.csv").open(newline="") as handle:
        results = list(csv.DictReader(handle))
    assert [int(r["index"]) for r in results] == list(range(rows))
    assert all(r["sid"] and not r["error_code"] for r in results)
    assert len({r["sid"] for r in results}) == rows
    # The faults really hit the runs, the dropped-after-commit kind included.
    assert stats["requests"]["CreateMessage"].get("reset_after_commit", 0) >= 1


# -- the mock killed during concurrent writes --------------------------------------------------

SYNC_WRITERS = 4
ASYNC_WRITERS = 8
ACKNOWLEDGED_BEFORE_KILL = 600


class Acknowledged:
    """What the server confirmed, recorded by the writers as the answers arrive."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.creates: dict[str, dict[str, Any]] = {}
        self.redacted: set[str] = set()
        self.refused: list[str] = []  # answers other than success: there should be none
        self.enough = threading.Event()

    def created(self, message: dict[str, Any]) -> None:
        with self.lock:
            self.creates[message["sid"]] = message
            if len(self.creates) >= ACKNOWLEDGED_BEFORE_KILL:
                self.enough.set()


def form(writer: int, index: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "To": f"+1555{writer:07d}",
        "From": SENDER,
        "Body": f"w{writer}-{index}",
    }
    if index % 3 == 0:  # an MMS: the message and its media are written in one transaction
        data["MediaUrl"] = [f"https://example.com/{writer}/{index}/{n}.png" for n in range(3)]
    return data


def _record(ack: Acknowledged, writer: int, index: int, response: httpx.Response) -> None:
    if response.status_code != 201:
        with ack.lock:
            ack.refused.append(f"w{writer}-{index}: {response.status_code} {response.text[:200]}")
        return
    ack.created(response.json())


def sync_writer(server: MockServer, ack: Acknowledged, writer: int) -> None:
    with http_for(server) as http:
        index = 0
        while True:
            try:
                response = http.post(messages_path(server.account_sid), data=form(writer, index))
                _record(ack, writer, index, response)
                if index % 5 == 4 and response.status_code == 201:  # redact what it just sent
                    sid = response.json()["sid"]
                    redact = http.post(messages_path(server.account_sid, sid), data={"Body": ""})
                    with ack.lock:
                        if redact.status_code == 200:
                            ack.redacted.add(sid)
                        else:
                            ack.refused.append(f"redact {sid}: {redact.status_code}")
            except httpx.TransportError:
                return  # the server is gone
            index += 1


async def async_writers(server: MockServer, ack: Acknowledged) -> None:
    async def one(writer: int, http: httpx.AsyncClient) -> None:
        index = 0
        while True:
            try:
                data = form(writer, index)
                response = await http.post(messages_path(server.account_sid), data=data)
            except httpx.TransportError:
                return
            _record(ack, writer, index, response)
            index += 1

    async with httpx.AsyncClient(base_url=server.url, auth=server.auth, timeout=30) as http:
        writers = range(SYNC_WRITERS, SYNC_WRITERS + ASYNC_WRITERS)
        await asyncio.gather(*(one(n, http) for n in writers))


def test_mock_killed_during_concurrent_writes_keeps_every_acknowledged_write(
    tmp_path: Path,
) -> None:
    db = tmp_path / "mock.sqlite"
    account = new_account()
    process = MockProcess(account=account, db=db, step_seconds=0)
    server = process.start()
    ack = Acknowledged()
    threads = [
        threading.Thread(target=sync_writer, args=(server, ack, n)) for n in range(SYNC_WRITERS)
    ]
    threads.append(threading.Thread(target=asyncio.run, args=(async_writers(server, ack),)))
    for thread in threads:
        thread.start()
    try:
        assert ack.enough.wait(120), "the writers made no progress"
    finally:
        process.kill()  # while every writer is still writing
        for thread in threads:
            thread.join(30)
    assert process.process is not None and process.process.returncode == -signal.SIGKILL
    assert not any(thread.is_alive() for thread in threads)
    assert ack.refused == []

    assert integrity(db) == "ok"
    with mock_process(account=account, db=db) as (_, restarted), http_for(restarted) as http:
        listed = {m["sid"]: m for m in list_all(http, account[0])}
        media_counts = {
            sid: len(
                http.get(
                    messages_path(account[0], sid).removesuffix(".json") + "/Media.json"
                ).json()["media_list"]
            )
            for sid, message in ack.creates.items()
            if message["num_media"] != "0"
        }
    assert integrity(db) == "ok"

    missing = set(ack.creates) - set(listed)
    figures(
        "mock killed",
        acknowledged_creates=len(ack.creates),
        acknowledged_redactions=len(ack.redacted),
        stored_after_restart=len(listed),
        lost=len(missing),
        integrity=integrity(db),
    )
    assert missing == set(), f"{len(missing)} acknowledged creates lost"
    for sid, created in ack.creates.items():
        stored = listed[sid]
        expected_body = "" if sid in ack.redacted else created["body"]
        assert (stored["to"], stored["from"], stored["body"], stored["num_media"]) == (
            created["to"],
            created["from"],
            expected_body,
            created["num_media"],
        )
    assert all(count == 3 for count in media_counts.values()), media_counts
    assert ack.redacted, "no redaction was acknowledged before the kill"
