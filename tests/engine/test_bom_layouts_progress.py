"""Multi-level BOMs as other tools write them (outline numbers, English «Description» names) and the explosion's
progress reports, which a background job turns into a bar that moves."""

from __future__ import annotations

import pytest

from cityorder.engine.bom import explode, path_count, read_bom
from cityorder.engine.bom import explosion as explosion_module
from tests.engine.test_bom import write

# The level column as an outline: «2» is the second line under the product, «1.1.2» the second line under «1.1».
OUTLINE = (
    "Level,Part Number,Description,Qty,UOM\n"
    "1,ASSY-100,Frame assembly,1,EA\n"
    "1.1,SUB-200,Bracket set,2,EA\n"
    "1.1.1,SCREW-300,Screw M4x10,4,EA\n"
    "1.1.2,NUT-310,Nut M4,4,EA\n"
    "1.2,SUB-210,Cover,1,EA\n"
    "2,ASSY-400,Harness,3,EA\n"
)

PARENT_CHILD = (
    "Parent;Child;Name;Quantity\nEBUS-12;DRIVE-200;Drive;2\nEBUS-12;BAT-240;Battery;1\n"
    "DRIVE-200;INV-1;Inverter;1\nBAT-240;INV-1;Inverter;1\nINV-1;IGBT-FF600;IGBT;6\nINV-1;DRV-1;Driver;1\n"
)


def test_an_outline_numbered_level_column_gives_the_depth(tmp_path):
    bom = read_bom(write(tmp_path, "outline.csv", OUTLINE))
    assert [(line.part_number, line.level) for line in bom.lines] == [
        ("ASSY-100", 1), ("SUB-200", 2), ("SCREW-300", 3), ("NUT-310", 3), ("SUB-210", 2), ("ASSY-400", 1)]
    needs = {p.part_number: p.by_year[2026] for p in explode(bom, {2026: 10}).parts}
    assert needs == {"SCREW-300": 80, "NUT-310": 80, "SUB-210": 10, "ASSY-400": 30}


def test_plain_levels_are_depths_when_no_line_is_numbered_as_an_outline(tmp_path):
    text = "Level;Part Number;Qty per\n1;A-1;1\n2;B-2;2\n2;C-3;1\n1;D-4;1\n"
    assert [line.level for line in read_bom(write(tmp_path, "levels.csv", text)).lines] == [1, 2, 2, 1]


def test_a_description_column_names_the_parts_of_a_bom_without_a_name_column(tmp_path):
    bom = read_bom(write(tmp_path, "outline.csv", OUTLINE))
    assert [line.name for line in bom.lines][:3] == ["Frame assembly", "Bracket set", "Screw M4x10"]


def test_path_count_counts_a_shared_assembly_under_each_parent(tmp_path):
    bom = read_bom(write(tmp_path, "pc.csv", PARENT_CHILD))
    assert path_count(bom) == len(explode(bom, {2027: 1}).paths) == 4


@pytest.mark.parametrize("every", [1, 3])
def test_explosion_reports_its_paths_as_it_goes(tmp_path, monkeypatch, every):
    monkeypatch.setattr(explosion_module, "REPORT_EVERY", every)
    bom = read_bom(write(tmp_path, "pc.csv", PARENT_CHILD))
    heard: list[tuple[int, int]] = []
    explode(bom, {2027: 600}, report=lambda done, total: heard.append((done, total)))
    dones = [done for done, _total in heard]
    assert {total for _done, total in heard} == {4}
    assert dones == sorted(dones) and dones[-1] == 4
    assert dones[:-1] == list(range(every, 5, every))


def test_a_nomenclature_column_names_the_parts_and_a_wbs_column_is_not_the_level(tmp_path):
    text = ("WBS,Level,Part Number,Nomenclature,Qty,UoM\n1.0,0,WING-ASSY,Wing assembly,1,EA\n"
            "1.1,1,SPAR-FS,Front spar,1,EA\n1.2,1,SKIN-UP,Upper skin,2,EA\n")
    bom = read_bom(write(tmp_path, "wing.csv", text))
    assert bom.product == "WING-ASSY"
    assert [(line.part_number, line.name, line.level, line.qty_per) for line in bom.lines] == [
        ("SPAR-FS", "Front spar", 1, 1), ("SKIN-UP", "Upper skin", 1, 2)]


@pytest.mark.parametrize(("levels", "depths"), [
    (["1.0", "2.0", "3.0", "2.0"], [1, 2, 3, 2]),  # depths written as floats
    (["1.0", "1.1", "1.1.1", "1.2", "2.0"], [1, 2, 3, 2, 1]),  # a WBS outline whose headings end in .0
])
def test_levels_written_with_a_decimal_point(tmp_path, levels, depths):
    text = "Level;Part Number;Qty per\n" + "".join(f"{level};P-{i};1\n" for i, level in enumerate(levels))
    assert [line.level for line in read_bom(write(tmp_path, "levels.csv", text)).lines] == depths
