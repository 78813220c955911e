"""Headers read by their words: the spellings of real demand forms and of BOM exporters' own field names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityorder.engine.pipeline import consolidate_files
from cityorder.engine.reading.headers import header_words, is_unneeded_header, label_header
from cityorder.engine.reading.layout import find_layout
from tests.engine.test_reading_formats import csv_bytes


@pytest.mark.parametrize(
    ("text", "field", "rank"),
    [
        ("Тип (обозначение)", "part_number", 0),  # the most common header of Russian demand forms
        ("Обозначение / тип", "part_number", 0),
        ("Тип, марка", "part_number", 0),
        ("Модель", "part_number", 0),
        ("Артикул производителя", "part_number", 0),
        ("ManufacturerPartNum", "part_number", 0),
        ("Manufacturer_Part_Number", "part_number", 0),
        ("Manufacturer Part Number 1", "part_number", 0),
        ("MFR Part#", "part_number", 0),  # valletw/esp-atx-power jlcpcb/bom.csv
        ("Manufacturer Part", "part_number", 0),  # EasyEDA
        # Distributors' codes: their own field, never the maker's part number (the real headers of the corpus).
        ("JLCPCB Part#", "supplier_code", 0),  # valletw/esp-atx-power
        ("Supplier Part", "supplier_code", 0),  # DiyPCBmex/Compactduino (EasyEDA)
        ("LCSC Part #", "supplier_code", 0),  # 11philip22/candleLight-v2
        ("mouser#", "supplier_code", 0),  # Roboteurs/Pi-104
        ("DigiKey P/N", "supplier_code", 0),  # waywardgeek/infnoise
        ("Digi-Key Part Number", "supplier_code", 0),
        ("Артикул поставщика", "supplier_code", 0),
        ("Fournisseur et réf.", "supplier_code", 0),  # cvra/motor-control-board
        ("Value2", "value", 0),
        ("Comment", "value", 1),
        ("Поз. обозна-чение", "designators", 0),  # Cyclone-Nov/DocGOST ПЭ3, the word broken by a hyphen
        ("Поз.   обозна- чение", "designators", 0),
        ("Количество на 2026 год, шт.", "quantity:2026", 0),
        ("Кол-во 2026", "quantity:2026", 0),
        ("Тип корпуса", "footprint", 0),
        ("Наименование организации", "customer", 0),
        ("Год потребности", "year", 0),
        ("Кол.", "quantity", 0),
        ("Примечание", "note", 0),
        ("AManufacturer", "manufacturer", 1),  # im-tomu/fomu-hardware: the alternate's maker
        ("№ п/п", "index", 0),
        ("Item", "index", 0),
    ],
)
def test_headers_by_their_words(text: str, field: str, rank: int) -> None:
    label = label_header(text)
    assert label is not None and (label.field, label.rank) == (field, rank)


@pytest.mark.parametrize("text", ["Наименование и тип изделия", "Наименование, тип, марка"])
def test_a_column_naming_kind_and_designation_is_combined(text: str) -> None:
    label = label_header(text)
    assert label is not None and (label.field, label.combined) == ("name", True)


@pytest.mark.parametrize("text", ["Unit Price", "Цена за ед., руб.", "Datasheet", "Supplier", "Всего", "Mouser Price",
                                  "Поставщик"])
def test_columns_no_line_needs(text: str) -> None:
    assert label_header(text) is None
    assert is_unneeded_header(text)


def test_header_words_split_camel_snake_and_numbers() -> None:
    assert header_words("ManufacturerPartNum") == ("manufacturer", "part", "num")
    assert header_words("Manufacturer_Part_Number 1") == ("manufacturer", "part", "number", "1")
    assert header_words("Value2") == ("value", "2")
    assert header_words("P/N") == ("pn",)


def test_a_form_with_tip_oboznachenie_keeps_its_part_numbers() -> None:
    layout = find_layout([["№", "Наименование", "Тип (обозначение)", "Производитель", "Кол-во"]])
    assert layout is not None
    assert {f: m.letter for f, m in layout.columns.items()} == {
        "index": "A",
        "name": "B",
        "part_number": "C",
        "manufacturer": "D",
        "quantity": "E",
    }


@given(st.text(max_size=40))
def test_any_header_text_is_labelled_or_not_without_raising(text: str) -> None:
    label_header(text)
    is_unneeded_header(text)


def test_tip_oboznachenie_keeps_three_microcircuits_apart_end_to_end(tmp_path: Path) -> None:
    # The first example: «Тип (обозначение)» was not read and three parts became one position.
    path = tmp_path / "заявка.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["№", "Наименование", "Тип (обозначение)", "Производитель", "Кол-во, шт."],
                [1, "Микросхема", "ATMEGA328P-AU", "Microchip", 10],
                [2, "Микросхема", "ATMEGA328P-PU", "Microchip", 5],
                [3, "Микросхема", "КР142ЕН5А", "", 20],
            ]
        )
    )
    result = consolidate_files([path], default_year=2026)
    assert [line.part_number for line in result.records] == ["ATMEGA328P-AU", "ATMEGA328P-PU", "КР142ЕН5А"]
    assert result.positions.num_rows == 3
