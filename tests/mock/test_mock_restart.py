"""A `--db` mock stopped (SIGTERM) or killed (SIGKILL) and started again loses nothing it
acknowledged: status callbacks still due go out, in order, and the clock keeps its offset."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from mock_helpers import Receiver

from sendwire.testing import MockProcess, MockServer

ACCOUNT = ("AC" + "4" * 32, "restart-test-token")
STEP = 60
TIMELINE = ["queued", "sending", "sent", "delivered"]
MESSAGES = 20


@pytest.fixture
def slow_receiver() -> Iterator[Receiver]:
    # Slow enough that most callbacks are still in flight or due when the mock is stopped.
    server = Receiver(delay=0.3)
    yield server
    server.close()


def api(server: MockServer) -> httpx.Client:
    base = f"{server.url}/2010-04-01/Accounts/{server.account_sid}"
    return httpx.Client(base_url=base, auth=server.auth, timeout=10.0)


def statuses_by_message(receiver: Receiver) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for call in list(receiver.received):
        if "MessageStatus" not in call.form:
            continue  # cut off half-way by the kill: the receiver would answer 400
        seen.setdefault(call.form["MessageSid"], []).append(call.form["MessageStatus"])
    return seen


def wait_for_distinct(receiver: Receiver, count: int) -> None:
    """Until `count` different (message, status) callbacks have arrived (resends allowed)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        pairs = {(sid, s) for sid, got in statuses_by_message(receiver).items() for s in got}
        if len(pairs) >= count:
            return
        time.sleep(0.05)
    seen = statuses_by_message(receiver)
    raise AssertionError(f"expected {count} distinct callbacks, got {len(pairs)}: {seen}")


def assert_in_order_and_complete(receiver: Receiver, sids: list[str], through: int) -> None:
    """Each message got every status up to `through`, never one after a later one."""
    seen = statuses_by_message(receiver)
    for sid in sids:
        got = [TIMELINE.index(status) for status in seen.get(sid, [])]
        assert got == sorted(got), (sid, seen.get(sid))  # a resend repeats, never goes back
        assert sorted(set(got)) == list(range(through + 1)), (sid, seen.get(sid))


@pytest.mark.parametrize("stop", ["terminate", "kill"])
def test_callbacks_due_and_the_clock_survive_a_restart(
    stop: str, tmp_path: Path, slow_receiver: Receiver
) -> None:
    db = tmp_path / "mock.sqlite"
    first = MockProcess(account=ACCOUNT, db=db, step_seconds=STEP)
    server = first.start()
    try:
        with api(server) as client:
            sids = []
            for index in range(MESSAGES):
                created = client.post(
                    "/Messages.json",
                    data={
                        "To": f"+1555867{index:04d}",
                        "From": "+15557122661",
                        "Body": "durable",
                        "StatusCallback": f"{slow_receiver.url}/cb",
                    },
                )
                assert created.status_code == 201
                sids.append(created.json()["sid"])
        server.advance(STEP + 30)  # `sending` is due for every message
    finally:
        getattr(first, stop)()
    before_restart = len(slow_receiver.received)
    assert before_restart < 2 * MESSAGES  # something was still pending when it stopped

    second = MockProcess(account=ACCOUNT, db=db, step_seconds=STEP)
    server = second.start()
    try:
        assert server.clock()["offset_seconds"] == STEP + 30
        with api(server) as client:
            for sid in sids:
                assert client.get(f"/Messages/{sid}.json").json()["status"] == "sending"
        wait_for_distinct(slow_receiver, 2 * MESSAGES)
        assert_in_order_and_complete(slow_receiver, sids, through=1)
        server.advance(3 * STEP)
        try:
            wait_for_distinct(slow_receiver, 4 * MESSAGES)
        except AssertionError:
            print("STATS", server.stats())
            raise
        assert_in_order_and_complete(slow_receiver, sids, through=3)
        with api(server) as client:
            for sid in sids:
                assert client.get(f"/Messages/{sid}.json").json()["status"] == "delivered"
    finally:
        second.terminate()


def test_a_reset_clock_is_also_kept(tmp_path: Path) -> None:
    db = tmp_path / "mock.sqlite"
    with MockProcess(account=ACCOUNT, db=db) as server:
        server.advance(500)
        server.reset()
    with MockProcess(account=ACCOUNT, db=db) as server:
        assert server.clock()["offset_seconds"] == 0
