"""read_demand: a demand file of any format into LineRecords, one per source row after the header."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from pathlib import Path

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.content import SAMPLE_ROWS, UnreadColumns, choose_by_content
from cityorder.engine.reading.headers import header_text, normalize_header
from cityorder.engine.reading.layout import (
    SCAN_ROWS,
    ColumnMatch,
    SheetLayout,
    column_letter,
    fallback_layout,
    find_layout,
)
from cityorder.engine.reading.rows import RowReader, cell_text
from cityorder.engine.reading.sequence import SheetRows
from cityorder.engine.reading.tabular import Cell, SheetSource, UnreadableFile, open_tables
from cityorder.engine.records import LineRecord, LineStatus

FILE_NOT_READ = template("%(file)s: the file cannot be read (%(reason)s); upload it again.")
FILE_EMPTY = template("%(file)s: the file is empty; check that the right file was attached.")
SHEET_EMPTY = template("sheet %(sheet)s is empty: skipped")
SHEET_NO_HEADER = template("sheet %(sheet)s has no recognisable header: skipped")
ROW_ABOVE_HEADER = template("row %(row)s is above the header and not read: «%(text)s»")
_FORM_COLUMNS = frozenset({"формат", "зона"})
NO_PART_NUMBER_COLUMN = template(
    "no part-number column: the lines are known by their names alone, so one part named in two ways may stay two "
    "positions; add a column «Обозначение» or map a column to part number"
)
UNIT_NOT_A_UNIT = template(
    "column «%(column)s» holds «%(value)s» in %(count)s rows, which is not a unit of measure: those rows are "
    "read in pieces"
)


@dataclass(slots=True)
class SheetMapping:
    """How one sheet was understood: shown to the user so a wrong guess can be corrected with ``mapping``."""

    sheet: str
    header_row: int = 0  # 1-based; 0 when the sheet was skipped
    header_rows: int = 1
    columns: dict[str, ColumnMatch] = field(default_factory=dict)  # field -> column; years as "quantity:2026"
    layout: str = ""  # "wide" | "long" | "bom"
    years: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # letter -> header text of every titled column
    # What the person should know of the sheet as a whole (no part-number column, columns with data no field
    # reads): shown as warnings on the file and its submission, and by `consolidate`.
    warnings: list[str] = field(default_factory=list)
    # Letters of the columns that hold something in a data row: the only ones worth offering for a field.
    data_columns: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ReadResult:
    lines: list[LineRecord]
    sheets: list[SheetMapping]
    years: list[int]


def read_demand(
    source: str | Path | bytes,
    filename: str | None = None,
    *,
    customer: str = "",
    default_year: int | None = None,
    mapping: dict[str, str] | None = None,
) -> ReadResult:
    """Every row of every sheet with a header, as a LineRecord; raises UnreadableFile for a broken file.

    ``filename`` names the file (and its format) when ``source`` is bytes. The customer of a row is its
    customer column, else ``customer``, else the file's stem; a file without years counts in ``default_year``.
    """
    reading = DemandReading(source, filename, customer=customer, default_year=default_year, mapping=mapping)
    lines = list(reading)
    return ReadResult(lines=lines, sheets=reading.sheets, years=reading.years)


class DemandReading:
    """read_demand one row at a time, for files too big to hold: iterating gives the lines in order (a sheet's
    rows are walked once, its first rows kept for the header and the sample the columns are judged by);
    ``sheets`` and ``years`` are complete once the lines are all taken. Raises UnreadableFile as read_demand."""

    def __init__(
        self,
        source: str | Path | bytes,
        filename: str | None = None,
        *,
        customer: str = "",
        default_year: int | None = None,
        mapping: dict[str, str] | None = None,
    ) -> None:
        self.source, self.mapping = source, mapping
        self.display = Path(filename or (str(source) if isinstance(source, (str, Path)) else "upload")).name
        self.filename = filename or self.display
        self.customer = customer or Path(self.display).stem
        self.year = default_year or date.today().year
        self.sheets: list[SheetMapping] = []
        self.years: list[int] = []

    def __iter__(self) -> Iterator[LineRecord]:
        try:
            sources = open_tables(self.source, self.filename)
        except OSError as exc:
            raise UnreadableFile(msg(FILE_NOT_READ, file=self.display, reason=exc.strerror or exc)) from exc
        heads: dict[int, _Rows] = {}
        layouts: dict[int, SheetLayout | None] = {}

        def layout_of(k: int) -> SheetLayout | None:
            if k not in layouts:
                if k not in heads:
                    heads[k] = _Rows(sources[k])
                layouts[k] = find_layout(heads[k].head, self.mapping)
            return layouts[k]

        filled = False
        for k, sheet in enumerate(sources):
            layout = layout_of(k)
            # Whether any sheet has a header decides only what becomes of a sheet without one.
            any_header = layout is not None or any(layout_of(o) is not None for o in range(len(sources)) if o != k)
            for other, rows in heads.items():
                if other != k:
                    rows.release()  # looked at for its header only: its grid is not held meanwhile
            rows = heads.pop(k)
            summary = SheetMapping(sheet=sheet.name)
            self.sheets.append(summary)
            if rows.first_filled() is None:
                summary.notes.append(msg(SHEET_EMPTY, sheet=sheet.name or "1"))
                continue
            filled = True
            yield from self._read_sheet(rows, summary, layout, any_header)
        if not filled:
            raise UnreadableFile(msg(FILE_EMPTY, file=self.display))
        self.years = sorted({y for s in self.sheets for y in s.years})

    def _read_sheet(
        self, rows: _Rows, summary: SheetMapping, layout: SheetLayout | None, any_header: bool
    ) -> Iterator[LineRecord]:
        name, mapping = summary.sheet, self.mapping
        if layout is None:
            if any_header:
                summary.notes.append(msg(SHEET_NO_HEADER, sheet=name))
                return
            # No sheet of the file has a header: report its rows rather than lose them.
            layout = fallback_layout(rows.head, mapping, name)
        head = rows.head
        if layout.recognised:
            choose_by_content(layout, head, chosen={key.strip().lower() for key in mapping or {}})
        summary.headers = _header_texts(head, layout)
        reader = RowReader(
            layout, file=self.display, sheet=name, customer=self.customer, default_year=self.year,
            form=_is_form(summary.headers),
        )
        unread = UnreadColumns(layout, head) if layout.recognised else None
        filled = _FilledColumns()
        years: set[int] = set()
        for line in SheetRows(reader).stream(rows.data(layout.data_start, unread, filled)):
            if line.status is LineStatus.OK:
                years.update(line.quantities)
            yield line
        summary.warnings = unread.warnings() if unread is not None else []
        if layout.recognised and reader.lacks_part_numbers():
            summary.warnings.insert(0, msg(NO_PART_NUMBER_COLUMN))
        layout.notes.extend(
            msg(UNIT_NOT_A_UNIT, column=reader.columns["unit"].header, value=value, count=count)
            for value, count in reader.unit_problems.items()
        )
        summary.header_row, summary.header_rows = layout.header_row, layout.header_rows
        summary.columns, summary.layout, summary.notes = layout.columns, layout.kind, layout.notes
        summary.notes[:0] = _rows_above_header(head, layout.header_row)
        summary.years = layout.years or sorted(years)
        summary.data_columns = [column_letter(j) for j in sorted(filled.found)]


class _Rows:
    """A sheet's rows, walked once in order; its first rows are kept, since the header is looked for and the
    columns judged among them before the data is read."""

    KEEP = SCAN_ROWS + 2 + SAMPLE_ROWS  # the lowest header's two rows and the sample under it

    def __init__(self, source: SheetSource) -> None:
        self.source = source
        self.rest: Iterator[list[Cell]] | None = source.rows()
        self.head: list[list[Cell]] = list(islice(self.rest, self.KEEP))

    def release(self) -> None:
        """Let go of the reader until the rows beyond the head are wanted (then the sheet is opened again)."""
        self.rest = None

    def _remaining(self) -> Iterator[list[Cell]]:
        if self.rest is None:
            self.rest = islice(self.source.rows(), len(self.head), None)
        return self.rest

    def first_filled(self) -> int | None:
        """The index of the first row with content, reading on beyond the head (and keeping those rows, all
        empty but the last) when need be; None when the sheet has none."""
        found = next((i for i, row in enumerate(self.head) if _has_content(row)), None)
        if found is not None:
            return found
        for row in self._remaining():
            self.head.append(row)
            if _has_content(row):
                return len(self.head) - 1
        return None

    def data(self, start: int, unread: UnreadColumns | None, filled: _FilledColumns
             ) -> Iterator[tuple[int, list[Cell]]]:
        """(row number, cells) of the rows from ``start`` up to the last one with content: empty rows are held
        back until a row with content follows them (those after the table are formatting, not data)."""
        empty: list[tuple[int, list[Cell]]] = []
        rows = chain(self.head, self._remaining())
        for index, cells in enumerate(islice(rows, start, None), start=start):
            if not _has_content(cells):
                empty.append((index + 1, cells))
                continue
            if empty:
                yield from empty
                empty.clear()
            if unread is not None:
                unread.see(cells)
            filled.see(cells)
            yield index + 1, cells


class _FilledColumns:
    """The columns with content in some data row, found as the rows go by: a row costs no more than its own
    empty cells among the columns not yet found (a sheet 10,000 columns wide with two of them used costs two)."""

    def __init__(self) -> None:
        self.found: set[int] = set()
        self.waiting: list[int] = []  # columns below ``width`` not found yet, in order
        self.width = 0

    def see(self, row: Sequence[Cell]) -> None:
        if len(row) > self.width:
            self.waiting.extend(range(self.width, len(row)))
            self.width = len(row)
        if not self.waiting or self.waiting[0] >= len(row):
            return
        now = [j for j in self.waiting[: bisect_left(self.waiting, len(row))] if _has_content(row[j : j + 1])]
        if now:
            self.found.update(now)
            self.waiting = [j for j in self.waiting if j not in self.found]


def _has_content(row: Sequence[Cell]) -> bool:
    """A cell that reads as text (cell_text is not empty): a number, a boolean or a text that is not blank."""
    return any(cell is not None and (not isinstance(cell, str) or cell.strip()) for cell in row)


def _header_texts(rows: list[list[Cell]], layout: SheetLayout) -> dict[str, str]:
    """Every titled header column (the lower row of a two-row header wins), so a person can pick another one."""
    texts: dict[str, str] = {}
    for r in range(layout.header_row - 1, min(layout.data_start, len(rows))):
        for j, cell in enumerate(rows[r]):
            text = header_text(cell)
            if text:
                texts[column_letter(j)] = text
    return texts


def _is_form(headers: dict[str, str]) -> bool:
    """A specification (ГОСТ 2.106) by its columns «Формат» and «Зона»: a drawing's list of what it is made of."""
    return len({normalize_header(h) for h in headers.values()} & _FORM_COLUMNS) == len(_FORM_COLUMNS)


def _rows_above_header(rows: list[list[Cell]], header_row: int) -> list[str]:
    """Title rows above the header are not lines of demand; they are named so nothing vanishes unseen."""
    notes = []
    for i in range(header_row - 1):
        texts = [t for t in (cell_text(c) for c in rows[i]) if t]
        if texts:
            shown = " | ".join(texts)
            shown = shown if len(shown) <= 80 else shown[:79] + "…"
            notes.append(msg(ROW_ABOVE_HEADER, row=i + 1, text=shown))
    return notes
