"""The rows that failed, in the input's own form, to be corrected and sent again.

``FILE.failed.csv`` holds each failed row's original cells (as they were, so the file can be
edited and sent as a new input) followed by ``error_code`` and ``error_message``. A file that
already has those two columns (a failed-rows file sent again) gets them replaced, not doubled.
On the terminal, the first failures are named by file line and column, as a spreadsheet
shows them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from sendwire._generated.errors import ALTERNATIVE_ERRORS, PARAMETER_ERRORS
from sendwire.bulk import BulkFailure, BulkResult
from sendwire.cli.fields import field_name
from sendwire.cli.resultsfile import error_cells, replaced_atomically
from sendwire.cli.rows import ERROR_COLUMNS, Row, RowSource
from sendwire.cli.spreadsheet import people_writer, safe_cell

#: Failures named on the terminal; the rest are in the failed-rows file.
SHOWN = 10

# The parameter an error code is about (a one-of-these rule names its first alternative).
_PARAMETER_OF_CODE = {
    code: name.removesuffix("[]") for (name, _), (code, _) in PARAMETER_ERRORS.items()
}
_PARAMETER_OF_CODE.update({code: min(names) for names, (code, _) in ALTERNATIVE_ERRORS.items()})


def where(source: RowSource, line: int, error: BaseException) -> str:
    """``customers.csv line 19, column "to" (A)``: where a spreadsheet shows the problem."""
    field = getattr(error, "field", None)
    if field is None:
        parameter = _PARAMETER_OF_CODE.get(getattr(error, "code", None) or 0)
        field = field_name(parameter) if parameter else None
    column = source.column_of(field)
    return f"{source.path.name} line {line}" + (f", column {column}" if column else "")


def failed_rows(source: RowSource, result: BulkResult) -> Iterator[tuple[Row, BulkFailure]]:
    """Each failed item with the input row it came from, in input order."""
    failures = iter(result.failed)
    failure = next(failures, None)
    for row in source.rows():
        while failure is not None and failure.index < row.index:
            failure = next(failures, None)
        if failure is None:
            return
        if failure.index == row.index:
            yield row, failure


def line_of(source: RowSource, index: int) -> int | None:
    """The file line of data row ``index``."""
    return next((row.line for row in source.rows() if row.index == index), None)


def write_failed(source: RowSource, result: BulkResult, path: Path) -> int:
    """Write the failed rows (see the module's description), name the first ones on stderr;
    returns how many there were."""
    header = source.header()
    keep = [i for i, name in enumerate(header) if name.casefold() not in ERROR_COLUMNS]
    count = 0
    with replaced_atomically(path) as handle:
        writer = people_writer(handle)
        writer.writerow([header[i] for i in keep] + list(ERROR_COLUMNS))
        for row, failure in failed_rows(source, result):
            code, message = error_cells(failure.error)
            cells = row.cells + [""] * (len(header) - len(row.cells))
            # The row's own cells as they were, so the file is an input again; the error
            # texts come from the service, so they are made safe for a spreadsheet.
            writer.writerow([cells[i] for i in keep] + [safe_cell(code), safe_cell(message)])
            if count < SHOWN:
                shown = f" (error {code})" if code else ""
                print(
                    f"{where(source, row.line, failure.error)}: {message}{shown}", file=sys.stderr
                )
            count += 1
    if count > SHOWN:
        print(f"... and {count - SHOWN} more in {path}", file=sys.stderr)
    return count
