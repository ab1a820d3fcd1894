"""Interrupting `sendwire bulk send` for real (SIGKILL, Ctrl-C) and resuming it.

Each test runs the CLI as a child process against a mock in its own process, stops the CLI at
a random point of the run, runs the same command again, and then counts what the mock stores:
every row must be there exactly once.
"""

from __future__ import annotations

import csv
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

from cli_helpers import SENDER, child, write_csv

from sendwire import Client
from sendwire.testing import MockProcess

FAULTS = "429=0.02,503=0.02,reset=0.02,reset_after_commit=0.04,retry_after=0"


def _campaign(path: Path, rows: int) -> list[tuple[str, str]]:
    wanted = [(f"+1555{700000 + i:07d}", f"campaign row {i}") for i in range(rows)]
    write_csv(path, ["to", "body"], [list(row) for row in wanted])
    return wanted


def _creates_seen(mock: Any) -> int:
    return sum(mock.stats()["requests"].get("CreateMessage", {}).values())


def _stop_after(process: subprocess.Popen[str], mock: Any, creates: int, sig: int) -> None:
    """Send ``sig`` once the mock has seen ``creates`` create requests."""
    deadline = time.monotonic() + 120
    while _creates_seen(mock) < creates and process.poll() is None:
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be interrupted"
    process.send_signal(sig)


def _stored(mock: Any) -> Counter[tuple[str, str]]:
    with Client(mock.account_sid, mock.auth_token, base_url=mock.url) as client:
        return Counter((m.to or "", m.body or "") for m in client.messages.list(page_size=1000))


def _finish(argv: list[str], mock: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
    process = child(argv, mock, cwd)
    out, err = process.communicate(timeout=180)
    return subprocess.CompletedProcess(argv, process.returncode, out, err)


def test_sigkill_mid_run_with_crash_faults_then_rerun_sends_each_row_once(tmp_path: Path) -> None:
    seed = random.randrange(1_000_000)
    with MockProcess(faults=FAULTS, seed=seed) as mock:
        wanted = _campaign(tmp_path / "campaign.csv", 2000)
        argv = ["bulk", "send", "campaign.csv", "--from", SENDER, "--no-progress"]
        first = child(argv, mock, tmp_path)
        kill_at = random.randrange(100, 1600)
        _stop_after(first, mock, kill_at, signal.SIGKILL)
        assert first.wait(timeout=30) == -signal.SIGKILL
        rerun = _finish(argv, mock, tmp_path)
        assert rerun.returncode == 0, (seed, kill_at, rerun.stdout, rerun.stderr)
        assert "Resuming 2000 rows" in rerun.stdout
        mock.set_faults("")
        stored = _stored(mock)
        assert stored == Counter(wanted), (seed, kill_at, stored - Counter(wanted))
        with (tmp_path / "campaign.results.csv").open(newline="") as handle:
            results = list(csv.DictReader(handle))
        assert len(results) == 2000 and len({r["sid"] for r in results}) == 2000


def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(tmp_path: Path) -> None:
    with MockProcess() as mock:
        wanted = _campaign(tmp_path / "c.csv", 600)
        argv = ["bulk", "send", "c.csv", "--from", SENDER, "--concurrency", "4"]
        first = child(argv, mock, tmp_path)
        _stop_after(first, mock, random.randrange(50, 400), signal.SIGINT)
        out, err = first.communicate(timeout=60)
        assert first.returncode == 130, (out, err)
        assert "re-run the same command to resume" in err
        sent_before = sum(_stored(mock).values())
        assert 0 < sent_before < 600
        rerun = _finish(argv, mock, tmp_path)
        assert rerun.returncode == 0, rerun.stderr
        assert _stored(mock) == Counter(wanted)
        # Ctrl-C let the run record what it had sent: nothing needed reconciling.
        assert "reconciliation" not in rerun.stdout
