"""Reading a bulk CSV into create requests, lazily, one row at a time.

Columns that name a create field become that field; any column can fill a ``{column}``
placeholder of a ``--body`` template. Empty cells are left out. ``--from`` and
``--messaging-service-sid`` apply to rows that name no sender.
"""

from __future__ import annotations

import csv
import string
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from sendwire.cli import CommandError
from sendwire.cli.fields import field_name, field_value


@attrs.frozen
class RowSource:
    path: Path
    body_template: str | None = None
    default_from: str | None = None
    default_service: str | None = None

    def header(self) -> list[str]:
        with self._open() as handle:
            header = next(csv.reader(handle), None)
        if not header:
            raise CommandError(f"{self.path} is empty: the first line must name the columns")
        return [column.strip() for column in header]

    def check(self) -> list[str]:
        """Fail early on a header that cannot work; return columns nothing will use."""
        header = self.header()
        names = {field_name(column) for column in header}
        placeholders = _placeholders(self.body_template) if self.body_template else set()
        missing = sorted(placeholders - set(header))
        if missing:
            raise CommandError(
                f"--body uses {', '.join('{' + m + '}' for m in missing)} but "
                f"{self.path} has no such column (it has: {', '.join(header)})"
            )
        if "to" not in names:
            raise CommandError(f"{self.path} needs a 'to' column (it has: {', '.join(header)})")
        return [c for c in header if field_name(c) is None and c not in placeholders]

    def count(self) -> int:
        with self._open() as handle:
            reader = csv.reader(handle)
            next(reader, None)
            return sum(1 for _ in reader)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self._open() as handle:
            reader = csv.reader(handle)
            header = [column.strip() for column in next(reader, [])]
            fields = [field_name(column) for column in header]
            for cells in reader:
                yield self._request(header, fields, cells)

    def _request(
        self, header: Sequence[str], fields: Sequence[str | None], cells: Sequence[str]
    ) -> dict[str, Any]:
        request: dict[str, Any] = {}
        for name, cell in zip(fields, cells, strict=False):
            if name is not None and cell.strip():
                request[name] = field_value(name, cell)
        if self.body_template is not None:
            values = dict(zip(header, cells, strict=False))
            request["body"] = self.body_template.format_map(_Blank(values))
        if "from_" not in request and "messaging_service_sid" not in request:
            if self.default_from:
                request["from_"] = self.default_from
            if self.default_service:
                request["messaging_service_sid"] = self.default_service
        return request

    def _open(self) -> Any:
        try:
            return self.path.open(newline="", encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"cannot read {self.path}: {error.strerror}") from None


class _Blank(dict[str, str]):
    """Template values: a row shorter than the header leaves its placeholders empty."""

    def __missing__(self, key: str) -> str:
        return ""


def _placeholders(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as error:
        raise CommandError(f"--body is not a valid template: {error}") from None
