"""`sendwire mock` as a real process: its output, its arguments, and `--db` durability."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from sendwire.cli import main
from sendwire.testing import MockProcess, MockServer

ACCOUNT = ("AC" + "1" * 32, "process-test-token")


def client_for(server: MockServer) -> httpx.Client:
    base = f"{server.url}/2010-04-01/Accounts/{server.account_sid}"
    return httpx.Client(base_url=base, auth=server.auth, timeout=5.0, verify=False)


def all_sids(server: MockServer) -> set[str]:
    found: set[str] = set()
    with client_for(server) as client:
        page = client.get("/Messages.json", params={"PageSize": 1000}).json()
        while True:
            found |= {message["sid"] for message in page["messages"]}
            if page["next_page_uri"] is None:
                return found
            page = httpx.get(server.url + page["next_page_uri"], auth=server.auth).json()


def test_prints_a_test_account_and_the_url(tmp_path: Path) -> None:
    process = MockProcess()
    server = process.start()
    try:
        output = "".join(process.output)
        assert f"Account SID: {server.account_sid}" in output
        assert f"Sendwire mock listening on {server.url}" in output
        assert server.url.startswith("http://127.0.0.1:") and not server.url.endswith(":0")
        with client_for(server) as client:
            created = client.post(
                "/Messages.json", data={"To": "+15558675310", "From": "+15557122661", "Body": "x"}
            )
            assert created.status_code == 201
    finally:
        process.terminate()


def test_given_account_token_is_not_printed() -> None:
    process = MockProcess(account=ACCOUNT)
    server = process.start()
    try:
        key_sid, key_secret = server.create_api_key()
        with client_for(server) as client:
            assert client.get("/Messages.json").status_code == 200
            assert client.get("/Messages.json", auth=(ACCOUNT[0], "wrong")).status_code == 401
            assert client.get("/Messages.json", auth=(key_sid, key_secret)).status_code == 200
            assert client.post("/Messages.json", content=b"\xff").status_code == 400
    finally:
        process.terminate()
    output = "".join(process.output)
    assert ACCOUNT[0] in output
    assert ACCOUNT[1] not in output
    assert key_secret not in output


def test_reprs_hide_secrets() -> None:
    from sendwire.mock import Account, ApiKey, MockConfig

    account = Account("AC" + "2" * 32, "token-that-must-not-show")
    key = ApiKey("SK" + "3" * 32, "secret-that-must-not-show", account.sid)
    config = MockConfig(accounts=[account], api_keys=[key])
    server = MockServer(
        url="http://127.0.0.1:1", account_sid=account.sid, auth_token=account.auth_token
    )
    for text in (repr(account), repr(key), repr(config), repr(server)):
        assert "must-not-show" not in text


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--faults", "bogus=1"], "unknown fault"),
        (["--faults", "429=2"], "between 0 and 1"),
        (["--account", "nope"], "SID:TOKEN"),
        (["--port", "70000"], "port"),
        (["--step-seconds", "-1"], "negative"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(
    args: list[str], complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        status = main(["mock", *args])
    except SystemExit as exit:
        status = exit.code  # argparse's own usage errors
    assert status == 2
    error = capsys.readouterr().err
    assert complaint in error
    assert "Traceback" not in error


def test_help_lists_the_mock_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["--help"])
    assert exit.value.code == 0
    assert "mock" in capsys.readouterr().out


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sendwire", "mock", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0
    assert "--step-seconds" in result.stdout


def test_db_keeps_every_acknowledged_create_across_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "mock.sqlite"
    process = MockProcess(account=ACCOUNT, db=db, step_seconds=0)
    server = process.start()
    acknowledged: set[str] = set()
    lock = threading.Lock()
    enough = threading.Event()

    def writer() -> None:
        with client_for(server) as client:
            while True:
                try:
                    response = client.post(
                        "/Messages.json",
                        data={"To": "+15558675310", "From": "+15557122661", "Body": "keep me"},
                    )
                except httpx.TransportError:
                    return  # the server is gone
                assert response.status_code == 201
                with lock:
                    acknowledged.add(response.json()["sid"])
                    if len(acknowledged) >= 300:
                        enough.set()

    writers = [threading.Thread(target=writer) for _ in range(4)]
    for thread in writers:
        thread.start()
    assert enough.wait(30)
    process.kill()  # while the writers are still writing
    for thread in writers:
        thread.join(10)
    assert process.process is not None and process.process.returncode == -9

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    restarted = MockProcess(account=ACCOUNT, db=db)
    server = restarted.start()
    try:
        assert acknowledged <= all_sids(server)
    finally:
        restarted.terminate()


def test_sigterm_shuts_down_cleanly_and_keeps_state(tmp_path: Path) -> None:
    db = tmp_path / "mock.sqlite"
    first = MockProcess(db=db)  # no --account: a test account is created and stored
    server = first.start()
    with client_for(server) as client:
        sid = client.post(
            "/Messages.json", data={"To": "+15558675310", "From": "+15557122661", "Body": "x"}
        ).json()["sid"]
    status = first.terminate()
    assert status in (0, -15)
    # A clean close checkpoints the write-ahead log into the database file.
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0

    second = MockProcess(db=db)
    again = second.start()
    try:
        assert (again.account_sid, again.auth_token) == (server.account_sid, server.auth_token)
        assert sid in all_sids(again)
    finally:
        second.terminate()


def test_a_running_mock_process_refuses_a_second_start() -> None:
    """A second start would lose the first child, which nothing would then stop."""
    process = MockProcess(account=ACCOUNT)
    process.start()
    try:
        first = process.pid
        with pytest.raises(RuntimeError, match="already running"):
            process.start()
        assert process.pid == first and process.process is not None
        assert process.process.poll() is None
    finally:
        process.terminate()
