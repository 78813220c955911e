"""Connectors by series, pins, pitch and gender; designations a part-number column shortens; standards in names.
Every case is a real row of the labelled corpus (tests/data/real)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cityorder.engine.consolidation import consolidate_lines
from cityorder.engine.identity import identify
from cityorder.engine.identity.codes import supply_documents, without_supply_documents
from cityorder.engine.identity.connectors import parse_connector
from cityorder.engine.records import LineRecord, LineStatus


def test_xh_connectors_of_two_three_and_four_pins_are_three_parts() -> None:
    # Am0k-GIT/STM32F401CCU6_UNI: the name «Connector 2pin», the library's «XH-2.54» split off as its number
    keys = {identify(name=f"Connector {n}pin", part_number="XH-2.54").key for n in (2, 3, 4)}
    assert len(keys) == 3
    assert identify(name="Connector 3pin", part_number="XH-2.54").params["family"] == "XH"


def test_a_pin_header_is_one_part_whatever_net_label_a_jumper_carries() -> None:
    # freeDSP-SPDIFTransceiver: JP201 «RX_Select», JP402 «MASTER_SLAVE», JP405 «AIFCONF0» on «1x3 RM2,54»
    jumpers = {identify(value=v, footprint="1x3 RM2,54", designator="JP").key
               for v in ("RX_Select", "MASTER_SLAVE", "AIFCONF0")}
    # Am0k-GIT: «HRD-1x3-2.54-MALE», a male 1x3 header at 2.54 mm
    assert jumpers == {identify(name="Connector", part_number="HRD-1x3-2.54-MALE").key}


def test_a_connector_line_that_does_not_say_the_gender_is_a_probable_match_only() -> None:
    records = [
        LineRecord(file="a", row=2, status=LineStatus.OK, name="HRD-1x3-2.54-MALE", quantities={2026: 2}),
        # a J (not a jumper) on the same footprint: header or socket, the line does not say
        LineRecord(file="b", row=2, status=LineStatus.OK, value="SPDIF_SEL", footprint="1x3 RM2,54",
                   designators="J7", quantities={2026: 1}),
    ]
    result = consolidate_lines(records)
    ids = result.position_ids_by_line()
    assert ids[0] != ids[1]
    assert any("gender" in m.reason and not m.merged for m in result.matches)


def test_a_maker_s_number_beside_the_series_stays_the_part_number() -> None:
    assert identify(name="XH B2B-XH-A header").kind != "parametric"  # JST's own code names the part
    assert parse_connector("XH") is None  # a family without pins or pitch names no part
    assert parse_connector("Кабель силовой ВВГнг 4 мм сечение") is None


@given(pins=st.integers(1, 40), rows=st.integers(1, 2), pitch=st.sampled_from(["2.54", "2,54", "1.27", "2.0"]))
def test_grid_order_and_decimal_comma_never_change_a_header(pins: int, rows: int, pitch: str) -> None:
    one = parse_connector(f"Header {rows}x{pins} {pitch}mm")
    other = parse_connector(f"HDR {pins}x{rows} P{pitch.replace(',', '.')}")
    assert one is not None and other is not None
    assert (one["value"], one["pitch"], one["family"]) == (other["value"], other["pitch"], other["family"])


def test_a_part_number_column_that_shortens_the_name_s_designation_yields_to_it() -> None:
    # nikandrew/BOM_GOST 2342 ПЭ3: DesignItemId GK108-P-3 beside the name ГК108-П-15ГР-3-
    full = identify(name="ГК108-П-15ГР-3-", part_number="GK108-P-3", value="Генератор")
    # newship_MF1 of the same author: GK108-P-3 alone, another oscillator
    short = identify(part_number="GK108-P-3")
    assert full.key != short.key
    assert "shortened form of ГК108-П-15ГР-3" in full.note
    # a name that names another number is left to the contradiction rules (5576ТС034 / 5578TS034)
    assert identify(name="5576ТС034", part_number="5578TS034").key == identify(part_number="5578TS034").key


def test_a_standard_ends_at_its_year_and_the_size_after_it_stays() -> None:
    # Cyclone-Nov/DocGOST НМ specification: washers 3 and 4 under «Шайбы ГОСТ 6402-70»
    assert supply_documents("Шайбы ГОСТ 6402-70 3 65Г 029") == ["ГОСТ 6402-70"]
    assert without_supply_documents("Шайбы ГОСТ 6402-70 3 65Г 029") == "Шайбы 3 65Г 029"
    assert supply_documents("Вилка ОСТ 11 336.919-81") == ["ОСТ 11 336.919-81"]
    three, four = (identify(name=f"Шайбы ГОСТ 6402-70 {n} 65Г 029") for n in (3, 4))
    assert three.key != four.key
    assert three.supply_document == "ГОСТ 6402-70"


def test_a_maker_s_all_digit_order_number_is_a_part_number() -> None:
    # LibreSolar/mppt-2420-lc: three Phoenix Contact terminals, the same 1714971 beside the net labels BAT, LOAD, SOLAR
    keys = {identify(name="Screw_Terminal_1x02", value=label, footprint="Phoenix_Contact_MKDS_5-2-952",
                     part_number="1714971", manufacturer="Phoenix Contact").key for label in ("BAT", "LOAD", "SOLAR")}
    assert keys == {"pn:1714971"}
    # without a maker, digits alone may be anything (a quantity, a stock number): read as text
    assert identify(part_number="1714971").kind == "text"
    assert identify(part_number="12345", manufacturer="Phoenix Contact").kind == "text"  # too short for an order number
