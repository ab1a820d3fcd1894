"""Running the transport-sensitive tests on both HTTP paths of the async client.

A test module opts in with ``pytestmark = pytest.mark.usefixtures("http_path")``: each of its
tests then runs once on the fast path (aiohttp, ``sendwire[fast]``) and once on plain httpx,
chosen through ``SENDWIRE_HTTP`` so child processes (the CLI) follow too. Only the modules
whose outcome depends on the transport opt in, to keep the suite's time in check.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from sendwire._transport import stacks as http

ROOT = Path(__file__).resolve().parents[1]
WHEEL_TIMEOUT_SECONDS = 600

# Property tests judge behaviour, never speed: on a busy two-core machine an example can take
# longer than hypothesis's defaults allow without anything being wrong.
settings.register_profile("sendwire", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("sendwire")

PATHS = {"fast": http.FAST, "plain": http.PLAIN}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "http_path" in metafunc.fixturenames:
        metafunc.parametrize("http_path", list(PATHS), indirect=True)


@pytest.fixture
def http_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    name: str = request.param
    if PATHS[name] == http.FAST and not http.fast_available():
        pytest.skip("sendwire[fast] (aiohttp) is not installed")
    monkeypatch.setenv(http.ENV, PATHS[name])
    return name


@pytest.fixture(scope="session")
def sendwire_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sendwire wheel, built once from this checkout (outside it)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=WHEEL_TIMEOUT_SECONDS,
    )
    (wheel,) = out.glob("sendwire-*.whl")
    return wheel
