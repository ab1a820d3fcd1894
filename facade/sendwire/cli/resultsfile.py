"""The results CSV of a bulk command: one row per item, in input order."""

from __future__ import annotations

import csv
import heapq
import os
from collections.abc import Iterator
from pathlib import Path

from sendwire.bulk import BulkFailure, BulkResult, BulkSuccess
from sendwire.errors import ApiError, ValidationError

COLUMNS = ("index", "to", "sid", "error_code", "error_message")


def _rows(result: BulkResult) -> Iterator[tuple[int, str, str, str, str]]:
    entries: Iterator[BulkSuccess | BulkFailure] = heapq.merge(
        result.succeeded, result.failed, key=lambda entry: entry.index
    )
    for entry in entries:
        request = entry.request
        if isinstance(entry, BulkSuccess):
            yield entry.index, entry.message.to or "", entry.message.sid, "", ""
        else:
            error = entry.error
            # The API's code, whether the service refused the item or the client did first.
            code = (
                getattr(error, "code", None)
                if isinstance(error, (ApiError, ValidationError))
                else None
            )
            code = str(code) if code else ""
            message = getattr(error, "message", None) or str(error)
            yield (
                entry.index,
                str(request.get("to") or ""),
                str(request.get("sid") or ""),
                code,
                message,
            )


def write_results(result: BulkResult, path: Path) -> None:
    """Write the whole file next to its final name, then move it into place."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(_rows(result))
    os.replace(partial, path)
