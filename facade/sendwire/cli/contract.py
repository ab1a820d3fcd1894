"""`sendwire contract`: the API contract suite against a server (needs `sendwire[contract]`)."""

from __future__ import annotations

import argparse
import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sendwire.cli import CommandError
from sendwire.cli.argtypes import positive_float, positive_int
from sendwire.contract import settings as defaults

if TYPE_CHECKING:
    from sendwire.cli import Subparsers

ACCOUNT_ENV = "SENDWIRE_CONTRACT_ACCOUNT"
EXTRA_HINT = "pip install 'sendwire[contract]'"


def _phases(text: str) -> tuple[str, ...]:
    try:
        return defaults.parse_phases(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "contract",
        help="run the API contract suite (schemathesis) against a server",
        description=(
            "Test a Messages API server against the spec shipped with sendwire: every "
            "schemathesis phase and every check, and proof that the stateful phase created, "
            "fetched, updated and deleted messages. Without --url it starts a `sendwire mock`. "
            "Exit status: 0 passed, 1 checks failed, 2 usage error or missing extra, "
            "3 checks passed but the stateful phase proved nothing. "
            f"Needs the contract extra: {EXTRA_HINT}."
        ),
    )
    parser.add_argument("--url", help="the server to test (default: start a mock server)")
    parser.add_argument(
        "--account",
        metavar="SID:TOKEN",
        help=f"credentials for --url [{ACCOUNT_ENV}]; prefer the environment variable, "
        "command lines are visible to other users",
    )
    parser.add_argument("--seed", type=int, default=defaults.DEFAULT_SEED)
    parser.add_argument(
        "--max-examples",
        type=positive_int,
        default=defaults.DEFAULT_MAX_EXAMPLES,
        metavar="N",
        help="test cases per operation in each generated phase (default: %(default)s)",
    )
    parser.add_argument(
        "--stateful-max-examples",
        type=positive_int,
        default=defaults.DEFAULT_STATEFUL_MAX_EXAMPLES,
        metavar="N",
        help="stateful scenarios, each a chain of linked calls (default: %(default)s)",
    )
    parser.add_argument(
        "--max-time",
        type=positive_float,
        metavar="S",
        help="time budget in seconds for the whole run, shared by its phases",
    )
    parser.add_argument(
        "--junit", type=Path, metavar="PATH", help="write one JUnit XML report of every phase"
    )
    parser.add_argument(
        "--phases",
        type=_phases,
        default=defaults.PHASES,
        metavar="LIST",
        help=f"comma-separated phases to run (default: {','.join(defaults.PHASES)})",
    )
    # One worker by default: CPython 3.11 can fail with "AST constructor recursion depth
    # mismatch" when several threads build hypothesis strategies at once.
    parser.add_argument("--workers", default="1", help="schemathesis workers, or 'auto'")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("schemathesis") is None:
        raise CommandError(f"the contract suite needs schemathesis: {EXTRA_HINT}")
    from sendwire.contract.run import RunError
    from sendwire.contract.run import run as run_contract

    account_text = args.account or os.environ.get(ACCOUNT_ENV) or None
    try:
        account = defaults.parse_account(account_text) if account_text else None
    except ValueError as error:
        raise CommandError(f"--account: {error}") from None
    if args.url and account is None:
        raise CommandError(f"--url needs --account SID:TOKEN (or {ACCOUNT_ENV})")
    settings = defaults.ContractSettings(
        url=args.url,
        account=account,
        seed=args.seed,
        max_examples=args.max_examples,
        stateful_max_examples=args.stateful_max_examples,
        max_time=args.max_time,
        workers=args.workers,
        phases=args.phases,
        junit=args.junit,
    )
    try:
        return run_contract(settings)
    except RunError as error:
        raise CommandError(str(error)) from None
