"""read_demand: a demand file of any format into LineRecords, one per source row after the header."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.content import choose_by_content, unread_columns
from cityorder.engine.reading.headers import header_text, normalize_header
from cityorder.engine.reading.layout import ColumnMatch, SheetLayout, column_letter, fallback_layout, find_layout
from cityorder.engine.reading.rows import RowReader, cell_text
from cityorder.engine.reading.sequence import SheetRows
from cityorder.engine.reading.tabular import Cell, Sheet, UnreadableFile, read_tables
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
    display = Path(filename or (str(source) if isinstance(source, (str, Path)) else "upload")).name
    try:
        sheets = read_tables(source, filename or display)
    except OSError as exc:
        raise UnreadableFile(msg(FILE_NOT_READ, file=display, reason=exc.strerror or exc)) from exc
    if not any(_last_filled(sheet.rows) for sheet in sheets):
        raise UnreadableFile(msg(FILE_EMPTY, file=display))
    year = default_year or date.today().year
    layouts = [find_layout(sheet.rows, mapping) for sheet in sheets]
    any_header = any(layout is not None for layout in layouts)
    result = ReadResult(lines=[], sheets=[], years=[])
    for sheet, layout in zip(sheets, layouts, strict=True):
        result.sheets.append(
            _read_sheet(sheet, layout, any_header, mapping, result.lines, display, customer or Path(display).stem, year)
        )
    result.years = sorted({y for s in result.sheets for y in s.years})
    return result


def _read_sheet(
    sheet: Sheet,
    layout: SheetLayout | None,
    any_header: bool,
    mapping: Mapping[str, str] | None,
    lines: list[LineRecord],
    file: str,
    customer: str,
    year: int,
) -> SheetMapping:
    summary = SheetMapping(sheet=sheet.name)
    end = _last_filled(sheet.rows)
    if end == 0:
        summary.notes.append(msg(SHEET_EMPTY, sheet=sheet.name or "1"))
        return summary
    if layout is None:
        if any_header:
            summary.notes.append(msg(SHEET_NO_HEADER, sheet=sheet.name))
            return summary
        # No sheet of the file has a header: report its rows rather than lose them.
        layout = fallback_layout(sheet.rows, mapping, sheet.name)
    rows = sheet.rows
    if layout.recognised:
        choose_by_content(layout, rows, chosen={key.strip().lower() for key in mapping or {}})
    summary.headers = _header_texts(rows, layout)
    reader = RowReader(
        layout, file=file, sheet=sheet.name, customer=customer, default_year=year, form=_is_form(summary.headers)
    )
    first = len(lines)
    lines.extend(SheetRows(reader).read(rows, layout.data_start, end))
    summary.warnings = unread_columns(layout, rows, end) if layout.recognised else []
    if layout.recognised and reader.lacks_part_numbers():
        summary.warnings.insert(0, msg(NO_PART_NUMBER_COLUMN))
    layout.notes.extend(
        msg(UNIT_NOT_A_UNIT, column=reader.columns["unit"].header, value=value, count=count)
        for value, count in reader.unit_problems.items()
    )
    summary.header_row, summary.header_rows = layout.header_row, layout.header_rows
    summary.columns, summary.layout, summary.notes = layout.columns, layout.kind, layout.notes
    summary.notes[:0] = _rows_above_header(rows, layout.header_row)
    summary.years = layout.years or sorted(
        {y for line in lines[first:] if line.status is LineStatus.OK for y in line.quantities}
    )
    return summary


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


def _last_filled(rows: list[list[Cell]]) -> int:
    """Rows after the last one with content are formatting, not data: the count up to the last filled row."""
    for i in range(len(rows) - 1, -1, -1):
        if any(cell_text(c) for c in rows[i]):
            return i + 1
    return 0
