"""Showing messages and media: a plain table, JSON or CSV."""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TextIO

import attrs

from sendwire.cli.spreadsheet import people_writer, write_row


def record(item: Any) -> dict[str, Any]:
    """An attrs model as a dict of JSON-ready values, with the API's own field names."""
    out: dict[str, Any] = {}
    names = [f.name for f in attrs.fields(type(item)) if f.name != "extra_properties"]
    wire_names: Mapping[str, str] = getattr(type(item), "_wire_names", {})
    values = [(name, getattr(item, name)) for name in names]
    # Properties the service sent that the spec does not list are shown too.
    values += list(getattr(item, "extra_properties", {}).items())
    for name, value in values:
        if isinstance(value, dt.datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, Mapping):
            value = dict(value)
        out[wire_names.get(name, name)] = value
    return out


def _stream(out: TextIO | None) -> TextIO:
    return out if out is not None else sys.stdout


def _cell(value: Any, width: int | None = None) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def write_table(
    items: Iterable[Any],
    columns: Sequence[str],
    out: TextIO | None = None,
    widths: Mapping[str, int] | None = None,
) -> int:
    """A table with aligned columns; returns the number of rows."""
    out = _stream(out)
    widths = widths or {}
    rows = [[_cell(record(item).get(c), widths.get(c)) for c in columns] for item in items]
    sizes = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    print(
        "  ".join(c.upper().ljust(s) for c, s in zip(columns, sizes, strict=True)).rstrip(),
        file=out,
    )
    for row in rows:
        print("  ".join(v.ljust(s) for v, s in zip(row, sizes, strict=True)).rstrip(), file=out)
    return len(rows)


def write_json(items: Iterable[Any], out: TextIO | None = None) -> int:
    """A JSON array, written one item at a time so long listings start at once."""
    out = _stream(out)
    count = 0
    out.write("[")
    for item in items:
        out.write(",\n " if count else "\n ")
        out.write(json.dumps(record(item), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_one_json(item: Any, out: TextIO | None = None) -> None:
    print(json.dumps(record(item), indent=2, ensure_ascii=False), file=_stream(out))


def write_csv(items: Iterable[Any], out: TextIO | None = None) -> int:
    """CSV for a spreadsheet: formula-like cells are neutralised (``spreadsheet``)."""
    writer = people_writer(_stream(out))
    columns: list[str] | None = None
    count = 0
    for item in items:
        row = record(item)
        row.pop("subresource_uris", None)
        if columns is None:
            columns = list(row)
            write_row(writer, columns)
        write_row(writer, (_csv_value(row.get(name)) for name in columns))
        count += 1
    return count


def _csv_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value


def write_fields(item: Any, out: TextIO | None = None) -> None:
    """One resource as ``name: value`` lines."""
    out = _stream(out)
    data = record(item)
    data.pop("subresource_uris", None)
    size = max(len(k) for k in data)
    for name, value in data.items():
        print(f"{name.ljust(size)}  {_cell(value)}", file=out)
