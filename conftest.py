"""Runs the code examples of README.md and docs/*.md (sybil), so they cannot rot.

Each page's ```python blocks run in order in one namespace, and its ```bash blocks in order
as if typed into one shell: the environment one block exports is there for the next. A
command a block leaves running (`sendwire mock &`) is stopped when the page is done.

README.md starts its own mock, as a reader would. The docs pages talk to a mock on
127.0.0.1:4010 with the development account, started for each page by `docs_mock`.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sybil import Example, Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.markdown import CodeBlockParser, SkipParser

ROOT = Path(__file__).resolve().parent
BLOCK_TIMEOUT_SECONDS = 120
# What a page's shell blocks share, under the page's namespace.
SHELL = "_shell"
FILE_NAME = re.compile(r"(test_\w+|conftest)\.py")
PYTHON_EVALUATOR = PythonEvaluator()


def _run_bash(example: Example) -> None:
    shell: dict[str, Any] = example.namespace[SHELL]
    env_file = shell["dir"] / "env"
    script = f"set -euo pipefail\n{example.parsed}\nexport -p > {env_file}\n"
    with tempfile.TemporaryFile() as out:
        # A session of its own: whatever the block leaves running is found and stopped.
        process = subprocess.Popen(
            ["bash", "-c", f"source {shell['dir'] / 'state'} 2>/dev/null || true\n{script}"],
            cwd=shell["cwd"],
            env=shell["env"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        shell["groups"].append(process.pid)
        status = process.wait(timeout=BLOCK_TIMEOUT_SECONDS)
        out.seek(0)
        output = out.read().decode(errors="replace")
    if status != 0:
        raise AssertionError(f"exit status {status}:\n{example.parsed}\n--- output ---\n{output}")
    if env_file.exists():
        env_file.replace(shell["dir"] / "state")


def _run_python(example: Example) -> None:
    """A block whose first line names a file (`# test_messages.py`) is that file, for a
    later shell block to use; any other block runs."""
    first, _, _ = example.parsed.partition("\n")
    name = first.removeprefix("# ").strip()
    if first.startswith("# ") and FILE_NAME.fullmatch(name):
        (example.namespace[SHELL]["cwd"] / name).write_text(example.parsed)
        return
    return PYTHON_EVALUATOR(example)


def _setup(namespace: dict[str, Any]) -> None:
    state = Path(tempfile.mkdtemp(prefix="sendwire-docs-"))
    workdir = state / "work"
    workdir.mkdir()
    # The reader's shell has this environment activated: its `python`, `pip` and `sendwire`.
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env["VIRTUAL_ENV"] = str(Path(bin_dir).parent)
    namespace[SHELL] = {"dir": state, "cwd": workdir, "env": env, "groups": []}
    # Python blocks run in the same scratch directory as the shell blocks.
    namespace["_cwd"] = os.getcwd()
    os.chdir(workdir)


def _teardown(namespace: dict[str, Any]) -> None:
    os.chdir(namespace["_cwd"])
    shell = namespace[SHELL]
    for group in shell["groups"]:
        try:
            os.killpg(group, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for group in shell["groups"]:
        _wait_gone(group)
    subprocess.run(["rm", "-rf", str(shell["dir"])], check=True)


def _wait_gone(group: int) -> None:
    """Wait for a process group to end (SIGKILL after a few seconds)."""
    for _ in range(100):
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        subprocess.run(["sleep", "0.1"], check=True)
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def docs_mock() -> Iterator[Any]:
    """The mock a reader of the docs has running: `sendwire mock` on 127.0.0.1:4010."""
    from sendwire.mock import DEV_ACCOUNT, MockConfig, create_app
    from sendwire.mock.server import BackgroundServer

    config = MockConfig(accounts=[DEV_ACCOUNT], step_seconds=1.0)
    with BackgroundServer(create_app(config), port=4010) as server:
        yield server


def _parsers() -> list[Any]:
    return [
        CodeBlockParser(language="python", evaluator=_run_python),
        CodeBlockParser(language="bash", evaluator=_run_bash),
        SkipParser(),
    ]


# Pages that start their own mock, as a first-time reader does.
readme = Sybil(
    parsers=_parsers(),
    patterns=["README.md", "docs/index.md"],
    setup=_setup,
    teardown=_teardown,
    name="readme",
)
docs = Sybil(
    parsers=_parsers(),
    path="docs",
    patterns=["guide/*.md"],
    setup=_setup,
    teardown=_teardown,
    fixtures=["docs_mock"],
    name="docs",
)
pytest_collect_file = (readme + docs).pytest()
