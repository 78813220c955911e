"""Raw cell grids from any spreadsheet or delimited text file, before any meaning is given to them.

xlsx, xlsm, xls, xlsb and ods go through python-calamine (fast, Rust); csv/tsv/txt are decoded
(UTF-8 with or without BOM, UTF-16, Windows-1251) and their delimiter detected.

Files come from strangers, so a sheet is read by the cells it really has and within limits (``LIMITS``):
calamine lays a sheet out as a dense grid from its first to its last cell, and two cells at A1 and XFD1048576
would ask for half a terabyte. An xlsx sheet's extent is therefore measured from its XML before calamine opens
it; other formats are checked as soon as calamine has the sheet (the caller reads untrusted files in a process
with a memory limit, which catches what no check here can).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import BinaryIO

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.spreadsheetml import is_spreadsheetml, read_spreadsheetml

FORMAT_NOT_SUPPORTED = template("%(file)s: the format «%(suffix)s» is not supported; save it as one of %(formats)s.")
NOT_A_SPREADSHEET = template(
    "%(file)s: the file cannot be opened as a spreadsheet (%(error)s); "
    "open it in Excel or LibreOffice and save it again as .xlsx."
)
ENCODING_UNKNOWN = template("%(file)s: the text encoding is not recognised; save it as UTF-8 CSV.")
SHEET_TOO_BIG = template(
    "%(file)s, sheet «%(sheet)s»: the sheet has cells as far as column %(column)s and row %(row)s, more than "
    "%(max_columns)s columns or %(max_rows)s rows are read per sheet; delete the empty columns and rows beyond "
    "the table (or move what is far from it), save and upload the file again, or split it into several files."
)
CELL_TOO_LONG = template(
    "%(file)s, row %(row)s, column %(column)s: the cell holds %(size)s characters, more than a spreadsheet cell "
    "can (%(limit)s); check the delimiter and the quotes of the file (an unclosed quote joins rows into one "
    "cell), or open it in Excel or LibreOffice and save it again as .xlsx."
)

Cell = str | float | int | bool | None

SPREADSHEET_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".xml"})
TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})
SUPPORTED_EXTENSIONS = SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS
# Documents and pictures that may begin like text but never hold a table this reader can use.
_NOT_TABLES = frozenset({".pdf", ".doc", ".docx", ".rtf", ".odt", ".png", ".jpg", ".jpeg", ".gif", ".zip", ".rar",
                         ".7z", ".dwg", ".html", ".htm"})
# zip (xlsx, ods) and OLE2 (xls): bytes with no name that start otherwise are read as delimited text.
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class UnreadableFile(ValueError):
    """The file cannot be read at all; the message names the file and what to do."""


@dataclass(slots=True)
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[i] is spreadsheet row i + 1; trailing empty cells of a row are left out


@dataclass(slots=True)
class Limits:
    """How much of a sheet is read. Excel itself holds 16,384 columns and 1,048,576 rows; demand tables are
    narrow, so a sheet wider than ``max_columns`` is a damaged or hostile file, not a bigger table."""

    max_columns: int = 1000
    max_rows: int = 1_048_576


# The limits every read uses; a program that reads strangers' files (the platform's reading process) sets them
# from its settings once, before reading.
LIMITS = Limits()
# Excel's own limit on the characters of one cell: a longer field in a delimited file is a broken quote.
MAX_CELL_CHARS = 32767


def read_tables(source: str | Path | bytes | BinaryIO, filename: str | None = None) -> list[Sheet]:
    """Every sheet of a file as a grid of cells. ``filename`` gives the format when ``source`` is bytes."""
    return [Sheet(name=sheet.name, rows=list(sheet.rows())) for sheet in open_tables(source, filename)]


@dataclass(slots=True)
class SheetSource:
    """A sheet whose rows are read when asked for, one pass per call of ``rows``: a big sheet is walked row by row
    and never held as Python rows."""

    name: str
    rows: Callable[[], Iterator[list[Cell]]]


def open_tables(source: str | Path | bytes | BinaryIO, filename: str | None = None) -> list[SheetSource]:
    """Every sheet of a file, its rows read lazily (as ``read_tables`` gives them). A file given by its path is not
    read into memory when it is a workbook: the reader opens it itself."""
    name = filename or (str(source) if isinstance(source, (str, Path)) else "")
    suffix = Path(name).suffix.lower()
    display = Path(name).name or "file"
    if not isinstance(source, (str, Path, bytes)):
        source = source.read()
    path = Path(source) if isinstance(source, (str, Path)) else None
    head = _head(source, path)
    if is_spreadsheetml(head):  # Excel 2003 XML, usually named .xls or .xml
        return _ready(_read_spreadsheetml(_read_bytes(source), display))
    if suffix in TEXT_EXTENSIONS or (not suffix and not head.startswith(_WORKBOOK_MAGIC)):
        return [_delimited(source, display)]
    if suffix in SPREADSHEET_EXTENSIONS or not suffix:
        return _open_workbook(path if path is not None else _read_bytes(source), display)
    if suffix not in _NOT_TABLES and _looks_like_text(head):
        # A report under its program's own suffix (OrCAD .BOM, Eagle .bom, .lst) is a delimited text.
        return [_delimited(source, display)]
    raise UnreadableFile(
        msg(FORMAT_NOT_SUPPORTED, file=display, suffix=suffix, formats=", ".join(sorted(SUPPORTED_EXTENSIONS)))
    )


def _head(source: str | Path | bytes, path: Path | None) -> bytes:
    """The first bytes, by which the format is told."""
    if path is not None:
        with path.open("rb") as handle:
            return handle.read(8192)
    return bytes(source[:8192]) if isinstance(source, bytes) else b""


def _ready(sheets: list[Sheet]) -> list[SheetSource]:
    return [SheetSource(name=sheet.name, rows=partial(iter, sheet.rows)) for sheet in sheets]


def _delimited(source: str | Path | bytes | BinaryIO, display: str) -> SheetSource:
    data = _read_bytes(source)
    return SheetSource(name="", rows=partial(iter_delimited, data, display))


def _looks_like_text(data: bytes) -> bool:
    """No NUL byte in the first kilobytes (or UTF-16, which decode_text recognises) and not a zip or OLE2 file."""
    head = data[:8192]
    if data.startswith(_WORKBOOK_MAGIC):
        return False
    return b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16le(head)


def _read_spreadsheetml(data: bytes, display_name: str) -> list[Sheet]:
    try:
        sheets = read_spreadsheetml(data, partial(_check_extent, display_name))
    except UnreadableFile:
        raise
    except Exception as exc:  # damaged or hostile XML: ParseError, defusedxml's refusals
        raise UnreadableFile(msg(NOT_A_SPREADSHEET, file=display_name, error=exc)) from exc
    return [Sheet(name=name, rows=rows) for name, rows in sheets]


def _read_bytes(source: str | Path | bytes | BinaryIO) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes()
    return source.read()


def _open_workbook(source: Path | bytes, display_name: str) -> list[SheetSource]:
    from python_calamine import CalamineWorkbook

    magic = source[:4] if isinstance(source, bytes) else _head(source, source)[:4]
    extents = xlsx_extents(source) if magic == b"PK\x03\x04" else {}
    for sheet_name, (rows, columns) in extents.items():
        _check_extent(display_name, sheet_name, rows, columns)
    try:
        if isinstance(source, bytes):
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            with source.open("rb") as handle:  # calamine keeps its own copy; none is held here
                workbook = CalamineWorkbook.from_filelike(handle)
        names = list(workbook.sheet_names)
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnreadableFile(msg(NOT_A_SPREADSHEET, file=display_name, error=exc)) from exc
    return [SheetSource(name=name, rows=partial(_workbook_rows, workbook, name, display_name)) for name in names]


def _workbook_rows(workbook: object, sheet_name: str, display_name: str) -> Iterator[list[Cell]]:
    """One sheet's rows; calamine holds the sheet's grid only while they are read."""
    try:
        calamine_sheet = workbook.get_sheet_by_name(sheet_name)  # type: ignore[attr-defined]
        top, left = calamine_sheet.start or (0, 0)
        _check_extent(display_name, sheet_name, top + calamine_sheet.height, left + calamine_sheet.width)
        rows = _calamine_rows(calamine_sheet, left)
        del calamine_sheet  # the rows' iterator keeps the grid, and lets go of it when done
        yield from rows
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnreadableFile(msg(NOT_A_SPREADSHEET, file=display_name, error=exc)) from exc


def _calamine_rows(sheet: object, left: int) -> Iterator[list[Cell]]:
    """The sheet's rows from column A, each without its trailing empty cells (a narrow table in a sheet formatted
    far to the right costs no more than the table). calamine's rows start at row 1 but at the first used
    column, ``left``."""
    pad: list[Cell] = [""] * left
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        cells = [_shared(_plain(c)) for c in row]
        while cells and cells[-1] in ("", None):
            cells.pop()
        yield pad + cells if cells and left else cells


def _shared(cell: Cell) -> Cell:
    """One object for every copy of a short text (units, makers, names repeat down a column): a million-row sheet
    holds each once, not once per cell."""
    return sys.intern(cell) if isinstance(cell, str) and len(cell) <= 64 else cell


def _check_extent(file: str, sheet: str, rows: int, columns: int) -> None:
    if columns > LIMITS.max_columns or rows > LIMITS.max_rows:
        raise UnreadableFile(msg(
            SHEET_TOO_BIG, file=file, sheet=sheet, column=_letter(max(columns, 1) - 1), row=rows,
            max_columns=LIMITS.max_columns, max_rows=LIMITS.max_rows,
        ))


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ROW_OR_CELL = re.compile(rb'<(?:\w+:)?(row|c)\b[^>]*?\sr="([A-Z]*)([0-9]+)"')


def xlsx_extents(data: bytes | Path) -> dict[str, tuple[int, int]]:
    """Sheet name -> (last row, last column) of the cells an xlsx sheet really holds, read from its XML in one
    streaming pass (the ``<dimension>`` it declares is not believed). Empty when the file is no readable xlsx:
    the reader then says what is wrong with it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                return {}
            targets = {}
            if "xl/_rels/workbook.xml.rels" in names:
                for tag in _RELATIONSHIP_TAG.findall(archive.read("xl/_rels/workbook.xml.rels")):
                    attributes = dict(_ATTRIBUTE.findall(tag))
                    target = attributes.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
                    targets[attributes.get(b"Id", b"")] = target if target.startswith("xl/") else f"xl/{target}"
            extents = {}
            for tag in _SHEET_TAG.findall(archive.read("xl/workbook.xml")):
                attributes = {key.split(b":")[-1]: value for key, value in _ATTRIBUTE.findall(tag)}
                part = targets.get(attributes.get(b"id", b""), "")
                if part in names:
                    name = attributes.get(b"name", b"").decode("utf-8", "replace")
                    extents[_xml_text(name)] = _part_extent(archive, part)
            return extents
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return {}


def _part_extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    last_row = last_column = rows_seen = 0
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            cut = block.rfind(b"<")  # a tag split by the chunk's end is read with the next chunk
            cut = cut if cut > 0 else len(block)
            found = _ROW_OR_CELL.findall(block, 0, cut)
            if found:
                # A row's reference has no letters (column 0): the columns are those of the few distinct letters.
                _, letters, numbers = zip(*found, strict=True)
                last_row = max(last_row, *map(int, numbers))
                last_column = max(last_column, *map(_column_number, set(letters)))
            rows_seen += block.count(b"<row", 0, cut) + block.count(b":row", 0, cut)
            tail = block[cut:]
    # Rows written without their number are numbered by their order.
    return max(last_row, rows_seen), last_column


def _xml_text(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def _plain(cell: object) -> Cell:
    """Dates and times become ISO text: demand cells are names and numbers, a date is only ever shown."""
    if cell is None or isinstance(cell, (str, float, int, bool)):
        return cell
    if isinstance(cell, (datetime, date, time)):
        return cell.isoformat()
    if isinstance(cell, timedelta):
        return str(cell)
    return str(cell)


ENCODINGS = ("utf-8-sig", "cp1251")


def decode_text(data: bytes, filename: str = "") -> str:
    """UTF-16 by its BOM, else UTF-8 (with or without BOM), else Windows-1251, else what charset-normalizer finds."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if _looks_utf16le(data):
        return data.decode("utf-16-le", errors="replace")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile(msg(ENCODING_UNKNOWN, file=filename))
    return str(best)


def _looks_utf16le(data: bytes) -> bool:
    """UTF-16 saved without a BOM: the high byte of Latin, digits and Cyrillic is 0x00 or 0x04."""
    high = data[1:2000:2]
    return len(high) >= 2 and high.count(0) > 0 and (high.count(0) + high.count(4)) > 0.9 * len(high)


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the most of the first lines into the same number (two or more) of columns.

    Lines a delimiter does not split are left out: title rows and one-cell rows say nothing about it,
    and a stray «|» or «,» in such a row must not outvote a header split by «;».
    """
    sample_lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", 0
    for delimiter in (";", "\t", ",", "|"):
        counts = [n for line in sample_lines if (n := len(next(csv.reader([line], delimiter=delimiter)))) >= 2]
        if not counts:
            continue
        common = max(set(counts), key=lambda n: (counts.count(n), n))
        score = counts.count(common) * min(common, 20)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_delimited(data: bytes, filename: str = "") -> list[list[Cell]]:
    return list(iter_delimited(data, filename))


def iter_delimited(data: bytes, filename: str = "") -> Iterator[list[Cell]]:
    """The rows of a delimited text one by one; a field longer than a spreadsheet cell can hold is refused with its
    row and column, as is a file with more rows than ``LIMITS`` allows."""
    text = decode_text(data, filename)
    # The csv module's own limit (128 KB) fails without saying where; the file's length bounds any field, and
    # the check below names the place.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    delimiter = detect_delimiter(text)
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if number > LIMITS.max_rows:
            _check_extent(filename, "1", number, 0)
        if len(row) > LIMITS.max_columns:
            _check_extent(filename, "1", number, len(row))
        for index, cell in enumerate(row):
            if len(cell) > MAX_CELL_CHARS:
                raise UnreadableFile(msg(CELL_TOO_LONG, file=filename, row=number, column=_letter(index),
                                         size=len(cell), limit=MAX_CELL_CHARS))
        yield list(row)
