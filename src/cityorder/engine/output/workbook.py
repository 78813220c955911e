"""order.xlsx: the outputs for people, one sheet each, safe to open whatever the source files contained.

Every text is written as a text cell (xlsxwriter never turns «=cmd|…» into a formula), headers are bold
on a fill, frozen and filtered, columns sized to their content.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from cityorder.engine.messages import msg, template
from cityorder.engine.output.tables import Rows, Value

SHEET_CUT = template("sheet «%(sheet)s» stops at Excel's limit of %(rows)s rows; the CSV file has them all")

EXCEL_MAX_ROWS = 1_048_576
_WIDTH_SAMPLE = 500  # rows looked at to size columns; constant-memory mode needs widths before any row
_MIN_WIDTH, _MAX_WIDTH = 6, 60


def write_workbook(path: Path, sheets: dict[str, Rows]) -> list[str]:
    """Write the sheets in order; notes for sheets cut at Excel's row limit."""
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "constant_memory": True,
    }
    notes = []
    with xlsxwriter.Workbook(str(path), options) as book:
        header_format = book.add_format({"bold": True, "bg_color": "#DDE5F0", "border": 1, "text_wrap": True})
        for name, table in sheets.items():
            sheet = book.add_worksheet(name)
            written, cut = _write_sheet(sheet, header_format, table)
            if cut:
                notes.append(msg(SHEET_CUT, sheet=name, rows=written))
    return notes


def _write_sheet(sheet: Worksheet, header_format: object, table: Rows) -> tuple[int, bool]:
    head = list(islice(table.rows, _WIDTH_SAMPLE))
    for column, width in enumerate(_widths(table.header, head)):
        sheet.set_column(column, column, width)
    for column, title in enumerate(table.header):
        sheet.write_string(0, column, title, header_format)
    sheet.freeze_panes(1, 0)
    written, cut = 0, False
    for written, row in enumerate(_chain(head, table.rows), start=1):
        if written >= EXCEL_MAX_ROWS:
            cut, written = True, written - 1
            break
        _write_row(sheet, written, row)
    sheet.autofilter(0, 0, max(written, 1), max(len(table.header) - 1, 0))
    return written, cut


def _chain(head: list[list[Value]], rest: Iterator[list[Value]]) -> Iterator[list[Value]]:
    yield from head
    yield from rest


def _write_row(sheet: Worksheet, row: int, values: list[Value]) -> None:
    for column, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            sheet.write_string(row, column, str(value))  # text stays text: no formula, no number guess
        else:
            sheet.write_number(row, column, value)


def _widths(header: list[str], rows: list[list[Value]]) -> list[int]:
    widths = [len(title) + 2 for title in header]
    for row in rows:
        for column, value in enumerate(row):
            widths[column] = max(widths[column], len(str(value)) + 1)
    return [min(max(w, _MIN_WIDTH), _MAX_WIDTH) for w in widths]
