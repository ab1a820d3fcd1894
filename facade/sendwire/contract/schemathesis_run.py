"""One `st run` in a child process, its output streamed through the redactor.

The credentials reach schemathesis only through its environment: the config file names
them as `${...}` placeholders, so the token is on no command line and in no file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .calls import CALLS_ENV
from .redact import MASK

HOOKS_MODULE = "sendwire.contract.hooks"
ACCOUNT_ENV = "SENDWIRE_CONTRACT_ACCOUNT_SID"  # also read by sendwire.testing.schemathesis_hooks
TOKEN_ENV = "SENDWIRE_CONTRACT_AUTH_TOKEN"

CONFIG = f"""\
# Every request authenticates as the account and names it in its path.
[parameters]
"path.AccountSid" = "${{{ACCOUNT_ENV}}}"

[auth.basic]
username = "${{{ACCOUNT_ENV}}}"
password = "${{{TOKEN_ENV}}}"

[output.sanitization]
replacement = "{MASK}"
"""

# `st replay ID` needs the run's cache, which goes away with the scratch directory.
_REPLAY = re.compile(r"^\s*st replay \S+\s*$")


@dataclass(frozen=True)
class Invocation:
    spec: Path
    url: str
    account: tuple[str, str]
    phases: Sequence[str]
    seed: int
    max_examples: int
    workers: str
    max_time: float | None
    junit: Path
    calls: Path


def write_config(directory: Path) -> Path:
    path = directory / "schemathesis.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def command(invocation: Invocation, config: Path) -> list[str]:
    args = [
        sys.executable, "-m", "schemathesis.cli",
        "--config-file", str(config),
        "run", str(invocation.spec),
        "--url", invocation.url,
        "--checks", "all",
        "--phases", ",".join(invocation.phases),
        "--seed", str(invocation.seed),
        "--max-examples", str(invocation.max_examples),
        "--workers", invocation.workers,
        # The mock and most test servers are slower than hypothesis likes; not a finding.
        "--suppress-health-check", "too_slow,filter_too_much",
        "--warnings", "off",
        "--report", "junit",
        "--report-junit-path", str(invocation.junit),
    ]  # fmt: skip
    if invocation.max_time is not None:
        args += ["--max-time", str(max(1, round(invocation.max_time)))]
    return args


def run(invocation: Invocation, scratch: Path, echo: Callable[[str], None]) -> int:
    """Run schemathesis; every output line goes to `echo` already redacted by the caller."""
    config = write_config(scratch)
    env = dict(
        os.environ,
        SCHEMATHESIS_HOOKS=HOOKS_MODULE,
        PYTHONUNBUFFERED="1",
        **{
            ACCOUNT_ENV: invocation.account[0],
            TOKEN_ENV: invocation.account[1],
            CALLS_ENV: str(invocation.calls),
        },
    )
    # In the scratch directory: schemathesis and hypothesis keep caches in the working one.
    with subprocess.Popen(
        command(invocation, config),
        cwd=scratch,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            # Paths into the scratch directory (config, reports) are gone once the run ends.
            if not _REPLAY.match(line) and str(scratch) not in line:
                echo(line.rstrip("\n"))
    return process.returncode
