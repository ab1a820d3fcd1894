"""Long fuzzing: the contract suite in rounds with fresh seeds, and the property tests at scale.

    python tools/fuzz.py                     # ~10 minutes of contract rounds, then properties
    python tools/fuzz.py --minutes 3 --json fuzz.json

1. The property tests of tests/reliability (dates, prices, enums, callbacks, signatures) run
   with many more examples than in `make test` (SENDWIRE_FUZZ=1).
2. `sendwire contract` (schemathesis: every phase, every check, against a fresh mock) runs
   again and again, each round with a new seed and larger limits than `make contract`, until
   the time budget is spent; a round starts only if it is expected to finish in time.

Any failure in any round fails the run. The figures (rounds, seeds, test cases generated,
durations) go to stdout and, with --json, to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROPERTIES = ROOT / "tests" / "reliability" / "test_reliability_properties.py"
GENERATED = re.compile(r"(\d+) generated")


@dataclass
class Round:
    seed: int
    seconds: float
    test_cases: int
    passed: bool


@dataclass
class FuzzReport:
    budget_seconds: float
    properties_passed: bool | None = None
    properties_seconds: float = 0.0
    rounds: list[Round] = field(default_factory=list)
    contract_seconds: float = 0.0
    test_cases: int = 0
    failed_rounds: int = 0
    ok: bool = False


def run_streaming(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run a command, echo its output as it comes, and return (status, output)."""
    lines: list[str] = []
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            lines.append(line)
    sys.stdout.flush()
    return process.returncode, "".join(lines)


def properties(env: dict[str, str]) -> tuple[bool, float]:
    print("\n== Property tests at scale (SENDWIRE_FUZZ=1)", flush=True)
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--timeout", "1800"]
    command.append(str(PROPERTIES))
    status, _ = run_streaming(command, {**env, "SENDWIRE_FUZZ": "1"})
    return status == 0, time.monotonic() - started


def contract_round(seed: int, args: argparse.Namespace, env: dict[str, str]) -> Round:
    print(f"\n== Contract round, seed {seed}", flush=True)
    command = [
        sys.executable, "-m", "sendwire", "contract", "--seed", str(seed),
        "--max-examples", str(args.max_examples),
        "--stateful-max-examples", str(args.stateful_max_examples),
        "--workers", str(args.workers),
    ]  # fmt: skip
    started = time.monotonic()
    status, output = run_streaming(command, env)
    cases = sum(int(count) for count in GENERATED.findall(output))
    return Round(seed, round(time.monotonic() - started, 1), cases, status == 0)


def fuzz(args: argparse.Namespace) -> FuzzReport:
    env = dict(os.environ)
    report = FuzzReport(budget_seconds=args.minutes * 60)
    if not args.skip_properties:
        report.properties_passed, spent = properties(env)
        report.properties_seconds = round(spent, 1)
    started = time.monotonic()
    seed = args.first_seed
    while True:
        elapsed = time.monotonic() - started
        expected = max((r.seconds for r in report.rounds), default=0.0)
        if report.rounds and elapsed + expected > report.budget_seconds:
            break
        report.rounds.append(contract_round(seed, args, env))
        seed += 1
        if not report.rounds[-1].passed and args.stop_on_failure:
            break
    report.contract_seconds = round(time.monotonic() - started, 1)
    report.test_cases = sum(r.test_cases for r in report.rounds)
    report.failed_rounds = sum(not r.passed for r in report.rounds)
    report.ok = report.failed_rounds == 0 and report.properties_passed is not False
    return report


def summary(report: FuzzReport) -> str:
    lines = ["", "== Fuzz summary"]
    if report.properties_passed is not None:
        outcome = "passed" if report.properties_passed else "FAILED"
        lines.append(f"  property tests at scale: {outcome} in {report.properties_seconds:.0f} s")
    lines.append(
        f"  contract rounds: {len(report.rounds)} in {report.contract_seconds:.0f} s "
        f"(budget {report.budget_seconds:.0f} s), {report.test_cases} schemathesis test cases, "
        f"{report.failed_rounds} failed round(s)"
    )
    for item in report.rounds:
        outcome = "passed" if item.passed else "FAILED"
        lines.append(
            f"    seed {item.seed}: {item.test_cases} test cases, {item.seconds:.0f} s, {outcome}"
        )
    lines.append("OK: zero failures." if report.ok else "FAILED")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="budget of the contract rounds")
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--max-examples", type=int, default=100, help="per operation and phase")
    parser.add_argument("--stateful-max-examples", type=int, default=150)
    parser.add_argument("--workers", default="2")
    parser.add_argument("--skip-properties", action="store_true")
    parser.add_argument("--stop-on-failure", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    report = fuzz(args)
    print(summary(report))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(asdict(report), indent=2) + "\n")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
