"""What `bulk send`, `bulk redact` and `bulk delete` share: run options, Ctrl-C, the progress
display around the async run, and the summary that tells this run's work from earlier runs'."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sendwire.bulk import BulkResult
from sendwire.bulk.options import BulkOptions
from sendwire.cli.argtypes import positive_float, positive_int
from sendwire.cli.connection import EXIT_FAILED
from sendwire.cli.progress import progress_display
from sendwire.cli.resultsfile import write_results

EXIT_INTERRUPTED = 130


def add_run_options(parser: argparse.ArgumentParser) -> None:
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


def run_options(args: argparse.Namespace, journal: Path, display: Any) -> BulkOptions:
    return BulkOptions(
        concurrency=args.concurrency,
        rate_limit=args.rate,
        journal=journal,
        on_progress=display.update if display else None,
        stop_on_error=args.stop_on_error,
    )


def since(began: float | None) -> str:
    """``, begun 2024-06-01 10:02 UTC``: how old the run being resumed is."""
    if began is None:
        return ""
    moment = dt.datetime.fromtimestamp(began, dt.timezone.utc)
    return f", begun {moment:%Y-%m-%d %H:%M} UTC"


class Interruption:
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


def run_with_display(
    work: Any, verb: str, total: int | None, args: argparse.Namespace
) -> BulkResult | None:
    """Run the async work under a progress display; None when aborted by Ctrl-C."""
    display = progress_display(verb, total, enabled=not args.no_progress)
    with display if display is not None else contextlib.nullcontext():
        try:
            result: BulkResult = asyncio.run(work(display))
        except (KeyboardInterrupt, asyncio.CancelledError):
            return None
    return result


def summary(result: BulkResult, verb: str) -> str:
    """``3 sent now, 47 done earlier (45 sent, 2 failed), 1 failed, 0 unknown in 0.4s (8/s)``:
    the rate counts only what this run did."""
    rate = result.succeeded_now_count / result.duration if result.duration > 0 else 0.0
    earlier = result.earlier_succeeded_count + result.earlier_failed_count
    parts = [f"{result.succeeded_now_count} {verb} now"]
    if earlier:
        parts.append(
            f"{earlier} done earlier ({result.earlier_succeeded_count} {verb}, "
            f"{result.earlier_failed_count} failed)"
        )
    parts.append(f"{result.failed_now_count} failed")
    parts.append(f"{result.unknown_count} unknown")
    extra = []
    if result.reconciled_count:
        extra.append(f"{result.reconciled_count} settled by reconciliation")
    if result.rate_limited_count:
        extra.append(f"{result.rate_limited_count} rate-limited answers")
    details = f" ({'; '.join(extra)})" if extra else ""
    stopped = " (stopped early; run the same command again to resume)" if result.stopped else ""
    return f"{', '.join(parts)}{stopped}{details} in {result.duration:.1f}s ({rate:.0f}/s)"


def finish(result: BulkResult, results: Path, verb: str, *, also: str = "") -> int:
    """Write the results file, print the summary; the exit status."""
    write_results(result, results)
    print(f"Done: {summary(result, verb)}. Results: {results}{also}")
    return EXIT_FAILED if result.failed_count or result.stopped else 0
