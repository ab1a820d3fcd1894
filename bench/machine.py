"""The machine and software a run measured, for the report's header."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("sendwire", "httpx", "twilio", "requests", "uvicorn", "httptools", "uvloop", "orjson")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _tool_version(command: list[str]) -> str:
    if shutil.which(command[0]) is None and not Path(command[0]).exists():
        return "not installed"
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def _prism_version(prism: Path | None) -> str:
    """Read from the installed package: starting Node just to ask takes seconds."""
    if prism is None:
        return "not installed"
    manifest = prism.parent.parent / "@stoplight" / "prism-cli" / "package.json"
    try:
        version: str = json.loads(manifest.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "unknown"
    return version


def cpu_times() -> list[int]:
    """The machine's CPU counters (/proc/stat): user nice system idle iowait irq softirq steal."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:9]
        return [int(x) for x in fields]
    except (OSError, ValueError, IndexError):
        return []


def conditions(before: list[int], after: list[int]) -> dict[str, Any]:
    """How busy the machine was over the run: the share of CPU time stolen by the hypervisor
    and the share not left idle (ours and anyone else's)."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    result: dict[str, Any] = {"load_average_at_end": [round(x, 2) for x in load]}
    if len(before) == len(after) == 8:
        delta = [b - a for a, b in zip(before, after)]
        total = sum(delta) or 1
        result["steal_percent"] = round(100 * delta[7] / total, 1)
        result["busy_percent"] = round(100 * (total - delta[3] - delta[4]) / total, 1)
    return result


def describe(prism: Path | None) -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "packages": {name: _version(name) for name in PACKAGES},
        "wrk": " ".join(_tool_version(["wrk", "--version"]).split()[:2]),
        "node": _tool_version(["node", "--version"]),
        "prism": _prism_version(prism),
        "load_average_at_start": [round(x, 2) for x in load],
    }
