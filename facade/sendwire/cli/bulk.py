"""`sendwire bulk send|redact|delete`: many messages, with progress, results and resume.

Every run keeps a journal (by default next to the input, or named after the filters); running
the same command again after Ctrl-C or a crash resumes it, sending only what has no confirmed
outcome. A row that failed without being sent can be corrected in the CSV: the same command
sends it (and only it) on the next run. A results CSV (index, to, sid, error_code,
error_message) is written at the end, and for `bulk send` a FILE.failed.csv with the failed
rows as they were plus error_code and error_message, to correct and send as a new input.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendwire.bulk import BulkResult, JournalMismatchError
from sendwire.bulk.opening import began as journal_began
from sendwire.cli import CommandError
from sendwire.cli.bulkrun import (
    EXIT_INTERRUPTED,
    Interruption,
    add_run_options,
    finish,
    run_options,
    run_with_display,
    since,
)
from sendwire.cli.bulksweep import register_sweeps
from sendwire.cli.connection import (
    EXIT_FAILED,
    EXIT_USAGE,
    client_arguments,
    connection_options,
    reports_errors,
)
from sendwire.cli.failedrows import line_of, where, write_failed
from sendwire.cli.fields import field_name
from sendwire.cli.rows import RowSource
from sendwire.errors import ValidationError

if TYPE_CHECKING:
    from sendwire.cli import Subparsers

DRY_RUN_ACCOUNT = "AC" + "0" * 32


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
        "(snake_case or the API's names). Results go to FILE.results.csv, failed rows to "
        "FILE.failed.csv and the journal to FILE.journal unless told otherwise.",
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
    send.add_argument(
        "--failed",
        type=Path,
        metavar="PATH",
        help="where to write the failed rows (default FILE.failed.csv)",
    )
    add_run_options(send)
    send.set_defaults(handler=reports_errors(run_send))
    register_sweeps(commands, common)


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
    failed = args.failed or args.file.with_suffix(".failed.csv")
    arguments = client_arguments(args)
    began = journal_began(journal)
    print(
        f"{'Resuming' if began else 'Sending'} {total} rows from {args.file} "
        f"(journal {journal}{since(began)})",
        flush=True,
    )

    interruption = Interruption()

    async def send(display: Any) -> BulkResult:
        from sendwire import AsyncClient

        interruption.install()
        async with AsyncClient(**arguments) as client:
            return await client.messages.send_many(
                interruption.rows(source), **run_options(args, journal, display)
            )

    try:
        result = run_with_display(send, "sent", total, args)
    except JournalMismatchError as error:
        line = line_of(source, error.index) if error.index is not None else None
        at = f"{args.file} line {line}: " if line else ""
        raise CommandError(
            f"{at}{error}; to send {args.file} afresh, remove {journal} or pass another --journal",
            EXIT_USAGE,
        ) from None
    if result is None:
        print(f"Interrupted: re-run the same command to resume from {journal}.", file=sys.stderr)
        return EXIT_INTERRUPTED
    with result:
        write_failed(source, result, failed)
        status = finish(result, results, "sent", also=f", failed rows: {failed}")
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
            print(f"{where(source, row.line, error)}: {error}")
    print(f"Dry run: {rows} rows checked, {bad} invalid; nothing was sent.")
    return EXIT_FAILED if bad else 0
