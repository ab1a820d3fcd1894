"""Progress of long commands: a rich bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

from sendwire.bulk.progress import BulkProgress

if TYPE_CHECKING:
    from typing_extensions import Self

PLAIN_INTERVAL = 2.0


def _eta(progress: BulkProgress, total: int | None) -> str:
    """Time left at this run's own rate (what earlier runs did is not counted in it)."""
    if total is None or progress.rate <= 0:
        return "?"
    left = max(0, total - progress.processed) / progress.rate
    return f"{left:.0f}s"


class PlainProgress:
    """A line every few seconds, for logs and pipes."""

    def __init__(self, verb: str, total: int | None, out: TextIO) -> None:
        self._verb = verb
        self._total = total
        self._out = out
        self._last = 0.0

    def update(self, progress: BulkProgress) -> None:
        now = time.monotonic()
        if progress.phase != "done" and now - self._last < PLAIN_INTERVAL:
            return
        self._last = now
        of = f" of {self._total}" if self._total is not None else ""
        share = f" ({100 * progress.processed / self._total:.0f}%)" if self._total else ""
        phase = " reconciling" if progress.phase == "reconciling" else ""
        print(
            f"{progress.processed}{of} done{share}: {self._verb} {progress.sent_now} now, "
            f"{progress.resumed} earlier, failed {progress.failed}, unknown {progress.pending}, "
            f"{progress.rate:.0f}/s, ETA {_eta(progress, self._total)}{phase}",
            file=self._out,
            flush=True,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class RichProgress:
    """A live bar with counts, rate and time left."""

    def __init__(self, verb: str, total: int | None, out: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>7.0f}/s"),
            TextColumn(f"{verb} {{task.fields[now]}} now, {{task.fields[earlier]}} earlier,"),
            TextColumn("failed {task.fields[failed]}, unknown {task.fields[unknown]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=out),
            transient=False,
        )
        self._verb = verb
        self._task = self._progress.add_task(
            verb, total=total, rate=0.0, failed=0, now=0, earlier=0, unknown=0
        )

    def update(self, progress: BulkProgress) -> None:
        description = "reconciling" if progress.phase == "reconciling" else self._verb
        self._progress.update(
            self._task,
            completed=progress.processed,
            rate=progress.rate,
            failed=progress.failed,
            now=progress.sent_now,
            earlier=progress.resumed,
            unknown=progress.pending,
            description=description,
        )

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()


def progress_display(
    verb: str, total: int | None, *, enabled: bool = True, out: TextIO | None = None
) -> Any:
    """The display for this terminal: rich if stdout is one (and rich is installed)."""
    stream = out or sys.stdout
    if not enabled:
        return None
    if stream.isatty():
        try:
            return RichProgress(verb, total, stream)
        except ImportError:
            print(
                "sendwire: the progress bar needs the 'cli' extra "
                "(pip install 'sendwire[cli]'); showing plain progress lines",
                file=sys.stderr,
            )
    return PlainProgress(verb, total, stream)
