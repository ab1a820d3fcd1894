"""`python -m bench`: run the scenarios, then write BENCHMARKS.md, the chart and raw results."""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from bench import machine, report
from bench.context import Context
from bench.seeding import SeedCache
from bench.servers import ROOT, Account, prism_executable
from bench.settings import FULL, MEDIUM, SMOKE

RESULTS = ROOT / "bench" / "results"


def parse(argv: list[str] | None) -> argparse.Namespace:
    from bench.scenarios import ALL

    names = [s.NAME for s in ALL]
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--smoke", action="store_true", help="every scenario once at a tiny size, to a temp dir"
    )
    parser.add_argument(
        "--medium", action="store_true", help="mid-size runs (minutes), to a temporary directory"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=names,
        metavar="SCENARIO",
        help="run only this scenario (repeatable); known: " + ", ".join(names),
    )
    parser.add_argument("--out", type=Path, help="directory for the report, chart and JSON")
    parser.add_argument("--no-profile", action="store_true", help="skip profiles of misses")
    parser.add_argument(
        "--from-json",
        type=Path,
        metavar="RESULTS_JSON",
        help="only rewrite the report and chart from a results.json of an earlier run",
    )
    return parser.parse_args(argv)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run_scenario(scenario: Any, context: Context) -> tuple[dict[str, Any] | None, str | None]:
    """(figures, None), or (None, what went wrong): one broken scenario must not hide the rest."""
    began = time.monotonic()
    context.log(f"== {scenario.TITLE}")
    try:
        result: dict[str, Any] = scenario.run(context)
    except Exception as error:  # noqa: BLE001 - reported in the results and the report
        context.log(f"!! {scenario.NAME} failed: {error!r}")
        traceback.print_exc()
        return None, f"{type(error).__name__}: {error}"
    result["seconds"] = round(time.monotonic() - began, 1)
    context.log(f"== {scenario.TITLE}: done in {result['seconds']:.0f} s")
    return result, None


def main(argv: list[str] | None = None) -> int:
    from bench.scenarios import ALL

    args = parse(argv)
    # A polite kill (SIGTERM) unwinds like Ctrl-C, so every server started is stopped.
    signal.signal(signal.SIGTERM, _interrupted)
    if args.from_json is not None:
        results = json.loads(args.from_json.read_text())
        out = args.out or ROOT
        report.write(results, out, args.out or args.from_json.parent)
        return 0
    sizes = SMOKE if args.smoke else MEDIUM if args.medium else FULL
    out_dir = args.out or ROOT
    if args.out is None and sizes is not FULL:
        out_dir = Path(tempfile.mkdtemp(prefix=f"sendwire-bench-{sizes.name}-"))
    data_dir = RESULTS if out_dir == ROOT else out_dir
    data_dir.mkdir(parents=True, exist_ok=True)

    chosen = [s for s in ALL if args.only is None or s.NAME in args.only]
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    results: dict[str, Any] = {
        "command": command.strip(),
        "sizes": sizes.name,
        "machine": machine.describe(prism_executable()),
        "scenarios": {},
        "errors": {},
    }
    cpu_before = machine.cpu_times()
    with tempfile.TemporaryDirectory(prefix="sendwire-bench-") as scratch:
        account = Account.generate()
        seeds = SeedCache(account, Path(scratch))
        context = Context(sizes, account, Path(scratch), seeds, profile=not args.no_profile)
        if sizes.early_prism and any(s.NAME == "mock_server" for s in chosen):
            context.early_prism = context.take_prism()
        for scenario in chosen:
            result, error = _run_scenario(scenario, context)
            if error is None:
                results["scenarios"][scenario.NAME] = result
            else:
                results["errors"][scenario.NAME] = error
        if context.early_prism is not None:  # launched but its scenario never ran
            context.early_prism.stop()
        results["seed_seconds"] = {str(k): round(v, 1) for k, v in seeds.seconds.items()}
        results["total_seconds"] = round(time.monotonic() - context.started, 1)
        results["conditions"] = machine.conditions(cpu_before, machine.cpu_times())
    (data_dir / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    for path in report.write(results, out_dir, data_dir):
        context.log(f"wrote {path}")
    return 1 if results["errors"] else 0
