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


def _proc_field(path: str, prefix: str) -> str | None:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), None)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _tool_version(*command: str) -> str:
    if shutil.which(command[0]) is None:
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
        return str(json.loads(manifest.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def cpu_times() -> list[int]:
    """The machine's CPU counters (/proc/stat): user nice system idle iowait irq softirq steal."""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return []


def conditions(before: list[int], after: list[int]) -> dict[str, Any]:
    """How busy the machine was over the run: the share of CPU time stolen by the hypervisor
    and the share not left idle (ours and anyone else's)."""
    result: dict[str, Any] = {"load_average_at_end": [round(x, 2) for x in os.getloadavg()]}
    if len(before) == len(after) == 8:
        delta = [b - a for a, b in zip(before, after)]
        total = sum(delta) or 1
        result["steal_percent"] = round(100 * delta[7] / total, 1)
        result["busy_percent"] = round(100 * (total - delta[3] - delta[4]) / total, 1)
    return result


def describe(prism: Path | None) -> dict[str, Any]:
    memory = _proc_field("/proc/meminfo", "MemTotal:")
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "ram_gib": int(memory.split()[0]) / 1024 / 1024 if memory else None,
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "packages": {name: _version(name) for name in PACKAGES},
        "wrk": " ".join(_tool_version("wrk", "--version").split()[:2]),
        "node": _tool_version("node", "--version"),
        "prism": _prism_version(prism),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
