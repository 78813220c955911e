"""BOM exporters' rows, copied from real files (tests/data/real/SOURCES.md): what is not bought, columns found by
their contents, columns nobody reads, distributor codes beside manufacturer part numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityorder.engine.identity.kinds import kind_in, kind_only
from cityorder.engine.pipeline import consolidate_files
from cityorder.engine.reading import read_demand
from cityorder.engine.reading.forms import not_bought
from cityorder.engine.records import LineStatus
from tests.engine.test_reading_formats import csv_bytes, xlsx_bytes

PI104_HEADER = ["Reference", " Value", " Footprint", " manf#", " mouser#"]  # Roboteurs/Pi-104 hardware/bom.csv


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        (
            PI104_HEADER,
            ["P3", "TST", "Measurement_Points:Measurement_Point_Round-SMD-Pad_Small", "-", ""],
            "not bought (test point): «TST»",
        ),
        (PI104_HEADER, ["U12", "Hole", "", "", ""], "not bought (mounting hole): «Hole»"),
        (  # DiyPCBmex/Compactduino BOM_JLCPCB.csv (EasyEDA)
            ["ID", "Name", "Designator", "Footprint", "Quantity", "Manufacturer Part", "Manufacturer"],
            ["2", "JUMPER_SOLDER_1X2", "U17,U16", "JUMPER_SOLDER_1X2", "2", "", ""],
            "not bought (solder jumper): «JUMPER_SOLDER_1X2»",
        ),
        (  # LibreSolar/mppt-2420-lc MPPT_charger_20A_bom.csv (KiBoM)
            ["Component", "Description", "Part", "References", "Value", "Footprint", "Quantity Per PCB"],
            ["25", "Jumper, normally closed", "Jumper_NC_Small", "JP3", "Jumper_NC_Small",
             "PinHeader_1x02_P2.54mm_Horizontal", "1"],
            "not bought (solder jumper): «Jumper_NC_Small»",
        ),
        (  # freeDSP/freeDSP-SPDIFTransceiver BOM.xls: a value in brackets, «/» for the shop
            ["Part", "Value", "Package", "Qty", "Shop"],
            ["L201", "(47u)", "0805", "1", "/"],
            "not fitted (DNP): «(47u)»",
        ),
        (  # 3mdeb/PCI2USB BOM_with_pricing.xls
            ["", "References", "Description", "Mfr", "Mfr PN", "Value", "Footprint", "Quantity"],
            ["9", "C5", "NOT POPULATED", "", "", "-", "", 0],
            "not bought (not fitted): «NOT POPULATED»",
        ),
    ],
)
def test_what_is_not_bought_is_skipped_with_the_reason(header: list[object], row: list[object], message: str) -> None:
    line = read_demand(xlsx_bytes({"BOM": [header, row]}), "bom.xlsx").lines[0]
    assert (line.status, line.message) == (LineStatus.SKIPPED, message)


def test_a_no_silkscreen_footprint_is_a_real_part() -> None:
    rows: list[list[object]] = [  # OpenModbus/OM-64DO bom.csv
        ["Designator", "Footprint", "Quantity", "Value", "LCSC Part #"],
        ["J101", "TerminalBlock_DEGSON_15EDGVC-3.5-4P_No_SilkScreen", "1", "15EDGVC-3.5-4P", ""],
    ]
    line = read_demand(csv_bytes(rows, delimiter=","), "bom.csv", default_year=2026).lines[0]
    assert (line.status, line.value, line.quantities) == (LineStatus.OK, "15EDGVC-3.5-4P", {2026: 1})


def test_designators_under_part_are_found_by_their_contents() -> None:
    rows: list[list[object]] = [  # damellis/AudioPlayer Eagle/BOM-Eagle.txt: no quantity column, one line per part
        ["Part", "Value", "Device", "Package", "Description", ""],
        ["C1", "100nF", "C-0603", "C0603", "", ""],
        ["C2", "100nF", "C-0603", "C0603", "", ""],
        ["C3", "22pF", "C-0603", "C0603", "", ""],
        ["U1", "ATMEGA328P-AU-1030060P1", "ATMEGA328P-AU-1030060P1", "TQFP32", "8-bit AVR", ""],
    ]
    result = read_demand(csv_bytes(rows), "BOM-Eagle.txt", default_year=2026)
    (sheet,) = result.sheets
    assert (sheet.columns["designators"].header, sheet.columns["designators"].how, sheet.layout) == (
        "Part",
        "content",
        "bom",
    )
    assert "column A «Part» is read as designators: its cells look like reference designators; " in sheet.notes[0]
    assert [(line.status, line.designators, line.quantities) for line in result.lines][:2] == [
        (LineStatus.OK, "C1", {2026: 1}),
        (LineStatus.OK, "C2", {2026: 1}),
    ]
    assert sheet.warnings == []  # «Device» is the CAD library's name, known and not needed


def test_part_numbers_under_an_unknown_header_are_found_by_their_contents() -> None:
    rows: list[list[object]] = [  # RaccoonLabHardware/MUX Bill_of_Materials-BOM.xlsx
        ["Designator", "Quantity", "MF", "MP", "Value", "Package", "Description"],
        ["CAN1, CAN2, CAN3, CAN4, CAN5, CAN6", 6.0, "JST Sales", "SM04B-GHS-TB_LF__SN_-", None, "None",
         "Connector Header Surface Mount, Right Angle 4 position 0.049 _1.25mm_"],
        ["CAN-B1, CAN-B2, CAN-B3, CAN-B4, CAN-B5", 5.0, "Molex", "502585-0670", None, "None",
         "1.50mm Pitch, CLIK-Mate PCB Receptacle, Single Row"],
        ["IN", 1.0, "AMASS", "XT30PW-M", None, "Package Analog Devices"],
        ["OUT", 1.0, "AMASS", "XT30PW-F", None, "Package Analog Devices"],
    ]
    result = read_demand(xlsx_bytes({"Bill of Materials-BOM": rows}), "mux.xlsx", default_year=2026)
    (sheet,) = result.sheets
    assert (sheet.columns["part_number"].header, sheet.columns["part_number"].how) == ("MP", "content")
    assert [line.part_number for line in result.lines] == ["SM04B-GHS-TB_LF__SN_-", "502585-0670", "XT30PW-M",
                                                           "XT30PW-F"]
    assert all(line.status is LineStatus.OK for line in result.lines)
    assert sheet.warnings == [
        "column C «MF» holds data (e.g. «JST Sales») but is not read; map it to a field if it matters"
    ]


NEWSHIP: list[list[object]] = [  # nikandrew/BOM_GOST newship_MF1.xls (Altium, domestic parts in Latin letters)
    ["Designator", "DesignItemId", "Quantity", "ValueName", "ValueTechReq", "ValueType", "Sheet"],
    ["C1", "K53-56-50V-3u3F±20", 1.0, None, None, "Конденсатор", "Power"],
    ["C2, C65", "K10-47V-50V-0u47F", 2.0, None, None, "Конденсатор"],
    ["R1", "R1-112-0W125-302±5", 1.0, None, None, "Резистор"],
    ["DD1", "1564TL2", 1.0, None, None, "Микросхема"],
]


def test_a_column_with_data_that_nothing_reads_is_a_warning() -> None:
    result = read_demand(xlsx_bytes({"newship_MF1": NEWSHIP}), "newship_MF1.xlsx", default_year=2026)
    (sheet,) = result.sheets
    assert sheet.columns["part_number"].header == "DesignItemId"
    assert [line.part_number for line in result.lines] == [row[1] for row in NEWSHIP[1:]]
    assert (sheet.columns["value"].header, sheet.columns["value"].how) == ("ValueType", "content")
    assert "column E «ValueTechReq» is empty: value is read from column F «ValueType»" in sheet.notes
    assert sheet.warnings == [
        "column G «Sheet» holds data (e.g. «Power») but is not read; map it to a field if it matters"
    ]


def test_consolidate_files_collects_the_warnings_of_every_sheet(tmp_path: Path) -> None:
    path = tmp_path / "newship_MF1.xlsx"
    path.write_bytes(xlsx_bytes({"newship_MF1": NEWSHIP}))
    warnings: list[str] = []
    result = consolidate_files([path], default_year=2026, warnings=warnings)
    assert len(result.records) == 4
    assert warnings == [
        "newship_MF1.xlsx:newship_MF1: column G «Sheet» holds data (e.g. «Power») but is not read; "
        "map it to a field if it matters"
    ]


def test_the_manufacturer_part_number_wins_over_the_lcsc_code() -> None:
    rows: list[list[object]] = [  # valletw/esp-atx-power jlcpcb/bom.csv
        ["Designator", "Comment", "Quantity", "Footprint", "JLCPCB Part#", "MFR Part#", "Manufacturer", "Datasheet"],
        ["C104, C204", "10u", "2", "0402", "C15525", "CL05A106MQ5NUNC", "Samsung Electro-Mechanics",
         "https://datasheet.lcsc.com/lcsc/2208231630_Samsung-Electro-Mechanics-CL05A106MQ5NUNC_C15525.pdf"],
    ]
    result = read_demand(csv_bytes(rows, delimiter=","), "bom.csv", default_year=2026)
    line = result.lines[0]
    assert (line.part_number, line.value, line.manufacturer) == ("CL05A106MQ5NUNC", "10u", "Samsung Electro-Mechanics")
    assert line.supplier_code == "LCSC:C15525"  # kept beside it, never in its place
    assert result.sheets[0].columns["supplier_code"].header == "JLCPCB Part#"
    assert result.sheets[0].notes == []
    assert result.sheets[0].warnings == []


def test_a_unit_column_holding_numbers_is_read_as_pieces_with_a_note() -> None:
    rows: list[list[object]] = [
        ["Наименование", "Тип", "Ед. изм.", "Кол-во"],
        ["Реле", "РЭС-9", "0", "4"],
        ["Диод", "КД522Б", "0", "2"],
    ]
    result = read_demand(csv_bytes(rows), "u.csv", default_year=2026)
    assert [(line.unit, line.quantities) for line in result.lines] == [("pcs", {2026: 4}), ("pcs", {2026: 2})]
    assert result.sheets[0].notes == [
        "column «Ед. изм.» holds «0» in 2 rows, which is not a unit of measure: those rows are read in pieces"
    ]


def test_a_combined_column_gives_kind_and_part_number() -> None:
    rows: list[list[object]] = [  # the example: «Наименование и тип изделия», as city bodies write it
        ["№", "Наименование и тип изделия", "Кол-во"],
        [1, "Микросхема ATMEGA328P-AU", 10],
        [2, "Микросхема КР142ЕН5А", 5],
    ]
    result = read_demand(csv_bytes(rows), "d.csv", default_year=2026)
    assert [(line.status, line.name, line.part_number) for line in result.lines] == [
        (LineStatus.OK, "Микросхема", "ATMEGA328P-AU"),
        (LineStatus.OK, "Микросхема", "КР142ЕН5А"),
    ]


@pytest.mark.parametrize(
    ("text", "what"),
    [  # footprint and symbol names of the KiCad libraries, and what people type
        ("Fiducial:Fiducial_1mm_Mask2mm", "fiducial"),
        ("Symbol:OSHW-Logo_7.5x8mm_SilkScreen", "logo or silkscreen"),
        ("MountingHole:MountingHole_3.2mm_M3", "mounting hole"),
        ("TestPoint:TestPoint_Pad_D1.0mm", "test point"),
        ("Jumper:SolderJumper_2_Open", "solder jumper"),
        ("NetTie:NetTie-2_SMD_Pad0.5mm", "net tie"),
        ("NO BUY", "marked not to buy"),
        ("не устанавливать", "not fitted"),
        ("DNP", "not fitted"),
    ],
)
def test_not_bought_words(text: str, what: str) -> None:
    assert not_bought(("", text)) == (what, text)


@pytest.mark.parametrize("text", ["STM32F103C8T6", "Logic IC 74HC00", "TPS54331", "Holder 18650", "Конденсатор"])
def test_parts_that_are_bought(text: str) -> None:
    assert not_bought((text,)) == ("", "")


@given(st.text(max_size=60))
def test_kind_and_not_bought_rules_take_any_text(text: str) -> None:
    not_bought((text,))
    kind_only(text)
    kind_in(text)


def test_orcad_part_column_is_the_value_when_nothing_else_names_the_part() -> None:
    rows: list[list[object]] = [  # killerzman/OrCAD-AudioPowerAmplifier Bill_of_materials.BOM
        ["Item", "Quantity", "Reference", "Part"],
        [],
        ["1", "1", "C1", "47p"],
        ["4", "1", "D2", "BZX84-C8V2"],
        ["7", "4", "Q1,Q2,Q6,Q11", "QBC856B"],
        ["11", "8", "Rs1,R28B,R28A,R29B,R29A,", "0.47"],
        ["", "", "R30C,R30B,R30A", ""],
    ]
    result = read_demand(csv_bytes(rows, delimiter="\t"), "amp.BOM.txt", default_year=2026)
    assert (result.sheets[0].columns["value"].header, result.sheets[0].columns["value"].how) == ("Part", "content")
    ok = [line for line in result.lines if line.status is LineStatus.OK]
    assert [(line.value, line.quantities) for line in ok] == [
        ("47p", {2026: 1}),
        ("BZX84-C8V2", {2026: 1}),
        ("QBC856B", {2026: 4}),
        ("0.47", {2026: 8}),
    ]
    assert ok[-1].message == ""  # the designators run on to the next row: eight of them, as the quantity says
    assert result.lines[-1].message == "continues the part of row 6: read with it"


def test_a_person_s_choice_of_no_column_stands_over_the_contents() -> None:
    rows: list[list[object]] = NEWSHIP
    mapped = read_demand(xlsx_bytes({"newship_MF1": rows}), "n.xlsx", mapping={"part_number": ""})
    assert "part_number" not in mapped.sheets[0].columns
    assert {line.part_number for line in mapped.lines} == {""}


def test_a_value_that_repeats_the_designator_letter_asks_for_the_part() -> None:
    rows: list[list[object]] = [PI104_HEADER, ["C53", "C", "w_smd_cap:c_0402", "-", ""]]
    line = read_demand(xlsx_bytes({"bom": rows}), "pi-104.xlsx").lines[0]
    assert (line.status, line.column) == (LineStatus.ERROR, "manf#")
    assert line.message == (
        "manf#: «C» names only the kind of part; enter its type or designation (e.g. GRM155R71C104KA88D) so it "
        "can be ordered"
    )
