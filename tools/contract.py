"""Contract tests: schemathesis runs the spec against a server, every phase and every check.

    python tools/contract.py                                # starts a mock server itself
    python tools/contract.py --url URL --account SID:TOKEN  # any server (e.g. `sendwire mock`)

The run authenticates as the account and names it in every request path, in every phase:
a `[parameters]` override pins it for the generated phases, and the hooks in
`sendwire.testing.schemathesis_hooks` pin it for the stateful phase too. The stateful phase
runs on its own, and the server's access counters (/_mock/stats) before and after it prove
that it really created, fetched, updated and deleted messages; a stateful phase that only
ever saw 401s would pass schemathesis' checks and fail here.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from sendwire.testing import MockProcess

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "messages.yaml"
HOOKS = "sendwire.testing.schemathesis_hooks"
ACCOUNT_ENV = "SENDWIRE_CONTRACT_ACCOUNT_SID"

# What the stateful phase must have achieved: (operation, status) with at least one request.
STATEFUL_PROOF = (
    ("CreateMessage", "201"),
    ("FetchMessage", "200"),
    ("UpdateMessage", "200"),
    ("DeleteMessage", "204"),
)
GENERATED_PHASES = "examples,coverage,fuzzing"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="server to test (default: start a mock server)")
    parser.add_argument("--account", metavar="SID:TOKEN", help="credentials for --url")
    parser.add_argument("--seed", type=int, default=20100401)
    parser.add_argument(
        "--max-examples", type=int, default=25, help="test cases per operation and phase"
    )
    parser.add_argument(
        "--stateful-max-examples",
        type=int,
        default=60,
        help="state machine scenarios (each a chain of linked calls)",
    )
    # One worker: CPython 3.11 can fail with "AST constructor recursion depth mismatch" when
    # several threads build hypothesis strategies at once.
    parser.add_argument("--workers", default="1", help="schemathesis workers (or 'auto')")
    parser.add_argument("--report-dir", type=Path, help="keep schemathesis' JUnit reports here")
    args = parser.parse_args(argv)
    if bool(args.url) != bool(args.account):
        parser.error("--url and --account go together")
    if args.account and ":" not in args.account:
        parser.error("--account is SID:TOKEN")
    return args


def schemathesis(
    args: argparse.Namespace,
    url: str,
    account: tuple[str, str],
    config: Path,
    phases: str,
    max_examples: int,
    report: Path | None,
) -> int:
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(config),
        "run",
        str(SPEC),
        "--url",
        url,
        "--auth",
        f"{account[0]}:{account[1]}",
        "--checks",
        "all",
        "--phases",
        phases,
        "--seed",
        str(args.seed),
        "--max-examples",
        str(max_examples),
        "--workers",
        str(args.workers),
        "--suppress-health-check",
        "too_slow,filter_too_much",
        "--warnings",
        "off",
    ]
    if report is not None:
        command += ["--report", "junit", "--report-junit-path", str(report)]
    env = dict(os.environ, SCHEMATHESIS_HOOKS=HOOKS, **{ACCOUNT_ENV: account[0]})
    print(
        f"$ st run --phases {phases} --seed {args.seed} --max-examples {max_examples}", flush=True
    )
    # Run in the scratch directory: schemathesis keeps a cache in its working directory.
    return subprocess.run(command, env=env, check=False, cwd=config.parent).returncode


def request_counts(url: str) -> dict[str, dict[str, int]] | None:
    """The server's access counters, or None if it has none (it is not the mock)."""
    try:
        response = httpx.get(f"{url}/_mock/stats", timeout=10.0)
    except httpx.HTTPError:
        return None
    if response.status_code != 200:
        return None
    counts: dict[str, dict[str, int]] = response.json().get("requests", {})
    return counts


def difference(
    before: dict[str, dict[str, int]], after: dict[str, dict[str, int]]
) -> dict[str, dict[str, int]]:
    delta: dict[str, dict[str, int]] = {}
    for operation, statuses in after.items():
        for status, count in statuses.items():
            grown = count - before.get(operation, {}).get(status, 0)
            if grown:
                delta.setdefault(operation, {})[status] = grown
    return delta


def prove_stateful(delta: dict[str, dict[str, int]]) -> bool:
    print("\nStateful phase, requests by operation and status (from /_mock/stats):")
    for operation in sorted(delta):
        statuses = ", ".join(
            f"{status}: {count}" for status, count in sorted(delta[operation].items())
        )
        print(f"  {operation:24} {statuses}")
    missing = [
        f"{operation} {status}"
        for operation, status in STATEFUL_PROOF
        if not delta.get(operation, {}).get(status)
    ]
    if missing:
        print(f"FAIL: the stateful phase never achieved: {', '.join(missing)}")
        return False
    print("OK: the stateful phase created, fetched, updated and deleted messages.")
    return True


def run(args: argparse.Namespace) -> int:
    process: MockProcess | None = None
    if args.url:
        url = args.url.rstrip("/")
        sid, _, token = args.account.partition(":")
        account = (sid, token)
    else:
        account = ("AC" + secrets.token_hex(16), secrets.token_hex(16))
        process = MockProcess(account=account, step_seconds=0)
        url = process.start().url
        print(f"Started the mock at {url}", flush=True)
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            config = Path(scratch) / "schemathesis.toml"
            config.write_text(f'[parameters]\n"path.AccountSid" = "{account[0]}"\n')
            reports = args.report_dir
            if reports is not None:
                reports.mkdir(parents=True, exist_ok=True)
            generated = schemathesis(
                args,
                url,
                account,
                config,
                GENERATED_PHASES,
                args.max_examples,
                reports / "generated.xml" if reports else None,
            )
            before = request_counts(url)
            stateful = schemathesis(
                args,
                url,
                account,
                config,
                "stateful",
                args.stateful_max_examples,
                reports / "stateful.xml" if reports else None,
            )
            after = request_counts(url)
    finally:
        if process is not None:
            process.terminate()
    proven = True
    if before is None or after is None:
        print("\nThe server has no /_mock/stats: the stateful proof is skipped.")
    else:
        proven = prove_stateful(difference(before, after))
    print(f"\nContract run finished in {time.monotonic() - started:.0f} s.")
    if generated or stateful or not proven:
        print("Contract tests FAILED.")
        return 1
    print("Contract tests passed: zero failures in every phase.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
