"""The CSV outputs: UTF-8, comma-separated, a header row, for scripts and other checks.

Values are raw except that a text cell a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+cmd|…``) is
written with a leading apostrophe, as every export of the platform does (``safe_cell``); numbers stay numbers.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TypeVar

from cityorder.engine.output.tables import Rows

# What makes Excel or LibreOffice take a cell for a formula (tab and CR too: some importers strip them first).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
Value = TypeVar("Value")


def safe_cell(value: Value) -> Value:
    """A cell that a spreadsheet will never run as a formula: text starting like one gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value  # type: ignore[return-value]  # str in, str out
    return value


def write_csv(path: Path, table: Rows, *, escape_formulas: bool = True) -> int:
    """Write the rows; the count of data rows written. ``escape_formulas=False`` keeps text exactly as it is, for
    a file that is read back by key (matches.csv's keys) rather than opened by people."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([safe_cell(v) for v in row] if escape_formulas else row)
            count += 1
    return count
