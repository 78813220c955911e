"""What becomes of each row: ok with its quantities, skipped with the reason, or an error saying what to fix."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityorder.engine.reading import read_demand
from cityorder.engine.records import LineRecord, LineStatus
from tests.engine.test_reading_formats import csv_bytes, xlsx_bytes

LONG_HEADER: list[object] = [
    "Заказчик",
    "Наименование изделия",
    "Обозначение",
    "Изготовитель",
    "Единица измерения",
    "Год",
    "Кол-во",
]


def read_long(*rows: list[object], **kwargs) -> list[LineRecord]:
    return read_demand(xlsx_bytes({"Лист1": [LONG_HEADER, *rows]}), "long.xlsx", **kwargs).lines


def one(*row: object, **kwargs) -> LineRecord:
    (line,) = read_long(list(row), **kwargs)
    return line


def test_long_layout_reads_year_quantity_unit_and_customer_column() -> None:
    line = one("ГУП «Мосводоканал»", "Аккумулятор", "6СТ-190", "Тюменский АЗ", "компл", 2027, "12")
    assert line.status is LineStatus.OK
    assert (line.customer, line.unit, line.quantities) == ("ГУП «Мосводоканал»", "set", {2027: 12})
    assert (line.file, line.sheet, line.row) == ("long.xlsx", "Лист1", 2)


def test_empty_customer_cell_falls_back_to_the_argument() -> None:
    assert one("", "Кабель", "ВВГнг 3x2,5", "", "м", "2026 г.", "1 500", customer="ГБУ Жилищник").customer == (
        "ГБУ Жилищник"
    )


@pytest.mark.parametrize(
    ("unit", "cell", "expected_unit", "expected"),
    [
        ("тыс. шт", "2,5", "pcs", 2500),
        ("шт", "10 тыс.", "pcs", 10000),
        ("", "100 pcs", "pcs", 100),
        ("кВт·ч", "1\u00a0234,5", "kwh", 1234.5),
        ("kWh", 250.0, "kwh", 250),
        ("кг", "1.234,5", "kg", 1234.5),
        ("ea", "7", "pcs", 7),
        ("упак", 3, "pack", 3),
        ("", "12 компл.", "set", 12),
    ],
)
def test_units_in_the_unit_column_or_in_the_cell(unit: str, cell: object, expected_unit: str, expected: float) -> None:
    line = one("", "Изделие", "X-1", "", unit, 2026, cell)
    assert line.status is LineStatus.OK, line.message
    assert (line.unit, line.quantities) == (expected_unit, {2026: expected})


@pytest.mark.parametrize(
    ("year", "quantity", "column", "message"),
    [
        (2026, "по потребности", "Кол-во", "Кол-во: «по потребности» is not a number; enter the quantity in pieces"),
        (2026, "", "Кол-во", "Кол-во: no quantity; enter the quantity in pieces"),
        (2026, -5, "Кол-во", "Кол-во: «-5» is negative; enter a quantity of 0 or more"),
        (2026, -0.5, "Кол-во", "Кол-во: «-0.5» is negative; enter a quantity of 0 or more"),
        (2026, "-5", "Кол-во", "Кол-во: «-5» is negative; enter a quantity of 0 or more"),
        (2026, "много", "Кол-во", "Кол-во: «много» is not a number; enter the quantity in pieces"),
        (1999, 5, "Год", "Год: «1999» is not a year between 2000 and 2100; enter the year of delivery, e.g. 2026"),
        (2101, 5, "Год", "Год: «2101» is not a year between 2000 and 2100; enter the year of delivery, e.g. 2026"),
        ("", 5, "Год", "Год: no year; enter the year of delivery, e.g. 2026"),
    ],
)
def test_unreadable_rows_are_errors_naming_the_column(
    year: object, quantity: object, column: str, message: str
) -> None:
    line = one("", "Резистор", "С2-33Н", "", "шт", year, quantity)
    assert (line.status, line.column, line.message) == (LineStatus.ERROR, column, message)
    assert line.name == "Резистор"  # an error row keeps what it said, so the user sees which row to fix
    assert line.quantities == {}


def test_a_row_with_quantity_but_no_name_is_an_error() -> None:
    line = one("", "", "", "Интеграл", "шт", 2026, 5)
    assert (line.status, line.column) == (LineStatus.ERROR, "Наименование изделия")
    assert "no name or part number" in line.message


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["", "Раздел 2. Пассивные компоненты", "", "", "", "", ""],
            "section title «Раздел 2. Пассивные компоненты»; if it is a line of demand, enter its quantity",
        ),
        (
            ["Раздел 3", "", "", "", "", "2026", ""],
            "section title «Раздел 3»; if it is a line of demand, enter its quantity",
        ),
        (["", "Итого", "", "", "", "", 1500], "total row «Итого»: totals are computed from the lines, not read"),
        (["Всего по заявке:", "", "", "", "", "", 1500], None),
        (["", "Total", "", "", "", "", "1500"], None),
        (["", "Резистор", "Р1-12", "", "шт", 2026, 0], "zero quantity"),
        (LONG_HEADER, "the header repeated (a page break in the original)"),
    ],
)
def test_skipped_rows_say_why(row: list[object], message: str | None) -> None:
    line = one(*row)
    assert line.status is LineStatus.SKIPPED
    assert line.message == message if message else line.message.startswith("total row")


def test_every_row_after_the_header_is_one_record_numbered_as_the_sheet_shows() -> None:
    rows: list[list[object]] = [
        ["", "Раздел 1", "", "", "", "", ""],
        ["", "Конденсатор", "К10-17", "", "шт", 2026, 10],
        [],
        ["", "Конденсатор", "К10-17", "", "шт", 2026, "по потребности"],
        ["", "Итого", "", "", "", "", 10],
    ]
    lines = read_demand(xlsx_bytes({"Лист1": [["Заявка"], [], LONG_HEADER, *rows]}), "x.xlsx").lines
    assert [(line.row, line.status.value) for line in lines] == [
        (4, "skipped"),
        (5, "ok"),
        (6, "skipped"),
        (7, "error"),
        (8, "skipped"),
    ]


WIDE_TWO_ROW: list[list[object]] = [
    ["Потребность в ЭКБ на 2026-2028 гг."],
    [],
    ["№ п/п", "Наименование", "Марка", "Потребность, шт", None, None, "Примечание"],
    [None, None, None, 2026, 2027, 2028, None],
    [1, "Транзистор", "КТ315Б", 10, "", 30, ""],
    [2, "Диод", "КД522Б", 0, 0, "0", ""],
    [3, "Диод", "КД522Б", "", "", "", ""],
    [4, "Стабилитрон", "КС156А", 5, "по потребности", "-1", ""],
]


def test_two_row_header_with_merged_demand_over_years() -> None:
    data = xlsx_bytes({"Лист1": WIDE_TWO_ROW}, merges=["A1:G1", "D3:F3", "A3:A4", "B3:B4", "C3:C4"])
    result = read_demand(data, "two.xlsx", default_year=2030)
    (sheet,) = result.sheets
    assert (sheet.header_row, sheet.header_rows, sheet.layout, sheet.years) == (3, 2, "wide", [2026, 2027, 2028])
    assert sheet.columns["quantity:2027"].how == "two-row header"
    ok, zero, empty, bad = result.lines
    assert ok.row == 5 and ok.quantities == {2026: 10, 2028: 30}
    assert (zero.status, zero.message) == (LineStatus.SKIPPED, "zero quantity in every year")
    assert (empty.status, empty.column) == (LineStatus.ERROR, "2026")
    assert (
        empty.message == "no quantity in any year column (2026, 2027, 2028); enter the quantity for at least one year"
    )
    assert (bad.status, bad.column) == (LineStatus.ERROR, "2027")
    assert bad.message == (
        "2027: «по потребности» is not a number; enter the quantity in pieces; "
        "2028: «-1» is negative; enter a quantity of 0 or more"
    )


def test_year_headers_in_words() -> None:
    header = ["Наименование", "Потребность на 2026 год", "Потребность на 2027 год", "Всего"]
    result = read_demand(csv_bytes([header, ["Шина", "1", "2", "3"]]), "w.csv")
    assert result.lines[0].quantities == {2026: 1, 2027: 2}
    assert result.sheets[0].years == [2026, 2027]


def test_wide_layout_ignores_a_total_quantity_column_and_says_so() -> None:
    header = ["Наименование", "2026", "2027", "Количество всего"]
    result = read_demand(csv_bytes([header, ["Шина", "1", "2", "3"]]), "w.csv")
    assert result.lines[0].quantities == {2026: 1, 2027: 2}
    assert result.sheets[0].notes == [
        "column D «Количество всего» is not read: quantities are read from the year columns"
    ]


def test_file_without_years_counts_in_the_default_year() -> None:
    rows = [["Наименование", "Кол-во", "Ед. изм."], ["Лампа", "10", "шт"]]
    assert read_demand(csv_bytes(rows), "a.csv", default_year=2031).lines[0].quantities == {2031: 10}
    assert read_demand(csv_bytes(rows), "a.csv", default_year=2031).years == [2031]


def test_mapping_overrides_by_header_text_and_by_letter() -> None:
    rows = [["Позиция", "Шифр", "Надо", "Примечание"], ["Лампа", "ДРЛ-250", "7", "срочно"]]
    result = read_demand(
        csv_bytes(rows), "m.csv", default_year=2026, mapping={"name": "Позиция", "part_number": "B", "quantity": "Надо"}
    )
    (line,) = result.lines
    assert (line.status, line.name, line.part_number, line.quantities) == (LineStatus.OK, "Лампа", "ДРЛ-250", {2026: 7})
    assert result.sheets[0].columns["part_number"].how == "mapping"
    assert result.sheets[0].columns["part_number"].header == "Шифр"


def test_mapping_replaces_a_recognised_column_and_reports_bad_entries() -> None:
    rows = [["Наименование", "Описание", "Кол-во"], ["Лампа", "Лампа ДРЛ 250 Вт", "7"]]
    result = read_demand(csv_bytes(rows), "m.csv", mapping={"name": "Описание", "colour": "A", "value": "Нет такой"})
    assert result.lines[0].name == "Лампа ДРЛ 250 Вт"
    assert "description" not in result.sheets[0].columns
    assert result.sheets[0].notes == [
        "mapping: «colour» is not a field; use one of customer, name, part_number, manufacturer, unit, quantity, "
        "year, description, value, footprint, designators, supplier_code or a year",
        "mapping: column «Нет такой» for value is not in the header; check its spelling",
    ]


def test_mapping_a_year_column() -> None:
    rows = [["Наименование", "План"], ["Лампа", "4"]]
    result = read_demand(csv_bytes(rows), "m.csv", mapping={"2027": "План"})
    assert result.lines[0].quantities == {2027: 4}
    assert result.sheets[0].layout == "wide"


KICAD = [
    ["Reference", "Value", "Footprint", "Qty", "DNP"],
    ["R1, R2, R5-R8", "10k", "R_0603", "6", ""],
    ["C1,C2", "100n", "C_0603", "3", ""],
    ["U1", "STM32F103C8T6", "LQFP-48", "", ""],
    ["J1", "USB_C", "USB_C_Receptacle", "1", "DNP"],
    ["R9", "0R (DNP)", "R_0603", "1", ""],
]


def test_kicad_bom() -> None:
    result = read_demand(csv_bytes(KICAD, delimiter=","), "board.csv", default_year=2027)
    assert result.sheets[0].layout == "bom"
    resistors, caps, mcu, usb, jumper = result.lines
    assert (resistors.status, resistors.quantities, resistors.message) == (LineStatus.OK, {2027: 6}, "")
    assert caps.status is LineStatus.OK and caps.quantities == {2027: 3}
    assert caps.message == "Qty says 3 but 2 designators are listed; 3 is used, check the row"
    assert mcu.quantities == {2027: 1} and mcu.value == "STM32F103C8T6" and mcu.footprint == "LQFP-48"
    assert (usb.status, usb.message) == (LineStatus.SKIPPED, "not fitted (DNP): «DNP» in column «DNP»")
    assert (jumper.status, jumper.message) == (LineStatus.SKIPPED, "not fitted (DNP): «0R (DNP)»")


def test_jlcpcb_bom_counts_designators_without_a_quantity_column() -> None:
    rows = [
        ["Comment", "Designator", "Footprint", "LCSC Part #"],
        ["100nF", "C1 C2 C3", "0402", "C1525"],
        ["10k", "R1-R4,R10", "0402", "C25744"],
        ["Header", "", "", ""],
    ]
    result = read_demand(csv_bytes(rows, delimiter=","), "jlc.csv", default_year=2026)
    caps, res, header = result.lines
    assert (caps.value, caps.supplier_code, caps.quantities) == ("100nF", "LCSC:C1525", {2026: 3})
    assert caps.part_number == ""  # an LCSC number is the distributor's, not the maker's
    assert res.quantities == {2026: 5}
    assert header.status is LineStatus.SKIPPED  # one text cell alone on its row
    assert result.sheets[0].columns["supplier_code"].header == "LCSC Part #"


def test_altium_and_easyeda_headers() -> None:
    altium = [
        ["Comment", "Description", "Designator", "Footprint", "LibRef", "Quantity"],
        ["10uF", "Capacitor", "C1, C2", "0805", "CAP", "2"],
    ]
    line = read_demand(csv_bytes(altium, delimiter=","), "a.csv", default_year=2026).lines[0]
    assert (line.part_number, line.description, line.quantities) == ("CAP", "Capacitor", {2026: 2})
    easyeda = [
        ["ID", "Name", "Designator", "Footprint", "Quantity", "Manufacturer Part", "Manufacturer"],
        ["1", "STM32F030", "U1", "TSSOP-20", "1", "STM32F030F4P6", "ST"],
    ]
    line = read_demand(csv_bytes(easyeda, delimiter=","), "e.csv", default_year=2026).lines[0]
    assert (line.name, line.part_number, line.manufacturer) == ("STM32F030", "STM32F030F4P6", "ST")


def test_bom_row_with_neither_designators_nor_quantity_is_an_error() -> None:
    rows = [["Reference", "Value", "Footprint", "Qty"], ["", "10k", "R_0603", ""]]
    line = read_demand(csv_bytes(rows, delimiter=","), "b.csv").lines[0]
    assert (line.status, line.column, line.message) == (
        LineStatus.ERROR,
        "Qty",
        "Qty: no quantity; enter the quantity in pieces",
    )


def test_sheet_without_a_quantity_column_reports_every_row() -> None:
    rows = [["Наименование", "Тип"], ["Лампа", "ДРЛ-250"], ["Раздел 2"], ["Реле", "РЭС-9"]]
    lines = read_demand(csv_bytes(rows), "q.csv").lines
    assert [line.status for line in lines] == [LineStatus.ERROR] * 3
    assert lines[0].message.startswith("no quantity column")


ANY_CELL = st.one_of(
    st.none(),
    st.sampled_from(["", "Итого", "Раздел 1", "по потребности", "10 тыс.", "-3", "шт", "R1-R3", "DNP"]),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10, max_value=10**6),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(ANY_CELL, min_size=1, max_size=8), min_size=1, max_size=20))
def test_every_row_up_to_the_last_filled_one_is_a_record(rows: list[list[object]]) -> None:
    data = csv_bytes([["Наименование", "Обозначение", "Reference", "Ед. изм.", "Год", "Кол-во", "2026"], *rows])
    lines = read_demand(data, "fuzz.csv").lines
    last = max((i for i, row in enumerate(rows) if any(str(c).strip() for c in row if c is not None)), default=-1)
    assert [line.row for line in lines] == list(range(2, last + 3))
    assert all(line.message for line in lines if line.status is not LineStatus.OK)
    assert all(line.column for line in lines if line.status is LineStatus.ERROR and line.message.startswith("20"))
