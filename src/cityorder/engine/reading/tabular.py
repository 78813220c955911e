"""Raw cell grids from any spreadsheet or delimited text file, before any meaning is given to them.

xlsx, xlsm, xls, xlsb and ods go through python-calamine (fast, Rust); csv/tsv/txt are decoded
(UTF-8 with or without BOM, UTF-16, Windows-1251) and their delimiter detected.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO

from cityorder.engine.messages import msg, template

FORMAT_NOT_SUPPORTED = template("%(file)s: the format «%(suffix)s» is not supported; save it as one of %(formats)s.")
NOT_A_SPREADSHEET = template(
    "%(file)s: the file cannot be opened as a spreadsheet (%(error)s); "
    "open it in Excel or LibreOffice and save it again as .xlsx."
)
ENCODING_UNKNOWN = template("%(file)s: the text encoding is not recognised; save it as UTF-8 CSV.")

Cell = str | float | int | bool | None

SPREADSHEET_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})
SUPPORTED_EXTENSIONS = SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS
# zip (xlsx, ods) and OLE2 (xls): bytes with no name that start otherwise are read as delimited text.
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class UnreadableFile(ValueError):
    """The file cannot be read at all; the message names the file and what to do."""


@dataclass(slots=True)
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[i] is spreadsheet row i + 1


def read_tables(source: str | Path | bytes | BinaryIO, filename: str | None = None) -> list[Sheet]:
    """Every sheet of a file as a grid of cells. ``filename`` gives the format when ``source`` is bytes."""
    name = filename or (str(source) if isinstance(source, (str, Path)) else "")
    suffix = Path(name).suffix.lower()
    data = _read_bytes(source)
    if suffix in TEXT_EXTENSIONS or (not suffix and not data.startswith(_WORKBOOK_MAGIC)):
        return [Sheet(name="", rows=read_delimited(data, filename=Path(name).name))]
    if suffix in SPREADSHEET_EXTENSIONS or not suffix:
        return _read_workbook(data, Path(name).name or "file")
    raise UnreadableFile(
        msg(FORMAT_NOT_SUPPORTED, file=Path(name).name, suffix=suffix, formats=", ".join(sorted(SUPPORTED_EXTENSIONS)))
    )


def _read_bytes(source: str | Path | bytes | BinaryIO) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes()
    return source.read()


def _read_workbook(data: bytes, display_name: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for sheet_name in workbook.sheet_names:
            grid = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            sheets.append(Sheet(name=sheet_name, rows=[[_plain(c) for c in row] for row in grid]))
    except Exception as exc:  # calamine raises several error types for damaged files
        raise UnreadableFile(msg(NOT_A_SPREADSHEET, file=display_name, error=exc)) from exc
    return sheets


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
    text = decode_text(data, filename)
    delimiter = detect_delimiter(text)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
