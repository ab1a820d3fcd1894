"""The sendwire wheel (`sendwire_wheel`, tests/conftest.py) installed in fresh virtual
environments."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

import pytest

INSTALL_TIMEOUT_SECONDS = 600


def _install(directory: Path, requirement: str) -> Path:
    venv.create(directory, with_pip=True)
    python = directory / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", requirement],
        check=True,
        timeout=INSTALL_TIMEOUT_SECONDS,
    )
    return directory / "bin"


@pytest.fixture(scope="session")
def installed_bin(sendwire_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh venv with `sendwire[contract,mock]` installed from the wheel."""
    return _install(tmp_path_factory.mktemp("venv-contract"), f"{sendwire_wheel}[contract,mock]")


@pytest.fixture(scope="session")
def bare_bin(sendwire_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh venv with `sendwire` alone: no schemathesis."""
    return _install(tmp_path_factory.mktemp("venv-bare"), str(sendwire_wheel))
