"""The wheel on every Python the package claims (3.10 to 3.13) that this machine has:
installed with the mock extra in a fresh virtual environment, it imports, starts a mock and
sends, lists and redacts through it."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from importlib.metadata import metadata
from importlib.metadata import version as version_of
from pathlib import Path

import pytest

VERSIONS = ("3.10", "3.11", "3.12", "3.13")
INSTALL_TIMEOUT_SECONDS = 600
PYENV = Path.home() / ".pyenv" / "versions"
SMOKE = textwrap.dedent(
    """
    import sys
    from sendwire import Client, __version__
    from sendwire.testing import MockProcess

    with MockProcess(step_seconds=0) as mock, Client(
        mock.account_sid, mock.auth_token, base_url=mock.url
    ) as client:
        sent = client.messages.create(to="+15558675310", from_="+15017122661", body="hi")
        assert [m.sid for m in client.messages.list(to="+15558675310")] == [sent.sid]
        assert client.messages.redact(sent.sid).body == ""
    print(f"sendwire {__version__} sends on Python {sys.version_info.major}.{sys.version_info.minor}")
    """
)


def _interpreter(version: str) -> str | None:
    """`pythonX.Y` on PATH, or one that pyenv installed; None if none runs."""
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(str(p) for p in PYENV.glob(f"{version}.*/bin/python{version}"))
    for found in filter(None, candidates):
        probe = subprocess.run(
            [found, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return found
    return None


def test_the_classifiers_name_these_versions() -> None:
    classifiers = metadata("sendwire").get_all("Classifier") or []
    prefix = "Programming Language :: Python :: "
    claimed = {c.removeprefix(prefix) for c in classifiers if c.startswith(prefix) and "." in c}
    assert claimed == set(VERSIONS)


@pytest.mark.slow
@pytest.mark.timeout(INSTALL_TIMEOUT_SECONDS + 300)
@pytest.mark.parametrize("version", VERSIONS)
def test_install_import_and_send(version: str, sendwire_wheel: Path, tmp_path: Path) -> None:
    python = _interpreter(version)
    if python is None:
        pytest.skip(f"no working python{version} on this machine")
    home = tmp_path / f"venv-{version}"
    subprocess.run([python, "-m", "venv", str(home)], check=True, timeout=120)
    subprocess.run(
        [home / "bin" / "python", "-m", "pip", "install", "--quiet", f"{sendwire_wheel}[mock]"],
        check=True,
        timeout=INSTALL_TIMEOUT_SECONDS,
    )
    done = subprocess.run(
        [home / "bin" / "python", "-c", SMOKE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    built = version_of("sendwire")
    assert done.stdout.strip() == f"sendwire {built} sends on Python {version}"
