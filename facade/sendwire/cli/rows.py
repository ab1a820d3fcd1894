"""Reading a bulk CSV into create requests, strictly, one row at a time.

Columns that name a create field become that field; any column can fill a ``{column}``
placeholder of a ``--body`` template. Empty cells are left out, and blank lines (or rows of
empty cells) are skipped. ``--from`` and ``--messaging-service-sid`` apply to rows that name
no sender.

A file people made is read as hostile: :meth:`RowSource.check` reads all of it before anything
is sent and refuses, naming the file and its line, a file that is not UTF-8 (a UTF-8 byte order
mark is fine), an unterminated quote or stray text after a closing quote, a NUL character, a
header naming one column twice (case and spelling aside: ``to,To`` or ``from,From``), a row
with more cells than the header, and a cell over ``MAX_CELL`` characters. Line numbers are the
file's lines, which is the row a spreadsheet shows unless a cell spans several lines.
"""

from __future__ import annotations

import csv
import string
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from sendwire.cli import CommandError
from sendwire.cli.fields import field_name, field_value

#: The longest cell accepted, in characters: far above any create field (a body is at most
#: 1,600 characters) and small enough that a runaway quote is caught at once.
MAX_CELL = 64 * 1024
#: Columns a failed-rows file adds to the input's (``failedrows``): known, and not sent.
ERROR_COLUMNS = ("error_code", "error_message")
#: The most columns a row may have.
MAX_COLUMNS = 1024
#: Python's csv parser stops at its own field limit first: set just above ours, so either
#: way the cell is refused with the same message.
csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL + 1))


@attrs.frozen
class Row:
    """A data row: ``index`` counts data rows from 0 (the journal's numbering), ``line`` is
    the file line it starts on (the header is line 1)."""

    index: int
    line: int
    cells: list[str]


def column_letter(position: int) -> str:
    """A spreadsheet's name for the column at 0-based ``position``: A, B, ... Z, AA..."""
    name = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


@attrs.frozen
class RowSource:
    path: Path
    body_template: str | None = None
    default_from: str | None = None
    default_service: str | None = None

    def header(self) -> list[str]:
        with self._open() as handle:
            for _, cells in self._records(handle):
                return [column.strip() for column in cells]
        raise CommandError(f"{self.path} is empty: the first line must name the columns")

    def check(self) -> tuple[int, list[str]]:
        """Read the whole file and refuse what cannot work; return the number of data rows
        and the columns nothing will use."""
        header = self.header()
        _check_header(self.path, header)
        placeholders = _placeholders(self.body_template) if self.body_template else set()
        missing = sorted(placeholders - set(header))
        if missing:
            raise CommandError(
                f"--body uses {', '.join('{' + m + '}' for m in missing)} but "
                f"{self.path} has no such column (it has: {', '.join(header)})"
            )
        if self.body_template is not None:
            _render(self.body_template, {name: "" for name in header})
        if "to" not in {field_name(column) for column in header}:
            raise CommandError(f"{self.path} needs a 'to' column (it has: {', '.join(header)})")
        count = sum(1 for _ in self.rows())
        unused = [
            c
            for c in header
            if c
            and field_name(c) is None
            and c not in placeholders
            and c.casefold() not in ERROR_COLUMNS
        ]
        return count, unused

    def rows(self) -> Iterator[Row]:
        """The data rows, checked as they are read."""
        with self._open() as handle:
            records = self._records(handle)
            width = len(next(records, (0, []))[1])
            index = 0
            for line, cells in records:
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                    raise CommandError(
                        f"{self.path} line {line}: {len(cells)} cells, but the header names "
                        f"{width} columns (a stray comma or quote?)"
                    )
                yield Row(index, line, cells[:width])
                index += 1

    def __iter__(self) -> Iterator[dict[str, Any]]:
        header = self.header()
        fields = [field_name(column) for column in header]
        for row in self.rows():
            yield self.request(header, fields, row.cells)

    def request(
        self, header: Sequence[str], fields: Sequence[str | None], cells: Sequence[str]
    ) -> dict[str, Any]:
        request: dict[str, Any] = {}
        for name, cell in zip(fields, cells, strict=False):
            if name is not None and cell.strip():
                request[name] = field_value(name, cell)
        if self.body_template is not None:
            request["body"] = _render(self.body_template, dict(zip(header, cells, strict=False)))
        if "from_" not in request and "messaging_service_sid" not in request:
            if self.default_from:
                request["from_"] = self.default_from
            if self.default_service:
                request["messaging_service_sid"] = self.default_service
        return request

    def column_of(self, field: str | None) -> str | None:
        """Where a create field comes from, as a spreadsheet names it: ``"to" (A)``."""
        if field is None:
            return None
        if field == "body" and self.body_template is not None:
            return "--body"
        for position, column in enumerate(self.header()):
            if field_name(column) == field:
                return f'"{column}" ({column_letter(position)})'
        return None

    def _records(self, handle: TextIO) -> Iterator[tuple[int, list[str]]]:
        """(start line, cells) per CSV record, with every structural problem refused."""
        reader = csv.reader(handle, strict=True)
        line = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise CommandError(f"{self.path} line {line}: {_csv_problem(error)}") from None
            except UnicodeDecodeError:
                raise CommandError(_undecodable(self.path)) from None
            if len(cells) > MAX_COLUMNS:
                raise CommandError(
                    f"{self.path} line {line}: {len(cells)} cells, more than {MAX_COLUMNS}"
                )
            for position, cell in enumerate(cells):
                if len(cell) > MAX_CELL:
                    raise CommandError(
                        f"{self.path} line {line}, column {column_letter(position)}: a cell of "
                        f"{len(cell)} characters, over the limit of {MAX_CELL}"
                    )
                if "\x00" in cell:
                    raise CommandError(
                        f"{self.path} line {line}, column {column_letter(position)}: a NUL "
                        "character (is the file UTF-16? save it as UTF-8)"
                    )
            yield line, cells
            line = reader.line_num + 1

    def _open(self) -> TextIO:
        try:
            return self.path.open(newline="", encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"cannot read {self.path}: {error.strerror}") from None


def _csv_problem(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text or "EOF" in text:
        return "a quoted cell starts here and is never closed (unterminated quote)"
    if "field larger than field limit" in text:
        return f"a cell over the limit of {MAX_CELL} characters (an unterminated quote?)"
    if "expected after" in text:
        return "text follows a closing quote (a stray quote inside a cell?)"
    return f"not valid CSV ({text})"


def _undecodable(path: Path) -> str:
    """Which line of ``path`` is not UTF-8, read again as bytes to name it exactly."""
    with path.open("rb") as handle:
        start = handle.read(4)
        if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return f"{path} is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8"
        handle.seek(0)
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as error:
                byte = raw[error.start]
                return (
                    f"{path} line {number}: byte 0x{byte:02x} is not UTF-8 (saved as Latin-1 "
                    "or Windows-1252?): save the file as UTF-8"
                )
    return f"{path} is not UTF-8: save it as UTF-8"  # pragma: no cover - a line fails above


def _check_header(path: Path, header: Sequence[str]) -> None:
    """Refuse two columns for one thing: the same name in any case or spacing, or two
    spellings of one create field (``media_url`` and ``MediaUrl``)."""
    seen: dict[str, int] = {}
    for position, column in enumerate(header):
        if not column:
            continue
        keys = {column.casefold()}
        field = field_name(column)
        if field is not None:
            keys.add(f"field:{field}")
        for key in keys:
            if key in seen:
                first = seen[key]
                raise CommandError(
                    f"{path} line 1: columns {column_letter(first)} ({header[first]!r}) and "
                    f"{column_letter(position)} ({column!r}) name the same column: keep one"
                )
            seen[key] = position


class _Blank(dict[str, str]):
    """Template values: a row shorter than the header leaves its placeholders empty."""

    def __missing__(self, key: str) -> str:
        return ""


def _render(template: str, values: dict[str, str]) -> str:
    try:
        return template.format_map(_Blank(values))
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as error:
        raise CommandError(f"--body is not a valid template: {error}") from None


def _placeholders(template: str) -> set[str]:
    """The columns a template names; only plain ``{column}`` placeholders are allowed."""
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise CommandError(
            f"--body is not a valid template: {error} (write {{{{ and }}}} for literal braces)"
        ) from None
    for _, name, spec, _ in parsed:
        if name is None:
            continue
        if not name.strip() or name.isdigit():
            raise CommandError(
                "--body is not a valid template: every {} must name a column, e.g. {name} "
                "(write {{ and }} for literal braces)"
            )
        if any(mark in name for mark in ".[]") or (spec and "{" in spec):
            raise CommandError(
                f"--body is not a valid template: {{{name}}} must be a plain column name"
            )
        names.add(name)
    return names
