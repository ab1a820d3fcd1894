"""`python -m bench`: run the scenarios, then write BENCHMARKS.md and the raw results."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import report
from bench.scenarios import ALL
from bench.servers import PRISM, ROOT
from bench.settings import FULL, MEDIUM, SMOKE, Context

RESULTS = ROOT / "bench" / "results"
PACKAGES = ("sendwire", "httpx", "twilio", "requests", "uvicorn", "httptools", "uvloop", "orjson")


def _proc(path: str, pattern: str) -> str:
    found = re.search(pattern, Path(path).read_text(), re.MULTILINE)
    return found[1] if found else "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _tool(*command: str) -> str:
    if shutil.which(command[0]) is None:
        return "not installed"
    out = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    return ((out.stdout or out.stderr).strip().splitlines() or ["unknown"])[0]


def describe() -> dict[str, Any]:
    """The machine and software a run measured, for the report's header."""
    prism = PRISM.parent.parent / "@stoplight" / "prism-cli" / "package.json"  # Node is slow
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _proc("/proc/cpuinfo", r"^model name\s*: (.*)$"),
        "cores": os.cpu_count(),
        "ram_gib": int(_proc("/proc/meminfo", r"^MemTotal:\s*(\d+)")) / 1024**2,
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "packages": {name: _version(name) for name in PACKAGES},
        "wrk": " ".join(_tool("wrk", "--version").split()[:2]),
        "node": _tool("node", "--version"),
        "prism": json.loads(prism.read_text())["version"] if prism.exists() else "not installed",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def cpu_times() -> list[int]:
    """The machine's CPU counters (/proc/stat): user nice system idle iowait irq softirq steal."""
    return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]


def conditions(before: list[int], after: list[int]) -> dict[str, Any]:
    """How busy the machine was over the run: the shares of CPU time stolen and not idle."""
    delta = [b - a for a, b in zip(before, after)]
    total = sum(delta) or 1
    return {
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "steal_percent": round(100 * delta[7] / total, 1),
        "busy_percent": round(100 * (total - delta[3] - delta[4]) / total, 1),
    }


def parse(argv: list[str] | None) -> argparse.Namespace:
    names = [s.NAME for s in ALL]
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    add = parser.add_argument
    add("--smoke", action="store_true", help="every scenario once, tiny, to a temp directory")
    add("--medium", action="store_true", help="mid-size runs (minutes), to a temp directory")
    add("--only", action="append", choices=names, metavar="SCENARIO", help=", ".join(names))
    add("--out", type=Path, help="directory for the report and JSON")
    add("--no-profile", action="store_true", help="skip profiles of misses")
    add("--from-json", type=Path, help="only rewrite the report from a results.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    # A polite kill unwinds like Ctrl-C, stopping every server.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if args.from_json is not None:
        report.write(json.loads(args.from_json.read_text()), args.out or ROOT)
        return 0
    sizes = SMOKE if args.smoke else MEDIUM if args.medium else FULL
    out_dir = args.out or ROOT
    if args.out is None and sizes is not FULL:
        out_dir = Path(tempfile.mkdtemp(prefix=f"sendwire-bench-{sizes.name}-"))
    data_dir = RESULTS if out_dir == ROOT else out_dir
    chosen = [s for s in ALL if args.only is None or s.NAME in args.only]
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    results: dict[str, Any] = {"command": command.strip(), "sizes": sizes.name}
    results |= {"machine": describe(), "scenarios": {}, "errors": {}}
    cpu_before = cpu_times()
    with tempfile.TemporaryDirectory(prefix="sendwire-bench-") as scratch:
        context = Context(sizes, Path(scratch), profile=not args.no_profile)
        for scenario in chosen:  # one scenario failing must not hide the others
            began = time.monotonic()
            context.log(f"== {scenario.TITLE}")
            try:
                result = scenario.run(context)
            except Exception as error:  # noqa: BLE001 - reported in the results and the report
                traceback.print_exc()
                results["errors"][scenario.NAME] = f"{type(error).__name__}: {error}"
                continue
            result["seconds"] = round(time.monotonic() - began, 1)
            results["scenarios"][scenario.NAME] = result
            context.log(f"== {scenario.TITLE}: done in {result['seconds']:.0f} s")
    results["seed_seconds"] = {str(k): round(v, 1) for k, v in context.seed_seconds.items()}
    results["total_seconds"] = round(time.monotonic() - context.started, 1)
    results["conditions"] = conditions(cpu_before, cpu_times())
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    context.log(f"wrote {report.write(results, out_dir)} and {data_dir / 'results.json'}")
    return 1 if results["errors"] else 0
