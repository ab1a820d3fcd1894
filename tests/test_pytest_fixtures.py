"""The plugin's async client fixture under anyio's trio backend: a clear refusal, not a hang
or an obscure loop error (AsyncClient runs on asyncio)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SUITE = """
import pytest

@pytest.fixture
def anyio_backend():
    return "trio"

@pytest.mark.anyio
async def test_on_trio(sendwire_async_client):
    pass
"""


def test_the_async_client_fixture_refuses_trio_by_name(tmp_path: Path) -> None:
    pytest.importorskip("trio")
    (tmp_path / "test_trio.py").write_text(SUITE)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_trio.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "AsyncClient runs on asyncio, not trio" in done.stdout
