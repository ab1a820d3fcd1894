"""The mock's tokens stay off the command line, out of its output, and in owner-only files."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from reliability_helpers import create, http_for, mock_process, new_account

ENV = "SENDWIRE_MOCK_ACCOUNTS"
MOCK = [sys.executable, "-m", "sendwire", "mock", "--port", "0"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


@contextmanager
def mock_command(args: list[str], env: dict[str, str]) -> Iterator[tuple[int, str, list[str]]]:
    """`sendwire mock ARGS` until it listens: (pid, url, output lines so far)."""
    process = subprocess.Popen(
        [*MOCK, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    assert process.stdout is not None
    output: list[str] = []
    try:
        for line in process.stdout:
            output.append(line)
            if match := re.search(r"listening on (http://\S+)", line):
                yield process.pid, match.group(1), output
                break
        else:
            pytest.fail("the mock did not start: " + "".join(output))
    finally:
        process.terminate()
        output.extend(process.communicate(timeout=15)[0].splitlines(keepends=True))


def refused(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MOCK, *args], capture_output=True, text=True, env=env, timeout=30, check=False
    )


def accepts(url: str, account: tuple[str, str]) -> bool:
    response = httpx.get(
        f"{url}/2010-04-01/Accounts/{account[0]}/Messages.json", auth=account, timeout=10
    )
    return response.status_code == 200


def cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def private_file(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


def test_accounts_from_the_environment_stay_off_the_command_line() -> None:
    first, second = new_account(), new_account()
    env = clean_env(**{ENV: f"{first[0]}:{first[1]}, {second[0]}:{second[1]}"})
    with mock_command([], env) as (pid, url, output):
        assert accepts(url, first) and accepts(url, second)
        assert first[1] not in cmdline(pid) and second[1] not in cmdline(pid)
    shown = "".join(output)
    assert first[0] in shown and second[0] in shown
    assert first[1] not in shown and second[1] not in shown


def test_the_test_helper_passes_its_account_in_the_environment() -> None:
    account = new_account()
    with mock_process(account=account) as (process, server):
        assert accepts(server.url, account)
        assert account[1] not in cmdline(process.pid)
        assert account[1] not in process.command_shown


def test_accounts_from_an_owner_only_file(tmp_path: Path) -> None:
    first, second = new_account(), new_account()
    path = private_file(
        tmp_path / "accounts",
        f"# test accounts\n{first[0]}:{first[1]}\n\n{second[0]}:{second[1]}\n",
    )
    with mock_command(["--accounts-file", str(path)], clean_env()) as (pid, url, output):
        assert accepts(url, first) and accepts(url, second)
        assert first[1] not in cmdline(pid)
    assert first[1] not in "".join(output) and second[1] not in "".join(output)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_an_accounts_file_others_may_read_is_refused(tmp_path: Path, mode: int) -> None:
    account = new_account()
    path = private_file(tmp_path / "accounts", f"{account[0]}:{account[1]}\n", mode)
    result = refused(["--accounts-file", str(path)], clean_env())
    assert result.returncode == 2
    assert "chmod 600" in result.stderr and "Traceback" not in result.stderr
    assert account[1] not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("{sid}:{token}\nnot-an-account-{token}\n", "line 2"),
        ("{sid}\n", "line 1"),
        ("# only a comment\n", "no account"),
    ],
)
def test_a_bad_accounts_file_names_the_line_and_never_the_token(
    tmp_path: Path, text: str, complaint: str
) -> None:
    account = new_account()
    path = private_file(tmp_path / "accounts", text.format(sid=account[0], token=account[1]))
    result = refused(["--accounts-file", str(path)], clean_env())
    assert result.returncode == 2
    assert complaint in result.stderr
    assert account[1] not in result.stderr + result.stdout


def test_a_bad_environment_account_is_a_clear_error() -> None:
    token = "tok-never-shown-123"
    result = refused([], clean_env(**{ENV: f"ACnope:{token}"}))
    assert result.returncode == 2 and ENV in result.stderr
    assert token not in result.stderr + result.stdout


def test_a_token_on_the_command_line_gets_a_warning() -> None:
    account = new_account()
    with mock_command(["--account", f"{account[0]}:{account[1]}"], clean_env()) as (_, url, out):
        assert accepts(url, account)
    assert "process list" in "".join(out)
    assert account[1] not in "".join(out)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_db_and_its_wal_files_are_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "mock.sqlite"
    old_umask = os.umask(0o022)
    try:
        with mock_process(db=db) as (_, server):
            with http_for(server) as http:
                create(http, server.account_sid)
            files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
            assert all(path.exists() for path in files)
            assert {mode_of(path) for path in files} == {0o600}
    finally:
        os.umask(old_umask)


def test_an_older_world_readable_db_is_tightened(tmp_path: Path) -> None:
    db = tmp_path / "mock.sqlite"
    with mock_process(db=db):
        pass
    db.chmod(0o644)
    with mock_process(db=db) as (_, server):
        assert mode_of(db) == 0o600
        with httpx.Client(base_url=server.url, timeout=10) as http:
            assert http.get("/_mock/health").status_code == 200
