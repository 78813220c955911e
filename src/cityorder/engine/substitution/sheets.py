"""Reference tables (catalogs, cross-references) from any spreadsheet or delimited file the engine reads:
a header row naming the columns, then one record per row. Every problem is a RowError naming file, row,
column and what to fix; nothing is dropped without one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.tabular import Cell, Sheet, UnreadableFile, read_tables

ROW_COLUMN_PROBLEM = template("%(file)s, row %(row)s, column «%(column)s»: %(message)s")
ROW_PROBLEM = template("%(file)s, row %(row)s: %(message)s")
COLUMN_PROBLEM = template("%(file)s, column «%(column)s»: %(message)s")
NO_HEADER = template("no header row with the columns %(wanted)s in the first %(rows)s rows (missing: %(missing)s); "
                     "add them")
FILE_PROBLEM = template("%(file)s: %(message)s")
PROBLEMS = template("%(count)s problem(s):\n%(problems)s")
PROBLEMS_AND_MORE = template("%(count)s problem(s):\n%(problems)s\n… and %(more)s more")

HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header
MAX_ERRORS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    row: int  # 1-based, as the spreadsheet shows it; 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return msg(ROW_COLUMN_PROBLEM, file=self.file, row=self.row, column=self.column, message=self.message)
        if self.row:
            return msg(ROW_PROBLEM, file=self.file, row=self.row, message=self.message)
        if self.column:
            return msg(COLUMN_PROBLEM, file=self.file, column=self.column, message=self.message)
        return msg(FILE_PROBLEM, file=self.file, message=self.message)


class SourceFileError(ValueError):
    """A reference file with rows that cannot be used; ``errors`` lists them all."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        shown = "\n".join(str(e) for e in errors[:MAX_ERRORS_SHOWN])
        if len(errors) > MAX_ERRORS_SHOWN:
            text = msg(PROBLEMS_AND_MORE, count=len(errors), problems=shown, more=len(errors) - MAX_ERRORS_SHOWN)
        else:
            text = msg(PROBLEMS, count=len(errors), problems=shown)
        super().__init__(text)

    def __reduce__(self) -> tuple[Any, ...]:
        # Made again from its rows, not its text: a file read in the limited child raises it in the parent.
        return (type(self), (self.errors,))


@dataclass(slots=True)
class Record:
    row: int
    cells: dict[str, str]  # field → text of the cell ('' when empty); extra columns by their header


@dataclass(slots=True)
class Table:
    file: str
    headers: dict[str, str]  # field → the header as the file writes it, for messages
    records: list[Record]


def normalize_header(text: str) -> str:
    """«Part number», «PART-NUMBER», « part_number » → part_number."""
    return re.sub(r"[\s\-./]+", "_", text.strip().lower()).strip("_")


def read_table(source: str | Path | bytes | BinaryIO, filename: str | None, aliases: Mapping[str, tuple[str, ...]],
               required: tuple[str, ...]) -> Table:
    """The first sheet with a header row naming every ``required`` field (by any of its ``aliases``).

    Headers that name no field keep their normalized text as the field (capacity_2027 stays capacity_2027).
    Raises SourceFileError when the file cannot be read or no sheet has such a header.
    """
    name = Path(filename or (str(source) if isinstance(source, (str, Path)) else "file")).name
    try:
        sheets = read_tables(source, filename)
    except UnreadableFile as exc:
        raise SourceFileError([RowError(name, 0, "", str(exc))]) from exc
    lookup = {normalize_header(alias): field for field, names in aliases.items() for alias in (field, *names)}
    best_missing: set[str] = set(required)
    for sheet in sheets:
        found = _header(sheet, lookup, required)
        if isinstance(found, tuple):
            header_row, columns = found
            return _table(name, sheet, header_row, columns)
        best_missing = min(best_missing, found, key=len)
    wanted = ", ".join(required)
    missing = ", ".join(sorted(best_missing))
    raise SourceFileError([RowError(name, 0, "", msg(NO_HEADER, wanted=wanted, rows=HEADER_SEARCH_ROWS,
                                                     missing=missing))])


def _header(sheet: Sheet, lookup: dict[str, str], required: tuple[str, ...]
            ) -> tuple[int, list[tuple[int, str, str]]] | set[str]:
    """(header row index, [(column index, field, header text)]) or the required fields a best row lacks."""
    least: set[str] = set(required)
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns = []
        for column, cell in enumerate(row):
            text = cell_text(cell)
            if text:
                key = normalize_header(text)
                columns.append((column, lookup.get(key, key), text))
        missing = set(required) - {field for _c, field, _t in columns}
        if not missing:
            return index, columns
        least = min(least, missing, key=len)
    return least


def _table(name: str, sheet: Sheet, header_row: int, columns: list[tuple[int, str, str]]) -> Table:
    headers = {field: text for _c, field, text in columns}
    records = []
    for index in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[index]
        cells = {field: cell_text(row[c]) if c < len(row) else "" for c, field, _t in columns}
        if any(cells.values()):
            records.append(Record(index + 1, cells))
    return Table(name, headers, records)


def cell_text(cell: Cell) -> str:
    """A cell as text: whole numbers without «.0» (a part number 2764 read from Excel is 2764.0)."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return " ".join(str(cell).split())

