"""Finding the header under titles and recognising columns by their Russian and English names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityorder.engine.reading.headers import label_header
from cityorder.engine.reading.layout import column_index, column_letter, find_layout
from cityorder.engine.reading.tabular import Cell


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Наименование", "name"),
        ("Наименование изделия", "name"),
        ("Обозначение", "part_number"),
        ("Тип", "part_number"),
        ("Марка", "part_number"),
        ("Тип (марка)", "part_number"),
        ("Part Number", "part_number"),
        ("MPN", "part_number"),
        ("P/N", "part_number"),
        ("manf#", "part_number"),
        ("Manufacturer Part Number", "part_number"),
        ("Производитель", "manufacturer"),
        ("Изготовитель", "manufacturer"),
        ("Manufacturer", "manufacturer"),
        ("Ед. изм.", "unit"),
        ("Единица измерения", "unit"),
        ("Кол-во", "quantity"),
        ("Количество", "quantity"),
        ("Потребность", "quantity"),
        ("Количество, шт.", "quantity"),
        ("Qty", "quantity"),
        ("Quantity", "quantity"),
        ("Description", "description"),
        ("Value", "value"),
        ("Footprint", "footprint"),
        ("Reference", "designators"),
        ("RefDes", "designators"),
        ("Designator", "designators"),
        ("Заказчик", "customer"),
        ("Организация", "customer"),
        ("Customer", "customer"),
        ("Год", "year"),
        ("Year", "year"),
        ("2026", "quantity:2026"),
        (2026.0, "quantity:2026"),
        ("2026 г.", "quantity:2026"),
        ("Qty 2026", "quantity:2026"),
        ("Потребность на 2027 год", "quantity:2027"),
        ("2028, шт", "quantity:2028"),
        ("  наименование\n изделия: ", "name"),
    ],
)
def test_synonyms(text: object, field: str) -> None:
    label = label_header(text)  # type: ignore[arg-type]
    assert label is not None and label.field == field


@pytest.mark.parametrize("text", ["Потребность в ЭКБ на 2026-2028 гг.", "1999", "Цена", "Supplier", "", None, 15.0])
def test_not_headers(text: object) -> None:
    assert label_header(text) is None  # type: ignore[arg-type]


def test_the_lcsc_number_is_a_supplier_code_beside_the_mpn() -> None:
    layout = find_layout([["LCSC Part #", "Designator", "MPN", "Qty"]])
    assert layout is not None
    assert layout.columns["part_number"].header == "MPN"
    assert layout.columns["supplier_code"].header == "LCSC Part #"
    assert layout.notes == []


def test_every_distributors_column_is_read() -> None:
    # waywardgeek/infnoise bom.csv: a Digi-Key and a Mouser number, no maker's part number
    layout = find_layout([["Num used", "Refs", "Value", "DigiKey P/N", "Mouser P/N"]])
    assert layout is not None
    assert "part_number" not in layout.columns
    assert layout.columns["supplier_code"].header == "DigiKey P/N"
    assert layout.more_supplier_codes == [(4, "Mouser P/N")]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert [column_index(s) for s in ("A", "z", "AA", "ZZ")] == [0, 25, 26, 701]


def test_no_header_in_a_sheet_of_titles_and_numbers() -> None:
    assert find_layout([["Заявка"], [], ["ООО Ромашка"], [1, 2, 3]]) is None


HEADER: list[Cell] = ["№", "Наименование", "Обозначение", "Производитель", "Ед. изм.", "Кол-во"]
TITLE_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)
TITLE_ROW = st.one_of(
    st.just([]),
    st.builds(lambda t: [t], TITLE_TEXT),  # a merged title: one cell
    st.builds(lambda t: [None, None, t], TITLE_TEXT),
    st.builds(lambda a, b: [a, b], TITLE_TEXT, TITLE_TEXT),
    st.builds(lambda t, n: [t, n], st.sampled_from(["Утверждаю", "Заказчик: ГБУ", "Приложение 1"]), st.integers()),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(TITLE_ROW, max_size=12))
def test_header_is_found_under_any_title_rows(titles: list[list[Cell]]) -> None:
    rows: list[list[Cell]] = [*titles, HEADER, [1, "Реле", "РЭС-9", "Элекон", "шт", 4]]
    layout = find_layout(rows)
    assert layout is not None
    assert layout.header_row == len(titles) + 1
    assert {f: m.index for f, m in layout.columns.items()} == {
        "index": 0,
        "name": 1,
        "part_number": 2,
        "manufacturer": 3,
        "unit": 4,
        "quantity": 5,
    }


CELL = st.one_of(st.none(), st.text(max_size=30), st.floats(allow_nan=True), st.integers(), st.booleans())


@given(st.lists(st.lists(CELL, max_size=8), max_size=15))
def test_any_grid_gives_a_layout_or_none_without_raising(rows: list[list[Cell]]) -> None:
    layout = find_layout(rows)
    if layout is not None:
        assert 1 <= layout.header_row <= len(rows)
        assert layout.kind in ("wide", "long", "bom")
