"""Bills of materials: reading both layouts, validation with file/row/column, explosion worked out by hand."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from cityorder.engine.bom import (
    PRODUCT,
    Bom,
    BomError,
    BomLine,
    children_by_level,
    demand_rows,
    explode,
    format_quantity,
    parse_plan,
    paths_rows,
    read_bom,
)

INDENTED = (
    "Уровень;Обозначение;Наименование;Кол-во на ед.;Ед. изм.;Потери, %\n"
    "1;BAT-240;Батарея тяговая 240 кВт·ч;1;шт;\n"
    "2;MOD-LTO;Модуль LTO;10;шт;\n"
    "3;КР142ЕН5А;Стабилизатор;2;шт;5\n"
    "3;LTO-66160;Ячейка LTO 66160;24;шт;2\n"
    "1;INV-1;Инвертор;1;шт;\n"
    "2;KR142EN5A;Стабилизатор;3;шт;\n"
    "2;ВВГ-3x16;Кабель силовой;2,5;м;10\n"
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def by_part(explosion) -> dict[str, dict[int, Decimal]]:
    return {p.part_number: p.by_year for p in explosion.parts}


def test_it_reads_an_indented_list_into_a_tree(tmp_path):
    bom = read_bom(write(tmp_path, "ebus.csv", INDENTED))
    assert [line.level for line in bom.lines] == [1, 2, 3, 3, 1, 2, 2]
    assert bom.under(PRODUCT) == [0, 4]
    assert bom.under(1) == [2, 3]
    assert bom.is_assembly(0) and not bom.is_assembly(2)
    assert bom.lines[6].unit == "m" and bom.lines[6].qty_per == Decimal("2.5")
    assert bom.lines[6].attrition == Decimal(10)


def test_it_explodes_with_attrition_by_hand(tmp_path):
    bom = read_bom(write(tmp_path, "ebus.csv", INDENTED))
    explosion = explode(bom, {2026: 150, 2027: 600})
    needs = by_part(explosion)
    # КР142ЕН5А: 1 × 10 × 2 × 1.05 = 21 under the battery module, + 1 × 3 = 3 under the inverter: 24 per bus.
    assert needs["КР142ЕН5А"] == {2026: Decimal(3600), 2027: Decimal(14400)}
    # cells: 10 × 24 × 1.02 = 244.8 per bus; 150 buses → 36 720
    assert needs["LTO-66160"] == {2026: Decimal(36720), 2027: Decimal(146880)}
    # cable in metres is not rounded: 2.5 × 1.1 × 150 = 412.5
    assert needs["ВВГ-3x16"][2026] == Decimal("412.5")
    assert len(explosion.parts) == 3  # «КР142ЕН5А» and «KR142EN5A» are one part
    assert len(explosion.paths) == 4


def test_pieces_are_rounded_up_after_summing_over_paths(tmp_path):
    text = (
        "Level;Part number;Name;Qty per;Unit\n"
        "1;ASM-A;A;1;pcs\n2;SCREW-M3X8-01;Screw;0.3;pcs\n"
        "1;ASM-B;B;1;pcs\n2;SCREW-M3X8-01;Screw;0.3;pcs\n"
    )
    explosion = explode(read_bom(write(tmp_path, "b.csv", text)), {2026: 1, 2027: 10})
    # 0.3 + 0.3 = 0.6 a unit: rounded per path it would be 2 in 2026; summed first it is 1.
    assert by_part(explosion)["SCREW-M3X8-01"] == {2026: Decimal(1), 2027: Decimal(6)}


def test_whole_needs_stay_whole(tmp_path):
    text = "Level;Part number;Name;Qty per;Attrition %\n1;PCB-1001;Board;2;5\n"
    explosion = explode(read_bom(write(tmp_path, "b.csv", text)), {2026: 150})
    assert by_part(explosion)["PCB-1001"][2026] == Decimal(315)  # a float product would round up to 316


def test_it_reads_parent_child_columns_with_a_shared_assembly(tmp_path):
    text = (
        "Parent;Child;Name;Quantity;Unit\n"
        "EBUS-12;DRIVE-200;Drive unit;2;pcs\n"
        "EBUS-12;BAT-240;Battery;1;pcs\n"
        "DRIVE-200;INV-1;Inverter;1;pcs\n"
        "BAT-240;INV-1;Inverter;1;pcs\n"
        "INV-1;IGBT-FF600;IGBT module;6;pcs\n"
    )
    bom = read_bom(write(tmp_path, "pc.csv", text))
    assert bom.product == "EBUS-12"
    explosion = explode(bom, {2027: 600})
    # the inverter sits under both assemblies (2 + 1 per bus), each with 6 IGBT modules: 18 per bus
    assert by_part(explosion)["IGBT-FF600"] == {2027: Decimal(600 * 18)}
    assert [p.qty_per_product for p in explosion.paths] == [Decimal(12), Decimal(6)]


def test_it_reads_a_level_0_product_row_and_an_xlsx(tmp_path):
    path = tmp_path / "van.xlsx"
    rows = [
        ["Спецификация электрофургона", None, None, None],
        ["Уровень", "Обозначение", "Наименование", "Количество"],
        [0, "EVAN-UAZ", "Электрофургон на базе УАЗ", 1],
        [1, "MOTOR-120", "Двигатель тяговый", 1],
        [2, "NDFEB-MAG", "Магнит NdFeB", 48.0],
    ]
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet()
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    bom = read_bom(path)
    assert bom.product == "EVAN-UAZ"
    assert [(line.row, line.level) for line in bom.lines] == [(4, 1), (5, 2)]
    assert by_part(explode(bom, {2026: 10}))["NDFEB-MAG"] == {2026: Decimal(480)}


def test_a_level_jump_and_a_missing_quantity_name_row_and_column(tmp_path):
    text = (
        "Уровень;Обозначение;Наименование;Кол-во на ед.\n"
        "1;BAT-240;Батарея;1\n"
        "3;CELL-1;Ячейка;24\n"
        "2;MOD-1;Модуль;\n"
        "2;MOD-2;Модуль;много\n"
    )
    with pytest.raises(BomError) as caught:
        read_bom(write(tmp_path, "bad.csv", text))
    errors = [(e.file, e.row, e.column) for e in caught.value.errors]
    assert errors == [("bad.csv", 3, "Уровень"), ("bad.csv", 4, "Кол-во на ед."), ("bad.csv", 5, "Кол-во на ед.")]
    text_of = "\n".join(str(e) for e in caught.value.errors)
    assert "bad.csv, row 3, column «Уровень»: the level jumps from 1 to 3" in text_of
    assert "bad.csv, row 4, column «Кол-во на ед.»: no quantity per parent" in text_of
    assert "«много» is not a number" in text_of


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [
        ("Level;Part number;Qty per\n2;A-100;1\n", 2, "Level", "first line is at level 2"),
        ("Level;Part number;Qty per\nтри;A-100;1\n", 2, "Level", "is not a level"),
        ("Level;Part number;Qty per;Attrition %\n1;A-100;1;пять\n", 2, "Attrition %", "not an attrition"),
        ("Level;Part number;Qty per;Attrition %\n1;A-100;1;150\n", 2, "Attrition %", "not an attrition"),
        ("Level;Part number;Name;Qty per\n1;;;1\n", 2, "Part number", "no part number and no name"),
        ("Level;Part number;Qty per\n1;A-100;1\n0;TOP-1;1\n", 3, "Level", "level-0 line is the product"),
        ("Parent;Child;Qty\nTOP-1;A-100;1\nOTHER-9;B-200;1\n", 3, "Parent", "is not a line of this BOM"),
        ("Parent;Child;Qty\nTOP-1;A-100;1\nB-200;A-100;1\nA-100;B-200;1\n", 4, "Parent", "into itself"),
        ("Level;Part number;Qty per;Unit\n1;A-100;1;pcs\n1;A-100;2;m\n", 3, "Unit", "use one unit"),
    ],
)
def test_bad_rows_are_refused_with_their_place(tmp_path, text, row, column, words):
    with pytest.raises(BomError) as caught:
        read_bom(write(tmp_path, "bom.csv", text))
    first = caught.value.errors[0]
    assert (first.file, first.row, first.column) == ("bom.csv", row, column)
    assert words in first.message


def test_a_file_without_a_bom_header_says_what_to_add(tmp_path):
    with pytest.raises(BomError, match="no header row with a quantity column"):
        read_bom(write(tmp_path, "notes.csv", "Что;Где\nа;б\n"))


def test_levels_written_as_sap_dots_and_outline_numbers(tmp_path):
    text = "Level;Part number;Qty per\n.1;A-100;1\n..2;B-200;2\n1.1.1;C-300;3\n"
    bom = read_bom(write(tmp_path, "sap.csv", text))
    assert [line.level for line in bom.lines] == [1, 2, 3]


def test_demand_and_paths_rows_are_the_contract(tmp_path):
    bom = read_bom(write(tmp_path, "ebus.csv", INDENTED))
    explosion = explode(bom, {2027: 600, 2026: 150})
    header, rows = demand_rows(explosion)
    assert header == ["key", "part_number", "name", "unit", "qty_2026", "qty_2027"]
    assert rows[0] == ["pn:КР142ЕН5А", "КР142ЕН5А", "Стабилизатор", "pcs", "3600", "14400"]
    header, rows = paths_rows(bom, explosion)
    assert header == ["key", "path", "qty_per_product"]
    assert rows[0] == ["pn:КР142ЕН5А", "2:BAT-240 > 3:MOD-LTO > 4:КР142ЕН5А", "21"]
    assert rows[2] == ["pn:КР142ЕН5А", "6:INV-1 > 7:KR142EN5A", "3"]


@pytest.mark.parametrize(("text", "plan"), [("2026:150,2027:600", {2026: 150, 2027: 600}), (" 2030:0 ", {2030: 0})])
def test_it_parses_a_plan(text, plan):
    assert parse_plan(text) == plan


@pytest.mark.parametrize("text", ["2026=150", "2026:1.5", "26:100", "2026:1,2026:2", ""])
def test_it_refuses_a_bad_plan(text):
    with pytest.raises(ValueError):
        parse_plan(text)


# Properties over generated trees: units of metres, so nothing is rounded and sums are exact.
quantities = st.decimals(min_value=0, max_value=50, places=2)
attritions = st.decimals(min_value=0, max_value=30, places=1)


@st.composite
def trees(draw) -> Bom:
    count = draw(st.integers(1, 25))
    lines, level = [], 0
    for i in range(count):
        level = draw(st.integers(1, min(level + 1, 12)))
        lines.append(BomLine(row=i + 2, level=level, part_number=f"P-{draw(st.integers(100, 110))}",
                             name="", qty_per=draw(quantities), key="", unit="m", attrition=draw(attritions)))
    lines = [BomLine(**{**_fields(line), "key": f"pn:{line.part_number}"}) for line in lines]
    return Bom(file="generated", lines=lines, children=children_by_level(lines))


def _fields(line: BomLine) -> dict:
    return {name: getattr(line, name) for name in BomLine.__slots__}


plans = st.dictionaries(st.integers(2026, 2035), st.integers(0, 1000), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(trees(), plans, plans)
def test_explosion_is_linear_in_the_plan(bom, first, second):
    years = sorted(set(first) | set(second))
    total = {y: first.get(y, 0) + second.get(y, 0) for y in years}
    a, b = explode(bom, {y: first.get(y, 0) for y in years}), explode(bom, {y: second.get(y, 0) for y in years})
    both = explode(bom, total)
    with localcontext(prec=200):  # the sum of two exact needs, kept exact
        for part, pa, pb in zip(both.parts, a.parts, b.parts, strict=True):
            assert all(part.by_year[y] == pa.by_year[y] + pb.by_year[y] for y in years)


@settings(max_examples=60, deadline=None)
@given(trees(), plans, st.data())
def test_attrition_only_increases_the_need(bom, plan, data):
    index = data.draw(st.integers(0, len(bom.lines) - 1))
    more = data.draw(st.decimals(min_value=0, max_value=20, places=1))
    changed = list(bom.lines)
    changed[index] = BomLine(**{**_fields(changed[index]), "attrition": changed[index].attrition + more})
    before = explode(bom, plan)
    after = explode(Bom(file=bom.file, lines=changed, children=bom.children), plan)
    for old, new in zip(before.parts, after.parts, strict=True):
        assert all(new.by_year[y] >= old.by_year[y] for y in plan)


@given(st.decimals(min_value=0, max_value=10**6, places=4))
def test_quantities_print_without_exponent_and_read_back(value):
    text = format_quantity(value)
    assert "E" not in text and Decimal(text) == value


def test_an_exported_workbook_reads_back_into_the_same_lines(tmp_path):
    from cityorder.engine.bom import bom_workbook

    bom = read_bom(write(tmp_path, "ebus.csv", INDENTED))
    again = read_bom(bom_workbook(bom.lines, title="ЭБ-12"), "ebus.xlsx")
    strip = [{**_fields(line), "row": 0} for line in bom.lines]
    assert [{**_fields(line), "row": 0} for line in again.lines] == strip
    assert again.children == bom.children


def test_a_diff_names_added_removed_and_changed_lines(tmp_path):
    from cityorder.engine.bom import bom_diff

    old = read_bom(write(tmp_path, "v1.csv", INDENTED))
    changed = INDENTED.replace("3;LTO-66160;Ячейка LTO 66160;24;шт;2", "3;LTO-66160;Ячейка LTO 66160;26;шт;2")
    changed = changed.replace("2;ВВГ-3x16;Кабель силовой;2,5;м;10\n", "2;PCB-7001;Плата управления;1;шт;\n")
    new = read_bom(write(tmp_path, "v2.csv", changed))
    diff = [(c.kind, c.path, c.fields) for c in bom_diff(old, new)]
    assert diff == [
        ("removed", ("INV-1", "ВВГ-3x16"), ()),
        ("changed", ("BAT-240", "MOD-LTO", "LTO-66160"), (("qty_per", "24", "26"),)),
        ("added", ("INV-1", "PCB-7001"), ()),
    ]
    assert bom_diff(old, old) == []


@given(st.sampled_from(["КР142ЕН5А", "KR142EN5A", "STM32F103C8T6", "LTO-66160", "Корпус", "", "N/A", "10k",
                        "ВВГ-3x16"]),
       st.sampled_from(["Стабилизатор", "Ячейка LTO", "Резистор 10 кОм 0805", "", "Кабель силовой"]),
       st.sampled_from(["", "ST", "Texas Instruments"]))
def test_a_part_identity_is_the_engines_identity(part_number, name, manufacturer):
    from cityorder.engine.bom import part_identity
    from cityorder.engine.identity import identify

    assert part_identity(part_number, name, manufacturer) == identify(
        part_number=part_number, name=name, manufacturer=manufacturer).key


def test_a_shared_assembly_becomes_a_tree_with_the_same_explosion(tmp_path):
    from cityorder.engine.bom import as_tree

    text = ("Parent;Child;Name;Quantity\nEBUS-12;DRIVE-200;Drive;2\nEBUS-12;BAT-240;Battery;1\n"
            "DRIVE-200;INV-1;Inverter;1\nBAT-240;INV-1;Inverter;1\nINV-1;IGBT-FF600;IGBT;6\n")
    bom = read_bom(write(tmp_path, "pc.csv", text))
    tree = as_tree(bom)
    assert [(line.part_number, line.level) for line in tree.lines] == [
        ("DRIVE-200", 1), ("INV-1", 2), ("IGBT-FF600", 3), ("BAT-240", 1), ("INV-1", 2), ("IGBT-FF600", 3)]
    assert children_by_level(tree.lines) == tree.children
    plan = {2027: 600}
    needs = [(p.key, p.by_year) for p in explode(bom, plan).parts]
    assert [(p.key, p.by_year) for p in explode(tree, plan).parts] == needs
    indented = read_bom(write(tmp_path, "ebus.csv", INDENTED))
    assert as_tree(indented).lines == indented.lines and as_tree(indented).children == indented.children
