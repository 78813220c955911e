"""Excel 2003 XML Spreadsheet (SpreadsheetML): the format hand-made lists are still saved in, often named .xls.

calamine does not read it. The XML is parsed with defusedxml (entity expansion and external references refused,
as for any stranger's file), and only the cells it holds become the grid: ``ss:Index`` skips rows and columns,
``ss:MergeAcross`` spreads a cell over the columns it covers (the cell's text stays in its first column).
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element

NAMESPACE = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = f"{{{NAMESPACE}}}"
Cell = str | float | int | bool | None


def is_spreadsheetml(data: bytes) -> bool:
    """An XML document whose root is a SpreadsheetML Workbook (its namespace appears near the start)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml") and NAMESPACE.encode() in head and b"Workbook" in head


def read_spreadsheetml(
    data: bytes, check_extent: Callable[[str, int, int], None]
) -> list[tuple[str, list[list[Cell]]]]:
    """(sheet name, rows) for every worksheet; ``check_extent(sheet, rows, columns)`` refuses a sheet too big to
    read, and is called before the sheet's grid is made. Raises ValueError for XML that cannot be parsed."""
    from defusedxml.ElementTree import fromstring

    root = fromstring(data)
    sheets = []
    for worksheet in root.iter(f"{_SS}Worksheet"):
        name = worksheet.get(f"{_SS}Name", "")
        cells = list(_cells(worksheet))
        rows = max((r for r, _, _ in cells), default=0)
        columns = max((c for _, c, _ in cells), default=0)
        check_extent(name, rows, columns)
        grid: list[list[Cell]] = [[] for _ in range(rows)]
        for r, c, value in cells:
            line = grid[r - 1]
            line.extend([""] * (c - len(line)))
            line[c - 1] = value
        sheets.append((name, grid))
    return sheets


def _cells(worksheet: Element) -> list[tuple[int, int, Cell]]:
    """(row, column, value), 1-based, of every cell with a value."""
    found = []
    for table in worksheet.iter(f"{_SS}Table"):
        r = 0
        for row in table.iter(f"{_SS}Row"):
            r = _index(row, r + 1)
            c = 0
            for cell in row.iter(f"{_SS}Cell"):
                c = _index(cell, c + 1)
                value = _value(cell)
                if value not in (None, ""):
                    found.append((r, c, value))
                c += int(cell.get(f"{_SS}MergeAcross", "0") or 0)
    return found


def _index(element: Element, following: int) -> int:
    given = element.get(f"{_SS}Index")
    return int(given) if given and given.isdigit() else following


def _value(cell: Element) -> Cell:
    data = cell.find(f"{_SS}Data")
    if data is None:
        return None
    # Rich text holds its words in html:Font/B/I children: the text is all of it joined.
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type", "String")
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text.strip()
        return int(number) if number.is_integer() else number
    if kind == "Boolean":
        return text.strip() in ("1", "true", "True")
    return text.strip()
