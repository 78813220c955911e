"""Spreadsheets made in the test, as customers really send them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

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
