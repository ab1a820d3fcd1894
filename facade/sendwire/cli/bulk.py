"""`sendwire bulk send|redact|delete`: many messages, with progress, results and resume.

Every run keeps a journal (by default next to the input, or named after the filters); running
the same command again after Ctrl-C or a crash resumes it, sending only what has no confirmed
outcome. A results CSV (index, to, sid, error_code, error_message) is written at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendwire.bulk import BulkResult, JournalMismatchError
from sendwire.bulk.opening import began as journal_began
from sendwire.cli import CommandError
from sendwire.cli.argtypes import positive_float, positive_int
from sendwire.cli.connection import (
    EXIT_FAILED,
    EXIT_USAGE,
    client_arguments,
    connection_options,
    reports_errors,
)
from sendwire.cli.fields import field_name
from sendwire.cli.messages import add_list_filters, list_filters
from sendwire.cli.progress import progress_display
from sendwire.cli.resultsfile import write_results
from sendwire.cli.rows import RowSource
from sendwire.errors import ValidationError

if TYPE_CHECKING:
    from sendwire.cli import Subparsers

EXIT_INTERRUPTED = 130
DRY_RUN_ACCOUNT = "AC" + "0" * 32


def _run_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("run")
    group.add_argument(
        "--concurrency",
        type=positive_int,
        default=16,
        metavar="N",
        help="requests in flight at once (default 16)",
    )
    group.add_argument(
        "--rate",
        type=positive_float,
        metavar="PER_SECOND",
        help="at most this many requests per second (default: no limit)",
    )
    group.add_argument(
        "--journal",
        type=Path,
        metavar="PATH",
        help="journal file that makes the run resumable (default: see above)",
    )
    group.add_argument(
        "--results",
        type=Path,
        metavar="PATH",
        help="where to write the results CSV (default: see above)",
    )
    group.add_argument(
        "--stop-on-error", action="store_true", help="stop at the first item that fails"
    )
    group.add_argument("--no-progress", action="store_true", help="show no progress")


def register(subparsers: Subparsers) -> None:
    bulk = subparsers.add_parser(
        "bulk",
        help="send, redact or delete many messages",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = bulk.add_subparsers(dest="bulk_command", metavar="COMMAND", required=True)
    common = [connection_options()]

    send = commands.add_parser(
        "send",
        parents=common,
        help="send one message per CSV row",
        description="Send one message per row of FILE.csv. Columns: to, body, media_url "
        "(several URLs separated by spaces or |), from, and any other create field "
        "(snake_case or the API's names). Results go to FILE.results.csv and the "
        "journal to FILE.journal unless told otherwise.",
    )
    send.add_argument("file", type=Path, metavar="FILE.csv")
    send.add_argument(
        "--from", dest="from_", metavar="FROM", help="sender for rows without a from column value"
    )
    send.add_argument(
        "--messaging-service-sid",
        metavar="MG...",
        help="Messaging Service for rows without a sender",
    )
    send.add_argument(
        "--body",
        metavar="TEMPLATE",
        help="message text with {column} placeholders, e.g. 'Hi {name}'",
    )
    send.add_argument(
        "--dry-run",
        action="store_true",
        help="check every row as the client would, report bad rows, send nothing",
    )
    _run_options(send)
    send.set_defaults(handler=reports_errors(run_send))

    for name, verb in (("redact", "redact"), ("delete", "delete")):
        command = commands.add_parser(
            name,
            parents=common,
            help=f"{verb} every message the filters select",
            description=f"{verb.capitalize()} every message the filters select. The journal "
            f"and results default to sendwire-{name}-<filters>.journal / "
            ".results.csv in the current directory.",
        )
        add_list_filters(command)
        command.add_argument(
            "--all", action="store_true", help=f"{verb} every message of the account (no filter)"
        )
        _run_options(command)
        command.set_defaults(handler=reports_errors(run_sweep), action=name)


# -- bulk send ------------------------------------------------------------------------------


def run_send(args: argparse.Namespace) -> int:
    source = RowSource(args.file, args.body, args.from_, args.messaging_service_sid)
    total, unused = source.check()
    if unused:
        print(
            f"sendwire: note: column(s) {', '.join(unused)} are not create fields and not "
            "used by --body; they are ignored",
            file=sys.stderr,
        )
    if args.dry_run:
        return _dry_run(source, args)
    journal = args.journal or args.file.with_suffix(".journal")
    results = args.results or args.file.with_suffix(".results.csv")
    arguments = client_arguments(args)
    began = journal_began(journal)
    print(
        f"{'Resuming' if began else 'Sending'} {total} rows from {args.file} "
        f"(journal {journal}{_since(began)})",
        flush=True,
    )

    interruption = _Interruption()

    async def send(display: Any) -> BulkResult:
        from sendwire import AsyncClient

        interruption.install()
        async with AsyncClient(**arguments) as client:
            return await client.messages.send_many(
                interruption.rows(source),
                concurrency=args.concurrency,
                rate_limit=args.rate,
                journal=journal,
                on_progress=display.update if display else None,
                stop_on_error=args.stop_on_error,
            )

    try:
        result = _run(lambda display: send(display), "sent", total, args)
    except JournalMismatchError as error:
        raise CommandError(
            f"{error}; to send {args.file} afresh, remove {journal} or pass another --journal",
            EXIT_USAGE,
        ) from None
    if result is None:
        print(f"Interrupted: re-run the same command to resume from {journal}.", file=sys.stderr)
        return EXIT_INTERRUPTED
    status = _finish(result, results, "sent")
    if interruption.requested:
        print(
            f"Interrupted after {result.total} of {total} rows: re-run the same command to "
            f"resume from {journal}.",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return status


def _dry_run(source: RowSource, args: argparse.Namespace) -> int:
    from sendwire.bulk.target import prepare_create

    account = args.account_sid or os.environ.get("TWILIO_ACCOUNT_SID") or DRY_RUN_ACCOUNT
    rows = bad = 0
    header = source.header()
    fields = [field_name(column) for column in header]
    for row in source.rows():
        rows += 1
        try:
            prepare_create(account, source.request(header, fields, row.cells))
        except ValidationError as error:
            bad += 1
            print(f"{_where(source, row.line, error)}: {error}")
    print(f"Dry run: {rows} rows checked, {bad} invalid; nothing was sent.")
    return EXIT_FAILED if bad else 0


def _where(source: RowSource, line: int, error: BaseException) -> str:
    """``customers.csv line 19, column "to" (A)``: where a spreadsheet shows the problem."""
    column = source.column_of(getattr(error, "field", None))
    return f"{source.path.name} line {line}" + (f", column {column}" if column else "")


# -- bulk redact / delete -------------------------------------------------------------------


def _filters_tag(filters: dict[str, Any]) -> str:
    text = json.dumps({k: v for k, v in filters.items() if v is not None}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def run_sweep(args: argparse.Namespace) -> int:
    filters = list_filters(args)
    if not args.all and all(value is None for value in filters.values()):
        raise CommandError(
            f"bulk {args.action} needs at least one filter, or --all to "
            f"{args.action} every message of the account"
        )
    stem = f"sendwire-{args.action}-{_filters_tag(filters)}"
    journal = args.journal or Path(f"{stem}.journal")
    results = args.results or Path(f"{stem}.results.csv")
    arguments = client_arguments(args)
    began = journal_began(journal)
    print(
        f"{'Resuming' if began else 'Starting'} bulk {args.action} "
        f"(journal {journal}{_since(began)})",
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
            return await method(
                **filters,
                concurrency=args.concurrency,
                rate_limit=args.rate,
                journal=journal,
                on_progress=display.update if display else None,
                stop_on_error=args.stop_on_error,
            )

    verb = "redacted" if args.action == "redact" else "deleted"
    result = _run(lambda display: sweep(display), verb, None, args)
    if result is None:
        print(f"Interrupted: re-run the same command to resume from {journal}.", file=sys.stderr)
        return EXIT_INTERRUPTED
    return _finish(result, results, verb)


# -- shared -------------------------------------------------------------------------------


def _since(began: float | None) -> str:
    """``, begun 2024-06-01 10:02 UTC``: how old the run being resumed is."""
    if began is None:
        return ""
    moment = dt.datetime.fromtimestamp(began, dt.timezone.utc)
    return f", begun {moment:%Y-%m-%d %H:%M} UTC"


class _Interruption:
    """Ctrl-C during a run: the first stops taking new rows and lets what is in flight finish
    (so nothing is left to reconcile); a second one aborts at once."""

    def __init__(self) -> None:
        self.requested = False
        self._task: asyncio.Task[Any] | None = None

    def rows(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            if self.requested:
                return
            yield row

    def install(self) -> None:
        self._task = asyncio.current_task()
        with contextlib.suppress(NotImplementedError, RuntimeError):  # no signals here
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self._on_signal)

    def _on_signal(self) -> None:
        if self.requested or self._task is None:
            if self._task is not None:
                self._task.cancel()
            return
        self.requested = True
        print(
            "\nStopping after the requests in flight (Ctrl-C again to abort)...",
            file=sys.stderr,
            flush=True,
        )


def _run(work: Any, verb: str, total: int | None, args: argparse.Namespace) -> BulkResult | None:
    """Run the async work under a progress display; None when aborted by Ctrl-C."""
    display = progress_display(verb, total, enabled=not args.no_progress)
    with display if display is not None else contextlib.nullcontext():
        try:
            result: BulkResult = asyncio.run(work(display))
        except (KeyboardInterrupt, asyncio.CancelledError):
            return None
    return result


def _finish(result: BulkResult, results: Path, verb: str) -> int:
    with result:
        write_results(result, results)
        rate = result.total / result.duration if result.duration > 0 else 0.0
        extra = []
        if result.reconciled_count:
            extra.append(f"{result.reconciled_count} settled by reconciliation")
        if result.rate_limited_count:
            extra.append(f"{result.rate_limited_count} rate-limited answers")
        details = f" ({'; '.join(extra)})" if extra else ""
        print(
            f"Done: {result.succeeded_count} {verb}, {result.failed_count} failed"
            f"{' (stopped early; run the same command again to resume)' if result.stopped else ''}"
            f"{details} "
            f"in {result.duration:.1f}s ({rate:.0f}/s). Results: {results}"
        )
        return EXIT_FAILED if result.failed_count or result.stopped else 0
