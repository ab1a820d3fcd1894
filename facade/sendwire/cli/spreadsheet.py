"""CSV for people: cells a spreadsheet would run as formulas are neutralised.

Message bodies, error texts and other cells come from third parties; opened in a spreadsheet,
a cell starting with ``=``, ``+``, ``-`` or ``@`` (or their full-width forms), a tab or a
carriage return may be run as a formula (``=HYPERLINK(...)``, DDE). As OWASP's CSV-injection
guidance advises, such a cell is prefixed with a single quote, which spreadsheets show as
text; the first non-blank character is what is judged, as some importers drop leading spaces.
Every cell is quoted, so a cell is never split by an importer using another separator.

One exception keeps phone numbers readable: a cell that is exactly a plain E.164 number
(``+`` and up to 15 digits, as the spec's pattern for numbers says) is left as it is; it holds
nothing but digits, so a spreadsheet can at most read it as that number. The raw text of
everything is available as JSON (``--json``).
"""

from __future__ import annotations

import csv
import re
from typing import Any, TextIO

#: Characters that make a spreadsheet read a cell as a formula, full-width forms included.
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
#: Leading characters that hide a formula behind them, or start one themselves.
CONTROL_STARTS = frozenset("\t\r\n")
_PLAIN_E164 = re.compile(r"\+[1-9][0-9]{1,14}")


def safe_cell(value: Any) -> str:
    """``value`` as a cell no spreadsheet runs as a formula (see the module's description)."""
    text = "" if value is None else str(value)
    if not text or _PLAIN_E164.fullmatch(text):
        return text
    visible = text.lstrip()
    if text[0] in CONTROL_STARTS or (visible and visible[0] in FORMULA_STARTS):
        return "'" + text
    return text


def people_writer(handle: TextIO) -> Any:
    """A CSV writer whose every cell is quoted; pass cells through :func:`safe_cell`."""
    return csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")


def write_row(writer: Any, cells: Any) -> None:
    writer.writerow([safe_cell(cell) for cell in cells])
