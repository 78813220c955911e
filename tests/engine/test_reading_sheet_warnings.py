"""A sheet without a part-number column is a warning on the sheet: its lines are known by their names alone."""

from __future__ import annotations

import pytest

from cityorder.engine.reading import read_demand
from tests.engine.test_reading_formats import csv_bytes

NO_PART_NUMBER = (
    "no part-number column: the lines are known by their names alone, so one part named in two ways may stay two "
    "positions; add a column «Обозначение» or map a column to part number"
)


@pytest.mark.parametrize(
    ("header", "row", "warned"),
    [
        (["Наименование", "Ед. изм.", "2026", "2027"], ["Аккумулятор для ИБП 12 В 7 А·ч", "шт", "4", "4"], True),
        (["Наименование", "Обозначение", "Кол-во"], ["Таймер", "NE555P", "10"], False),
        (["Наименование и тип изделия", "Кол-во"], ["Микросхема КР142ЕН5А", "10"], False),  # the name holds it
        (["Reference", "Value", "Footprint", "Qty"], ["R1", "10k", "R_0603", "1"], False),  # a BOM's value
        (["Поз. обозначение", "Наименование", "Кол."], ["DA1", "Микросхема К1554ЛА3", "1"], False),  # a parts list
    ],
)
def test_a_sheet_without_part_numbers_is_warned_about(header: list[str], row: list[str], warned: bool) -> None:
    (sheet,) = read_demand(csv_bytes([header, row]), "a.csv", default_year=2026).sheets
    assert (NO_PART_NUMBER in sheet.warnings) is warned


def test_the_warning_comes_before_the_columns_not_read() -> None:
    rows = [["Наименование", "Кол-во", "Цвет"], ["Светильник ДПО", "10", "белый"]]
    (sheet,) = read_demand(csv_bytes(rows), "a.csv", default_year=2026).sheets
    assert sheet.warnings == [
        NO_PART_NUMBER,
        "column C «Цвет» holds data (e.g. «белый») but is not read; map it to a field if it matters",
    ]


def test_a_part_number_column_found_by_its_contents_is_enough() -> None:
    rows = [["Designator", "Quantity", "MF", "MP"], ["IN", "1", "AMASS", "XT30PW-M"], ["OUT", "1", "AMASS", "XT30PW-F"]]
    (sheet,) = read_demand(csv_bytes(rows, delimiter=","), "mux.csv", default_year=2026).sheets
    assert NO_PART_NUMBER not in sheet.warnings
