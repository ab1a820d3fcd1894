"""`sendwire bulk redact|delete`: safe sweeps over the messages some filters select.

Before anything changes, the command counts the messages that match and says so. On a
terminal it asks for confirmation; elsewhere (a script, CI) it needs `--yes`, so a sweep is
never started by accident. `--dry-run` only counts. The journal and results are named after
the filters (`sendwire-delete-to-15558675310-date-sent-2024-06-01.journal`), and resuming an
old sweep says when it began.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendwire._generated.operations import LIST_MESSAGE
from sendwire.bulk import BulkResult
from sendwire.bulk.opening import began as journal_began
from sendwire.cli import CommandError
from sendwire.cli.bulkrun import (
    EXIT_INTERRUPTED,
    add_run_options,
    finish,
    run_options,
    run_with_display,
    since,
)
from sendwire.cli.connection import EXIT_FAILED, client_arguments, make_client, reports_errors
from sendwire.cli.messages import add_list_filters, list_filters

if TYPE_CHECKING:
    from sendwire.cli import Subparsers

#: The longest journal name made from filters; longer ones end in a short hash instead.
MAX_STEM = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def register_sweeps(commands: Subparsers, common: list[argparse.ArgumentParser]) -> None:
    for name in ("redact", "delete"):
        command = commands.add_parser(
            name,
            parents=common,
            help=f"{name} every message the filters select",
            description=f"{name.capitalize()} every message the filters select, after "
            "saying how many match and asking (--yes to skip; needed when not on a "
            f"terminal). The journal and results default to sendwire-{name}-<filters>.journal"
            " / .results.csv in the current directory.",
        )
        add_list_filters(command)
        command.add_argument(
            "--all", action="store_true", help=f"{name} every message of the account (no filter)"
        )
        command.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (needed in scripts)"
        )
        command.add_argument(
            "--dry-run", action="store_true", help=f"count what would be {name}d, change nothing"
        )
        add_run_options(command)
        command.set_defaults(handler=reports_errors(run_sweep), action=name)


def journal_stem(action: str, filters: dict[str, Any]) -> str:
    """``sendwire-delete-to-15558675310-date-sent-2024-06-01``: readable, safe as a file name."""
    parts = [
        f"{name.rstrip('_').replace('_', '-')}-{_UNSAFE.sub('', str(value))}"
        for name, value in sorted(filters.items())
        if value is not None
    ]
    stem = f"sendwire-{action}-{'-'.join(parts) or 'all'}"
    if len(stem) <= MAX_STEM:
        return stem
    digest = hashlib.sha256(stem.encode()).hexdigest()[:10]
    return f"{stem[: MAX_STEM - 11]}-{digest}"


def _described(filters: dict[str, Any]) -> str:
    chosen = [f"{name.rstrip('_')}={value}" for name, value in filters.items() if value]
    return ", ".join(chosen) or "every message of the account"


def _count(args: argparse.Namespace, filters: dict[str, Any]) -> int:
    with make_client(args) as client:
        return sum(1 for _ in client.messages.list(**filters, page_size=LIST_MESSAGE.max_page_size))


def _confirmed(args: argparse.Namespace, matching: int) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise CommandError(
            f"bulk {args.action} would {args.action} {matching} message(s): pass --yes to go "
            "ahead (there is no terminal to ask)"
        )
    answer = input(f"{args.action.capitalize()} {matching} message(s)? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def run_sweep(args: argparse.Namespace) -> int:
    filters = list_filters(args)
    if not args.all and all(value is None for value in filters.values()):
        raise CommandError(
            f"bulk {args.action} needs at least one filter, or --all to "
            f"{args.action} every message of the account"
        )
    stem = journal_stem(args.action, filters)
    journal = args.journal or Path(f"{stem}.journal")
    results = args.results or Path(f"{stem}.results.csv")
    arguments = client_arguments(args)
    began = journal_began(journal)
    matching = _count(args, filters)
    print(f"{matching} message(s) match ({_described(filters)}).", flush=True)
    verb = f"{args.action}d" if args.action == "delete" else "redacted"
    if args.dry_run:
        print(f"Dry run: nothing was {verb}.")
        return 0
    if matching == 0 and began is None:
        print(f"Nothing to {args.action}.")
        return 0
    if not _confirmed(args, matching):
        print(f"Cancelled: nothing was {verb}.")
        return EXIT_FAILED
    print(
        f"{'Resuming' if began else 'Starting'} bulk {args.action} "
        f"(journal {journal}{since(began)})",
        flush=True,
    )

    async def sweep(display: Any) -> BulkResult:
        from sendwire import AsyncClient

        async with AsyncClient(**arguments) as client:
            method = (
                client.messages.redact_many
                if args.action == "redact"
                else client.messages.delete_many
            )
            return await method(**filters, **run_options(args, journal, display))

    result = run_with_display(sweep, verb, matching, args)
    if result is None:
        print(f"Interrupted: re-run the same command to resume from {journal}.", file=sys.stderr)
        return EXIT_INTERRUPTED
    with result:
        return finish(result, results, verb)
