"""The results CSV of a bulk command: one row per item, in input order."""

from __future__ import annotations

import contextlib
import heapq
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from sendwire.bulk import BulkFailure, BulkResult, BulkSuccess
from sendwire.cli import CommandError
from sendwire.cli.connection import EXIT_USAGE
from sendwire.cli.spreadsheet import people_writer, write_row
from sendwire.errors import ApiError, ValidationError

COLUMNS = ("index", "to", "sid", "error_code", "error_message")


def error_cells(error: BaseException) -> tuple[str, str]:
    """(code, message) of an item's error: the API's code, whether the service refused the
    item or the client did first."""
    code = getattr(error, "code", None) if isinstance(error, (ApiError, ValidationError)) else None
    return (str(code) if code else "", getattr(error, "message", None) or str(error))


def _rows(result: BulkResult) -> Iterator[tuple[int, str, str, str, str]]:
    entries: Iterator[BulkSuccess | BulkFailure] = heapq.merge(
        result.succeeded, result.failed, key=lambda entry: entry.index
    )
    for entry in entries:
        request = entry.request
        if isinstance(entry, BulkSuccess):
            yield entry.index, entry.message.to or "", entry.message.sid, "", ""
        else:
            code, message = error_cells(entry.error)
            yield (
                entry.index,
                str(request.get("to") or ""),
                str(request.get("sid") or ""),
                code,
                message,
            )


def write_results(result: BulkResult, path: Path) -> None:
    """Write the whole file next to its final name, then move it into place; cells a
    spreadsheet would run as formulas are neutralised (``spreadsheet``)."""
    with replaced_atomically(path) as handle:
        writer = people_writer(handle)
        write_row(writer, COLUMNS)
        for row in _rows(result):
            write_row(writer, row)


@contextlib.contextmanager
def replaced_atomically(path: Path) -> Iterator[TextIO]:
    """A file written beside ``path`` and moved into place only when complete; a failure
    (a full disk, a directory that cannot be written) is a one-line ``CommandError``."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", newline="", encoding="utf-8") as handle:
            yield handle
        os.replace(partial, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise CommandError(f"cannot write {path}: {error.strerror or error}", EXIT_USAGE) from None
