"""Spreadsheets made in the test, as customers really send them."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import openpyxl
from openpyxl import Workbook


def xlsx(rows: Sequence[Sequence[Any]], *, title: str = "Потребность") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def messy_demand() -> bytes:
    """The same bytes on every call (openpyxl stamps the save time into a workbook, so two saves differ).

    Title rows above the header, a section row, a quantity typed as text, an error row («по потребности»)."""
    return xlsx([
        ["Потребность в ЭКБ на 2026–2028 гг."],
        ["ГБУ «Школа № 1» (демо)"],
        [],
        ["№", "Наименование", "Обозначение", "Производитель", "Ед. изм.", 2026, 2027, 2028],
        [None, "Микросхемы", None, None, None, None, None, None],
        [1, "Таймер", "NE555P", "Texas Instruments", "шт", 100, "1 000", 50],
        [2, "Стабилизатор 5 В", "L7805CV", "ST", "шт", 20, 20, 20],
        [3, "Резистор 10 кОм 0805", "", "", "шт", "по потребности", 500, 500],
        [4, "Аккумулятор LiFePO4 12,8 В 100 А·ч", "", "", "шт", 4, 4, None],
    ])


def sparse_xlsx(cells: dict[str, object], *, declared: str | None = None) -> bytes:
    """A workbook with only these cells; ``declared`` rewrites the sheet's <dimension> to claim another range."""
    book = openpyxl.Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    if declared is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w",
                                                                                 zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(), data)
            target.writestr(info, data)
    return out.getvalue()
