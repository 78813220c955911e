"""Excel 2003 XML Spreadsheet files (often named .xls) and text reports under a program's own suffix (OrCAD .BOM)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityorder.engine.reading import UnreadableFile, read_demand
from cityorder.engine.reading.tabular import Limits, read_tables

HEAD = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">\n'
)


def workbook(body: str) -> bytes:
    return (HEAD + body + "</Workbook>").encode("utf-8")


def test_it_reads_cells_with_their_skipped_rows_columns_and_merges():
    data = workbook(
        '<Worksheet ss:Name="BOM"><Table>'
        '<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">Перечень</Data></Cell>'
        '<Cell><Data ss:Type="String">лист 1</Data></Cell></Row>'
        '<Row ss:Index="3"><Cell><Data ss:Type="String">Designator</Data></Cell>'
        '<Cell><Data ss:Type="String">MPN</Data></Cell><Cell><Data ss:Type="String">Qty</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="String">C1, C2</Data></Cell>'
        '<Cell><Data ss:Type="String"><html:B>GRM188R71C104KA01</html:B>D</Data></Cell>'
        '<Cell><Data ss:Type="Number">2</Data></Cell></Row>'
        '<Row><Cell ss:Index="2"><Data ss:Type="String">LD1117S33TR</Data></Cell>'
        '<Cell><Data ss:Type="Number">1.5</Data></Cell></Row>'
        "</Table></Worksheet>"
    )
    [sheet] = read_tables(data, "BOM.xls")
    assert sheet.name == "BOM"
    assert sheet.rows == [
        ["Перечень", "", "", "лист 1"],  # the merged title covers A:C; the next cell is D
        [],
        ["Designator", "MPN", "Qty"],
        ["C1, C2", "GRM188R71C104KA01D", 2],
        ["", "LD1117S33TR", 1.5],
    ]


def test_its_lines_are_read_like_any_workbook(tmp_path: Path):
    path = tmp_path / "Список.xls"
    path.write_bytes(workbook(
        '<Worksheet ss:Name="Лист1"><Table>'
        '<Row><Cell><Data ss:Type="String">Наименование</Data></Cell><Cell><Data ss:Type="String">Обозначение'
        '</Data></Cell><Cell><Data ss:Type="String">Кол-во</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="String">Микросхема</Data></Cell><Cell><Data ss:Type="String">КР142ЕН5А'
        '</Data></Cell><Cell><Data ss:Type="Number">12</Data></Cell></Row>'
        "</Table></Worksheet>"
    ))
    [line] = read_demand(path, default_year=2026).lines
    assert (line.row, line.part_number, line.quantities) == (2, "КР142ЕН5А", {2026: 12})


def test_an_entity_bomb_is_refused_with_the_file_named():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a"><Table><Row><Cell>'
        '<Data ss:Type="String">&lol2;</Data></Cell></Row></Table></Worksheet></Workbook>'
    ).encode()
    with pytest.raises(UnreadableFile, match="bomb.xls"):
        read_tables(bomb, "bomb.xls")


def test_a_sheet_claiming_too_many_columns_is_refused_before_its_grid_is_made(monkeypatch):
    from cityorder.engine.reading import tabular

    monkeypatch.setattr(tabular, "LIMITS", Limits(max_columns=50))
    wide = workbook('<Worksheet ss:Name="wide"><Table><Row><Cell ss:Index="16384"><Data ss:Type="String">x</Data>'
                    "</Cell></Row></Table></Worksheet>")
    with pytest.raises(UnreadableFile, match="wide"):
        read_tables(wide, "wide.xls")


def test_a_text_report_under_its_programs_own_suffix_is_read_as_delimited_text():
    report = (
        "Bill Of Materials       November 9,2018      18:55:54\tPage1\n\n"
        "Item\tQuantity\tReference\tPart\n______________________________________________\n\n"
        "1\t1\tC1\t47p\n2\t3\tC2,C3,C4\t10u\n"
    ).encode("cp1252")
    [sheet] = read_tables(report, "Bill_of_materials.BOM")
    assert ["2", "3", "C2,C3,C4", "10u"] in sheet.rows


def test_binary_under_an_unknown_suffix_is_still_refused():
    with pytest.raises(UnreadableFile, match="not supported"):
        read_tables(b"\x00\x01\x02binary\x00" * 20, "drawing.dwg")
