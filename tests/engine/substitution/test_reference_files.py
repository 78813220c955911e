"""Reading catalog and cross-reference files: every format the engine reads, errors that say where and what."""

from __future__ import annotations

import openpyxl
import pytest

from cityorder.engine.substitution import (
    Compatibility,
    Origin,
    SourceFileError,
    parse_catalog,
    parse_xrefs,
    read_catalog,
    read_xrefs,
)

CATALOG_CSV = (
    "part_number;manufacturer;name;category;origin;registry_no;parameters;price;readiness_year;capacity_2026;"
    "capacity_2027\n"
    "КР1006ВИ1;Интеграл;Таймер;ic.timer;domestic;РЭП 10-123;;12,50;;10 000;20000\n"
    "LFP-12100;Лиотех;Аккумуляторная батарея LiFePO4 12,8 В 100 А·ч;;отечественный;10457/2024;"
    "\"chemistry=lfp; voltage=12.8\";95000;2027;;500\n"
    "NE555P;TI;Timer;Таймеры;foreign;;;;;;\n"
)


def test_a_catalog_in_cp1251_with_semicolons(tmp_path):
    path = tmp_path / "каталог.csv"
    path.write_bytes(CATALOG_CSV.encode("cp1251"))
    timer, battery, foreign = read_catalog(path)
    assert (timer.part_number, timer.origin, timer.registry_no) == ("КР1006ВИ1", Origin.DOMESTIC, "РЭП 10-123")
    assert timer.capacity == {2026: 10_000, 2027: 20_000}
    assert timer.price == 12.5
    assert timer.source == "каталог.csv, row 2"
    assert battery.category == "battery.lfp"  # empty: classified from the name
    assert battery.parameters == {"chemistry": "lfp", "voltage": "12.8"}
    assert (battery.readiness_year, battery.capacity) == (2027, {2027: 500})
    assert foreign.category == "ic.timer"  # a category's name is read as its code
    assert foreign.origin == Origin.FOREIGN and not foreign.capacity


def test_a_catalog_in_xlsx_below_a_title(tmp_path):
    path = tmp_path / "catalog.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Каталог продукции участников кластера"])
    sheet.append(["Артикул", "Производитель", "Наименование", "Категория", "Происхождение", "Номер в реестре",
                  "Мощность 2026"])
    sheet.append([2764, "Ангстрем", "ПЗУ", "ic.memory", "domestic", "", 1500])
    book.save(path)
    (item,) = read_catalog(path)
    assert item.part_number == "2764"  # a number cell is a part number without «.0»
    assert item.capacity == {2026: 1500}


def test_catalog_errors_name_file_row_column_and_fix(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(
        "part_number,manufacturer,name,category,origin,registry_no,capacity_2026,readiness_year\n"
        ",Интеграл,Таймер,ic.timer,domestic,,,\n"  # 2: no part number
        "КР1006ВИ1,Интеграл,Таймер,ic.timer,местный,,,\n"  # 3: origin
        "КР1006ВИ1,,Таймер,ic.timer,domestic,,,\n"  # 4: a domestic product without producer
        "КР1006ВИ1,Интеграл,Таймер,ic.gadgets,domestic,,много,двадцатый\n"  # 5: category, capacity, year
        "КР142ЕН5А,Интеграл,Стабилизатор,,domestic,,100,\n"  # 6: fine
        "КР142ЕН5А,Интеграл,Стабилизатор,,domestic,,200,\n",  # 7: the same product again
        encoding="utf-8",
    )
    items, errors = parse_catalog(path)
    assert [i.part_number for i in items] == ["КР142ЕН5А"]
    where = {(e.row, e.column) for e in errors}
    assert where == {(2, "part_number"), (3, "origin"), (4, "manufacturer"), (5, "category"),
                     (5, "capacity_2026"), (5, "readiness_year"), (7, "part_number")}
    assert any("write domestic or foreign" in e.message for e in errors)
    with pytest.raises(SourceFileError) as raised:
        read_catalog(path)
    assert "catalog.csv, row 3, column «origin»" in str(raised.value)
    assert len(raised.value.errors) == len(errors)


def test_a_file_without_the_columns_says_which_are_missing(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text("part_number,name\nКР1006ВИ1,Таймер\n", encoding="utf-8")
    with pytest.raises(SourceFileError, match="missing: category, manufacturer, origin, registry_no"):
        read_catalog(path)


def test_cross_references(tmp_path):
    path = tmp_path / "xref.csv"
    path.write_text(
        "part_number,analog_part_number,compatibility,note\n"
        "NE555,КР1006ВИ1,functional,DIP-8\n"
        "LM317,КР142ЕН12А,по выводам,\n"
        "КР142ЕН12А,LM317,pin,\n"  # the same pair again, the same way: nothing new
        "L7805,КР142ЕН5А,D,SiliconExpert type D\n",
        encoding="utf-8",
    )
    xrefs = read_xrefs(path)
    assert [(x.part_number, x.analog_part_number, x.compatibility) for x in xrefs] == [
        ("NE555", "КР1006ВИ1", Compatibility.FUNCTIONAL),
        ("LM317", "КР142ЕН12А", Compatibility.PIN),
        ("L7805", "КР142ЕН5А", Compatibility.FUNCTIONAL),
    ]
    assert xrefs[0].note == "DIP-8" and xrefs[0].source == "xref.csv, row 2"


def test_cross_reference_errors(tmp_path):
    path = tmp_path / "xref.csv"
    path.write_text(
        "part_number,analog_part_number,compatibility,note\n"
        "NE555,КР1006ВИ1,functional,\n"
        "NE555,КР1006ВИ1,pin,\n"  # 3: the same pair, another compatibility
        "NE555,,pin,\n"  # 4: no analog
        "NE555,таймер отечественный,pin,\n"  # 5: words, not a code
        "NE555,КР1006ВИ1А,maybe,\n"  # 6: compatibility
        "NE555P,NE555P,pin,\n",  # 7: itself
        encoding="utf-8",
    )
    xrefs, errors = parse_xrefs(path)
    assert len(xrefs) == 1
    assert {(e.row, e.column) for e in errors} == {(3, "compatibility"), (4, "analog_part_number"),
                                                   (5, "analog_part_number"), (6, "compatibility"),
                                                   (7, "analog_part_number")}
