"""`sendwire mock`: run the local mock Messages API server."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sendwire.cli import CommandError

if TYPE_CHECKING:
    from sendwire.cli import Subparsers
    from sendwire.mock import Account, Faults


def _account(text: str) -> Account:
    from sendwire.mock import Account

    try:
        return Account.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _faults(text: str) -> Faults:
    from sendwire.mock import Faults

    try:
        return Faults.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("a port is between 0 and 65535 (0 picks a free one)")
    return port


def _non_negative(convert: Callable[[str], float], what: str) -> Callable[[str], float]:
    """An argparse type: a number of `convert`'s kind, 0 or more (0 turns a limit off)."""

    def parse(text: str) -> float:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what}, not {text!r}") from None
        if not 0 <= value < float("inf"):
            raise argparse.ArgumentTypeError(f"{what}, not negative (0 turns the limit off)")
        return value

    return parse


_seconds = _non_negative(float, "a number of seconds")
_count = _non_negative(int, "a whole number")


# Flag, MockConfig field and what it bounds; unset flags keep MockConfig's defaults.
_LIMITS = (
    ("--header-timeout", "header_timeout", _seconds, "SECONDS",
     "time to send a request head, from connecting or from its first byte"),
    ("--max-header-bytes", "max_header_bytes", _count, "N",
     "size of a request head, any one line included; larger gets 431"),
    ("--max-headers", "max_headers", _count, "N", "header fields in a request; more gets 431"),
    ("--idle-timeout", "idle_timeout", _seconds, "SECONDS",
     "a kept-alive connection idle this long is closed"),
    ("--max-connections", "max_connections", _count, "N",
     ("open connections (kept below the descriptor limit); past it the longest idle one is "
      "closed, or a newcomer gets 503 when all are busy")),
)  # fmt: skip


def _add_limits(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "limits on clients", "0 turns a limit off; the defaults are in RELIABILITY.md"
    )
    for flag, field, parse, metavar, help_text in _LIMITS:
        group.add_argument(flag, dest=field, type=parse, metavar=metavar, help=help_text)


def _limits(args: argparse.Namespace) -> dict[str, float]:
    return {
        field: getattr(args, field) for _, field, *_ in _LIMITS if getattr(args, field) is not None
    }


def _incoming_url(text: str) -> str:
    if not text.lower().startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError("the incoming-message URL must be http:// or https://")
    return text


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "mock",
        help="run the local mock Messages API server",
        description=(
            "Serve a stateful Messages API on your machine, validated against the spec. "
            "Test controls live under /_mock/ (see the README)."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument(
        "--port", type=_port, default=4010, help="port to listen on; 0 picks a free one"
    )
    parser.add_argument(
        "--account",
        metavar="SID:TOKEN",
        type=_account,
        action="append",
        default=[],
        help="an account to accept (repeatable; the token shows in the process list: "
        "prefer --accounts-file or $SENDWIRE_MOCK_ACCOUNTS); without any, a test account "
        "is created",
    )
    parser.add_argument(
        "--accounts-file",
        type=Path,
        metavar="PATH",
        help="accounts to accept, one SID:TOKEN a line; the file must be readable by its "
        "owner only (chmod 600). Also read: $SENDWIRE_MOCK_ACCOUNTS=SID:TOKEN,...",
    )
    parser.add_argument(
        "--db", type=Path, metavar="PATH", help="keep state in this SQLite file (default: memory)"
    )
    parser.add_argument(
        "--faults",
        type=_faults,
        metavar="SPEC",
        help='inject faults, e.g. "429=0.05,503=0.02,reset=0.01,reset_after_commit=0.01,'
        'latency_ms=5"',
    )
    parser.add_argument("--seed", type=int, help="seed of the fault generator")
    parser.add_argument(
        "--step-seconds",
        type=float,
        default=1.0,
        metavar="S",
        help="mock-clock seconds between status steps; 0 = final status by the next read",
    )
    parser.add_argument(
        "--incoming-url",
        type=_incoming_url,
        metavar="URL",
        help="post incoming messages (e.g. from the inbox's virtual phone) to your app here, "
        "signed, and send its TwiML <Message> replies",
    )
    parser.add_argument(
        "--log-requests", action="store_true", help="print one line per API request"
    )
    parser.add_argument("--spec", type=Path, metavar="PATH", help=argparse.SUPPRESS)
    _add_limits(parser)
    parser.set_defaults(handler=run)


def _given_accounts(args: argparse.Namespace) -> list[Account]:
    from sendwire.mock.account_sources import (
        AccountSourceError,
        accounts_from_env,
        accounts_from_file,
    )

    accounts: list[Account] = list(args.account)
    if args.account:
        print(
            "warning: --account puts the token in the process list; "
            "prefer --accounts-file or $SENDWIRE_MOCK_ACCOUNTS",
            file=sys.stderr,
        )
    try:
        if args.accounts_file is not None:
            accounts += accounts_from_file(args.accounts_file)
        accounts += accounts_from_env()
    except AccountSourceError as error:
        raise CommandError(str(error)) from None
    return accounts


def run(args: argparse.Namespace) -> int:
    try:
        from sendwire.mock import Account, Faults, MockConfig, create_app
        from sendwire.mock.server import bind, serve_forever, url_for
    except ImportError as error:
        raise CommandError(
            f"the mock server needs the 'mock' extra (pip install 'sendwire[mock]'): {error}"
        ) from None

    if args.step_seconds < 0:
        raise CommandError("--step-seconds cannot be negative")
    accounts = _given_accounts(args)
    config = MockConfig(
        accounts=accounts,
        db_path=args.db,
        faults=args.faults or Faults(),
        seed=args.seed,
        step_seconds=args.step_seconds,
        spec_path=args.spec,
        **_limits(args),  # type: ignore[arg-type]
        incoming_url=args.incoming_url,
        log_requests=args.log_requests,
    )
    try:
        app = create_app(config)
    except (OSError, ValueError) as error:
        raise CommandError(f"cannot start the mock: {error}") from None

    if accounts:
        for account in accounts:
            print(f"Account SID: {account.sid}")
    else:
        # The mock's own test credential: printing it is how a user learns it.
        known = app.credentials.account_sids()
        if known:
            sid, token = known[0], app.credentials.auth_token(known[0]) or ""
        else:
            generated = Account.generate()
            app.add_account(generated.sid, generated.auth_token)
            sid, token = generated.sid, generated.auth_token
        print(f"Account SID: {sid}")
        print(f"Auth token:  {token}")
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {error}") from None
    url = url_for(sock)

    def ready() -> None:
        print(f"Sendwire mock listening on {url}", flush=True)
        print(f"Inbox: {url}/_mock/inbox/", flush=True)

    serve_forever(app, sock, ready)
    return 0
