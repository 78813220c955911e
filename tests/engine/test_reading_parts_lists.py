"""ПЭ3 lists, specifications and hand-made BOMs, from rows copied out of real files (tests/data/real/SOURCES.md).

Each sheet is rebuilt in the test from the cells of the original, column positions included, so the rules are
checked on what those files really hold: margins beside the parts, title blocks, group headings, parts written
over several rows.
"""

from __future__ import annotations

from cityorder.engine.identity import identify
from cityorder.engine.reading import read_demand
from cityorder.engine.records import LineRecord, LineStatus
from tests.engine.test_reading_formats import csv_bytes, xlsx_bytes


def _at(width: int, cells: dict[int, object]) -> list[object]:
    return [cells.get(j) for j in range(width)]


# Cyclone-Nov/DocGOST ПАКБ_436234_800ПЭ3_Устройство_зарядное_УЗ.xls, its second sheet (columns as in the file).
PE3_HEADER = _at(16, {0: "ТВ-80", 3: "Поз.   обозна- чение", 6: "Наименование", 10: "Кол.", 12: "Примечание"})
PE3_ROWS = [
    _at(16, {}),
    _at(16, {6: "Резисторы"}),
    _at(16, {3: "R10-R15", 6: "Р1-8В-0603-24кОм±2%", 10: "6"}),
    _at(16, {6: "Диоды"}),
    _at(16, {1: "Подп. и дата"}),
    _at(16, {3: "VD1-VD8", 6: "2ДШ2123В94 АЕЯР.432120.297ТУ", 10: "8"}),
    _at(16, {1: "Инв. № дубл.", 6: "Вилки"}),
    _at(16, {3: "XP1", 6: "СНП346-10ВП31-2 РЮМК.430420.011ТУ", 10: "1"}),
    _at(16, {1: "Взам. инв.№", 3: "XP2", 6: "СНП394-14ВП21-2", 10: "1"}),
    _at(16, {9: "ПАКБ.431321.800ПЭ3", 15: "Лист"}),
    _at(16, {15: "2"}),
    _at(16, {3: "Изм.", 4: "Лист", 5: "№ докум.", 7: "Подп.", 8: "Дата"}),
]


def read_pe3() -> dict[int, LineRecord]:
    result = read_demand(xlsx_bytes({"2": [PE3_HEADER, *PE3_ROWS]}), "ПЭ3.xlsx", default_year=2026)
    assert result.sheets[0].columns["designators"].header == "Поз.   обозна- чение"
    return {line.row: line for line in result.lines}


def test_group_headings_give_the_kind_of_the_rows_under_them() -> None:
    lines = read_pe3()
    assert (lines[3].status, lines[3].message) == (
        LineStatus.SKIPPED,
        "group heading «Резисторы»: the rows under it are read as Резистор",
    )
    resistor = lines[4]
    assert (resistor.status, resistor.name, resistor.quantities) == (
        LineStatus.OK,
        "Резистор Р1-8В-0603-24кОм±2%",
        {2026: 6},
    )
    assert identify(name=resistor.name).category == "passive.resistor"
    # A margin field beside the heading does not hide it: «Вилки» still names the kind of XP1 and XP2.
    assert lines[8].message == "group heading «Вилки»: the rows under it are read as Вилка"
    assert (lines[9].name, lines[9].part_number) == ("Вилка РЮМК.430420.011ТУ", "СНП346-10ВП31-2")
    assert (lines[10].status, lines[10].part_number, lines[10].designators) == (LineStatus.OK, "СНП394-14ВП21-2", "XP2")


def test_the_name_column_of_a_parts_list_gives_kind_and_designation() -> None:
    diode = read_pe3()[7]
    assert (diode.name, diode.part_number, diode.quantities) == ("Диод АЕЯР.432120.297ТУ", "2ДШ2123В94", {2026: 8})


def test_title_block_and_margin_fields_are_skipped_as_such() -> None:
    lines = read_pe3()
    assert lines[6].message == "title block of the drawing form «Подп. и дата»: not a line of demand"
    assert lines[11].message == "title block of the drawing form «ПАКБ.431321.800ПЭ3 | Лист»: not a line of demand"
    assert lines[12].message == "title block of the drawing form «2»: not a line of demand"
    assert lines[13].message.startswith("title block of the drawing form «Изм. | Лист | № докум.")
    assert not [line for line in lines.values() if line.status is LineStatus.ERROR]


def test_100_k_1_percent_under_resistors_is_a_100_kilohm_resistor() -> None:
    rows: list[list[object]] = [PE3_HEADER, _at(16, {6: "Резисторы"}), _at(16, {3: "R1", 6: "100 к 1%", 10: "1"})]
    line = read_demand(xlsx_bytes({"2": rows}), "ПЭ3.xlsx").lines[1]
    assert line.name == "Резистор 100 к 1%"
    assert identify(name=line.name).key == "par:res|100000|1||"


# cavesLezet/Xenon_flash «Перечень элементов.xlsx», sheet PER 1.
CAVES_HEADER: list[object] = ["Перв. примен.", None, "Поз. обозна-чение", "Наименование", "Кол.", "Примечание"]


def test_a_quantity_that_disagrees_with_its_designators_is_flagged() -> None:
    rows: list[list[object]] = [
        CAVES_HEADER,
        [None, None, None, "Конденсаторы"],
        [None, None, "C2, C6", "0,1 мк 0,1  ", 1.0],
    ]
    line = read_demand(xlsx_bytes({"PER 1": rows}), "x.xlsx", default_year=2026).lines[1]
    assert (line.status, line.name, line.quantities) == (LineStatus.OK, "Конденсатор 0,1 мк 0,1", {2026: 1})
    assert line.message == "Кол. says 1 but 2 designators are listed; 1 is used, check the row"


def test_a_row_naming_only_a_kind_is_an_error_that_asks_for_the_type() -> None:
    rows: list[list[object]] = [CAVES_HEADER, [None, None, "DA1...DA3", "Микросхема  ", 3.0]]
    line = read_demand(xlsx_bytes({"PER 1": rows}), "x.xlsx").lines[0]
    assert (line.status, line.column) == (LineStatus.ERROR, "Наименование")
    assert line.message == (
        "Наименование: «Микросхема» names only the kind of part; enter its type or designation (e.g. КР142ЕН5А) "
        "so it can be ordered"
    )


# Cyclone-Nov/DocGOST ПАКБ.469158.001СП Наземный маяк (НМ).xls, sheet 4: a specification (ГОСТ 2.106).
SPEC_HEADER = _at(22, {0: "САВиП", 3: "Формат", 4: "Зона", 6: "Поз.", 8: "Обозначение", 13: "Наименование",
                       19: "Кол.", 20: "Примечание"})


def read_spec(*rows: list[object]) -> list[LineRecord]:
    return read_demand(xlsx_bytes({"4": [SPEC_HEADER, *rows]}), "СП.xlsx", default_year=2026).lines


def test_a_part_written_over_several_rows_is_one_line_at_its_first_row() -> None:
    first, second, third = read_spec(
        _at(22, {6: 80.0, 13: "Розетка СНП392-6РО21-1  ", 19: 5.0, 20: "XS1, XS2,"}),
        _at(22, {13: "РЮМК.430420.037ТУ", 20: "XS5, XS11,"}),
        _at(22, {20: "XS12"}),
    )
    assert (first.row, first.status, first.quantities) == (2, LineStatus.OK, {2026: 5})
    assert (first.name, first.part_number) == ("Розетка РЮМК.430420.037ТУ", "СНП392-6РО21-1")
    assert [(line.status, line.message) for line in (second, third)] == [
        (LineStatus.SKIPPED, "continues the part of row 2: read with it"),
        (LineStatus.SKIPPED, "continues the part of row 2: read with it"),
    ]


def test_the_designation_on_the_continuation_row_completes_a_kind_only_row() -> None:
    part, continued = read_spec(
        _at(22, {6: 83.0, 13: "Розетка ", 19: 1.0, 20: "XS6"}),
        _at(22, {13: "M80-4000000F1-04-325-00-000"}),
    )
    assert (part.status, part.name, part.part_number) == (LineStatus.OK, "Розетка", "M80-4000000F1-04-325-00-000")
    assert continued.message == "continues the part of row 2: read with it"


def test_items_made_to_their_own_drawing_are_not_bought() -> None:
    heading, made = read_spec(
        _at(22, {13: "Сборочные единицы"}),
        _at(22, {3: "А4", 6: 16.0, 8: "ПАКБ.468381.800 ", 13: "Панель управления", 19: 1.0, 20: "А3"}),
    )
    assert heading.status is LineStatus.SKIPPED
    assert (made.status, made.message) == (LineStatus.SKIPPED, "made to its own drawing «ПАКБ.468381.800», not bought")


def test_a_specification_documentation_section_lists_no_parts() -> None:
    lines = read_spec(
        _at(22, {13: "Документация"}),
        _at(22, {3: "A3", 13: "Схема электрическая принципиальная", 19: "1"}),
    )
    assert lines[1].status is LineStatus.SKIPPED
    assert lines[1].message == (
        "document «A3 Схема электрическая принципиальная 1» of the specification's section «Документация»: not a part"
    )


# 23-yo-designer-from-san-francisco/freq_meter Спецификация.xls: designators typed under «Обозначение».
FREQ_HEADER = _at(56, {4: "Формат", 6: "Зона", 8: "Поз.", 11: "Обозначение", 34: "Наименование", 55: "Кол."})


def test_designators_under_oboznachenie_are_read_by_their_contents_with_ranges() -> None:
    rows: list[list[object]] = [
        FREQ_HEADER,
        _at(56, {34: "Схемы интегральные"}),
        _at(56, {11: "DD10..14", 34: "40160BP", 55: "5"}),
        _at(56, {11: "DD2, DD3, DD4, DD5", 34: "40161BP", 55: "4"}),
        _at(56, {34: "Конденсаторы"}),
        _at(56, {11: "С2-С14", 34: "0.1 мкФ", 55: "13"}),
        _at(56, {34: "Индикаторы"}),
        _at(56, {11: "LED1 – 4", 34: "DCD_HEX_BLUE", 55: "4"}),
    ]
    result = read_demand(xlsx_bytes({"спецификация на плату": rows}), "spec.xlsx", default_year=2026)
    match = result.sheets[0].columns["designators"]
    assert (match.header, match.how) == ("Обозначение", "content")
    assert "part_number" not in result.sheets[0].columns
    ok = [line for line in result.lines if line.status is LineStatus.OK]
    assert [(line.designators, line.quantities[2026], line.message) for line in ok] == [
        ("DD10..14", 5, ""),
        ("DD2, DD3, DD4, DD5", 4, ""),
        ("С2-С14", 13, ""),
        ("LED1 – 4", 4, ""),
    ]
    assert ok[0].name == "Микросхема" and ok[0].part_number == "40160BP"
    assert ok[2].name == "Конденсатор 0.1 мкФ"


# Am0k-GIT/STM32F401CCU6_UNI BOM.xlsx: group headings in the designator column, a notes block under the table.
def test_headings_notes_and_prices_of_a_hand_made_bom() -> None:
    rows: list[list[object]] = [
        ["Name", "Designator", "Quantity", "Price", "Total  price", "Link"],
        [None, "Capacitors", None, None, 0.0],
        ["0805 SMD Capacitor 0.1uF", "C404, C405", 2.0, 0.009, 0.018, "https://aliexpress.ru/item/32964553793.html"],
        [None, "Mosfets"],
        ["IRLML0040TRPbF", "Q3, Q4", 2.0, 0.05, 0.1],
        [None, "Total:", None, None, 4.52],
        [None, "Примечания:"],
        ["R501, R502", "Резисторы верхнего плеча делителя", 39.0],
    ]
    result = read_demand(xlsx_bytes({"BOM": rows}), "bom.xlsx", default_year=2026)
    heading, caps, mosfets, mosfet, total, notes, note = result.lines
    assert heading.message == "group heading «Capacitors»: the rows under it are read as Capacitor"
    assert caps.status is LineStatus.OK and caps.name == "0805 SMD Capacitor 0.1uF"
    assert (mosfet.name, mosfet.part_number, mosfet.quantities) == ("Transistor", "IRLML0040TRPbF", {2026: 2})
    assert total.message.startswith("total row")
    assert (note.status, note.message) == (
        LineStatus.SKIPPED,
        "a note under «Примечания», not a line of the list: «R501, R502 | Резисторы верхнего плеча делителя | 39»",
    )
    assert result.sheets[0].warnings == []  # prices and links are known columns no line needs


def test_separator_rows_are_skipped() -> None:
    rows: list[list[object]] = [["Наименование", "Тип", "Кол-во"], ["-----", "-----", "-----"], ["Реле", "РЭС-9", "2"]]
    separator, relay = read_demand(csv_bytes(rows), "s.csv").lines
    assert (separator.status, separator.message) == (LineStatus.SKIPPED, "separator row «-----»")
    assert relay.status is LineStatus.OK


def test_a_group_of_standard_parts_gives_its_standard_to_the_rows_under_it() -> None:
    heading, screw = read_spec(
        _at(22, {1: "Подп. и дата", 13: "Винты ГОСТ Р ИСО 1207"}),
        _at(22, {6: 42.0, 13: "M3x8-А2-70 ", 19: 15.0}),
    )
    assert heading.message == (
        "group heading «Винты ГОСТ Р ИСО 1207»: the rows under it are read as Винты ГОСТ Р ИСО 1207"
    )
    assert (screw.status, screw.name, screw.quantities) == (
        LineStatus.OK,
        "Винты ГОСТ Р ИСО 1207 M3x8-А2-70",
        {2026: 15},
    )


def test_altium_comment_yields_to_value_and_fills_in_where_value_is_empty() -> None:
    rows: list[list[object]] = [  # boningdong/STM32-NES-Console-Hardware BOM.xls
        ["Comment", "Value", "Description", "Designator", "Footprint", "LibRef", "Quantity"],
        ["0402", "100nF", "Capacitor", "C41, C101", "CAPC1005X06N", "Cap", 2.0],
        ["LPPB061NGCN-RC", None, "Header, 6-Pin", "P8", "MHDR1X6_RANG", "Header 6", 1.0],
    ]
    capacitor, header = read_demand(xlsx_bytes({"NES Console": rows}), "nes.xlsx").lines
    assert (capacitor.value, header.value) == ("100nF", "LPPB061NGCN-RC")
