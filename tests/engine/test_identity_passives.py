"""Passives by their designation systems and part numbers; probable matches where one line says less (real rows)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityorder.engine.consolidation import consolidate_lines
from cityorder.engine.identity import identify
from cityorder.engine.identity.parametric import parametric_key, params_from_key, parse_parametric
from cityorder.engine.identity.passives import decode_part_number, parse_russian_passive
from cityorder.engine.records import LineRecord, LineStatus


def line(row: int, **fields: str) -> LineRecord:
    return LineRecord(file="f.xlsx", row=row, status=LineStatus.OK, customer="c", unit="шт",
                      quantities={2026: 1.0}, **fields)


@pytest.mark.parametrize(("text", "series", "value", "extra"), [
    ("С2-33Н-0,25-10 кОм±5 %", "С2-33Н", "10000", {"power": "0.25", "tolerance": "5"}),
    ("Р1-12-0,125-10 кОм±5%", "Р1-12", "10000", {"power": "0.125"}),
    ("Р1-8В-0603-24кОм±2%", "Р1-8В", "24000", {"size": "0603", "tolerance": "2"}),  # DocGOST ПЭ3
    ("Р2-105-2-0,01 Ом±5%", "Р2-105", "0.01", {"power": "2"}),  # nikandrew ValueName
    ("К10-17в-Н50-0,1 мкФ", "К10-17в", "0.0000001", {"dielectric": "Н50"}),
    ("К53-65-16 В-47 мкФ", "К53-65", "0.000047", {"voltage": "16"}),
    ("К73-17-63 В-0,1 мкФ±10%", "К73-17", "0.0000001", {"voltage": "63"}),
    ("K10-17V-N90-0u1F", "К10-17в", "0.0000001", {"dielectric": "Н90"}),  # nikandrew DesignItemId
    ("R1-112-0W125-302±5", "Р1-112", "3000", {"power": "0.125", "tolerance": "5"}),
    ("R2-105-2W-R01±5", "Р2-105", "0.01", {"power": "2"}),
])
def test_russian_types_keep_the_type_and_read_the_fields(text, series, value, extra):
    params = parse_russian_passive(text)
    assert params is not None and params["series"] == series and params["value"] == value
    assert {k: params[k] for k in extra} == extra


def test_latin_and_cyrillic_spellings_of_one_russian_resistor_meet():
    # nikandrew newship_MF1, row 31: DesignItemId and ValueName of the same part
    latin = identify(part_number="R1-112-0W125-302±5")
    cyrillic = identify(value="Р1-112-0,125-3 кОм±5%")
    assert latin.key == cyrillic.key and latin.category == "passive.resistor"
    assert identify(part_number="K10-17V-N90-0u1F").key == identify(value="К10-17в-Н90-0,1 мкФ").key


def test_the_type_is_part_of_the_identity():
    assert identify(name="С2-33Н-0,25-10 кОм±5%").key != identify(name="Р1-12-0,25-10 кОм±5%").key
    assert identify(name="К10-17в-Н50-0,1 мкФ").key != identify(name="К10-17в-Н90-0,1 мкФ").key


def test_a_variant_letter_makes_another_part():
    # nikandrew 2342 ПЭ3 row 5 says -В, newship_MF1 row 4 does not: apart, the review queue pairs them
    with_variant = identify(name="К53-56-10В-6,8 мкФ±20%-В", part_number="K53-56-10V-6u8F±20")
    without = identify(part_number="K53-56-10V-6u8F±20")
    assert with_variant.key != without.key and with_variant.params["variant"] == "В"
    result = consolidate_lines([line(2, name="К53-56-10В-6,8 мкФ±20%-В", part_number="K53-56-10V-6u8F±20"),
                                line(3, part_number="K53-56-10V-6u8F±20")])
    assert len(result.position_list()) == 2
    [match] = result.matches
    assert "variant" in match.reason and not match.merged


@pytest.mark.parametrize(("pn", "expected"), [
    ("RC0402FR-0710KL", {"type": "res", "value": "10000", "tolerance": "1", "size": "0402"}),
    ("RC0402FR-07100KL", {"value": "100000"}),
    ("RC0402FR-071KL", {"value": "1000"}),
    ("CRCW04021K00FKED", {"value": "1000", "tolerance": "1", "size": "0402"}),
    ("ERJ-2RKF1002X", {"value": "10000", "tolerance": "1", "size": "0402"}),
    ("0402WGF1002TCE", {"value": "10000", "size": "0402"}),
    ("GCM155R71C104KA55J", {"type": "cap", "value": "0.0000001", "voltage": "16", "size": "0402"}),
    ("GRM21BR71H104KA01L", {"value": "0.0000001", "voltage": "50", "size": "0805", "dielectric": "X7R"}),
    ("CL05B104KO5NNNC", {"value": "0.0000001", "voltage": "16", "size": "0402"}),
    ("CC0603KRX7R9BB104", {"value": "0.0000001", "voltage": "50", "size": "0603"}),
    ("04025C103KAT2A", {"value": "0.00000001", "voltage": "50", "dielectric": "X7R"}),
    ("0603B103K500NT", {"value": "0.00000001", "voltage": "50", "size": "0603"}),
])
def test_part_numbers_that_encode_values(pn, expected):
    decoded = decode_part_number(pn.replace("-", ""))
    assert decoded is not None and {k: decoded[k] for k in expected} == expected


def test_value_encoding_part_numbers_are_different_parts_and_never_probable_matches():
    result = consolidate_lines([line(2, part_number="RC0402FR-07100KL"), line(3, part_number="RC0402FR-0710KL"),
                                line(4, part_number="RC0402FR-071KL")])
    assert len(result.position_list()) == 3 and result.matches == []


def test_murata_parts_of_other_size_and_voltage_are_not_paired():
    # issue 12: GCM155R71C104 (0402 16 V) was merged with GRM21BR71H104 (0805 50 V)
    result = consolidate_lines([line(2, part_number="GCM155R71C104KA55J"), line(3, part_number="GRM21BR71H104KA01L"),
                                line(4, name="Конденсатор 0,1 мкФ 50 В X7R 0805")])
    assert len(result.position_list()) == 3
    pairs = {frozenset((m.key_a, m.key_b)) for m in result.matches}
    assert pairs == {frozenset(("pn:GRM21BR71H104KA01L", identify(name="Конденсатор 0,1 мкФ 50 В X7R 0805").key))}


def test_a_generic_line_that_says_less_is_a_probable_match_with_its_reason():
    kicad = dict(value="10k", footprint="Resistor_SMD:R_0603_1608Metric")
    russian = dict(name="Резистор 10 кОм 0603 1%")
    result = consolidate_lines([line(2, **kicad), line(3, **russian)])
    assert len(result.position_list()) == 2
    [match] = result.matches
    assert "tolerance" in match.reason and not match.merged


def test_tolerances_said_on_both_sides_and_different_are_never_paired():
    result = consolidate_lines([line(2, value="33K", description="RES 33K 0.1% 0805"),
                                line(3, value="33K", description="RES 33K 1% 0805")])
    assert len(result.position_list()) == 2 and result.matches == []


def test_capacitors_of_four_values_never_merge():
    values = ["0,1 мкФ", "1 мкФ", "10 мкФ", "22 пФ"]
    result = consolidate_lines([line(i, name=f"Конденсатор {v}") for i, v in enumerate(values, start=2)])
    assert len(result.position_list()) == 4


def test_a_line_whose_part_number_contradicts_its_value_is_flagged():
    ident = identify(part_number="RC0402FR-0710KL", value="4.7k")
    assert "check the line" in ident.note and "encodes value 10 kΩ" in ident.note and "says value 4.7 kΩ" in ident.note
    assert "check the line" not in identify(part_number="RC0402FR-0710KL", value="10k").note


@pytest.mark.parametrize(("text", "value"), [("Резистор 10 мОм", "0.01"), ("Резистор 10 МОм", "10000000"),
                                             ("Шунт 2 mΩ 2512", "0.002"), ("RES 1 MOhm", "1000000")])
def test_milliohm_and_megohm(text, value):
    params = parse_parametric(text)
    assert params is not None and params["value"] == value


def test_tolerance_from_any_field_and_arrays_are_not_single_resistors():
    assert identify(value="10k", footprint="R_0603 1%").params["tolerance"] == "1"
    array = identify(value="10k", footprint="Resistor_SMD:R_Array_Convex_4x0603")
    assert array.params["array"] == "4" and array.key != identify(value="10k", footprint="R_0603").key


def test_part_numbers_keep_what_names_the_part():
    assert identify(part_number="LM3671MF-3.3_NOPB").key == identify(part_number="LM3671MF-3.3/NOPB").key
    assert identify(part_number="LM3671MF-3.3_NOPB").key != identify(part_number="LM3671MF-1.8/NOPB").key
    assert identify(part_number="541-10.0KHCT-ND").key != identify(part_number="541-100KHCT-ND").key  # cvra
    assert identify(part_number="DS-210B(PBT)(NB)").key == identify(part_number="DS-210B").key  # freq_meter
    assert identify(part_number="5572IN1AU2_Min").key == identify(part_number="5572ИН1АУ2").key  # nikandrew
    assert identify(part_number="LM258DT").key == identify(part_number="LM258DR", manufacturer="TI").key


def test_library_names_and_distributor_codes_are_not_the_part_number():
    # boningdong: Res1 / RESC1005X04N; damellis: R-0603 with 4.7K and 10K
    assert identify(part_number="R-0603", value="4.7K").key != identify(part_number="R-0603", value="10K").key
    assert identify(part_number="Res1", value="10K").kind == "parametric"
    # 21km43 JLCPCB: LCSC code in the part-number column, the maker's part in Comment
    assert identify(part_number="C6186", value="AMS1117-3.3").key == identify(part_number="AMS1117-3.3").key
    assert identify(part_number="C25744").key == "pn:C25744"  # alone, it is what there is


@given(st.text(max_size=40))
def test_passive_parsers_never_raise_and_keys_round_trip(text):
    for params in (parse_russian_passive(text), parse_parametric(text)):
        if params:
            assert params_from_key(parametric_key(params)) is not None
    decode_part_number(text.upper())


@pytest.mark.parametrize(("text", "expected"), [
    ("Аккумулятор 6СТ-190А", {"chemistry": "leadacid", "voltage": "12", "capacity_ah": "190", "variant": "А"}),
    ("Батарея аккумуляторная 6СТ-60", {"chemistry": "leadacid", "voltage": "12", "capacity_ah": "60"}),
    ("Аккумулятор Li-ion 18650 3,7 В 2600 мА·ч", {"capacity_ah": "2.6", "format": "18650"}),
    ("Li-ion 21700 3.7V 2.6Ah battery", {"capacity_ah": "2.6", "format": "21700"}),
])
def test_batteries(text, expected):
    params = parse_parametric(text)
    assert params is not None and {k: params[k] for k in expected} == expected


def test_battery_formats_and_grades_stay_apart_and_a_generic_one_is_probable():
    assert identify(name="Аккумулятор Li-ion 18650 3,7 В 2600 мА·ч").key != identify(
        name="Аккумулятор Li-ion 21700 3,7 В 2600 мА·ч").key
    result = consolidate_lines([line(2, name="Аккумулятор 6СТ-190А"),
                                line(3, name="Аккумуляторная батарея свинцово-кислотная 12 В 190 А·ч")])
    assert len(result.position_list()) == 2
    [match] = result.matches
    assert "variant" in match.reason and not match.merged


def test_reference_designators_say_what_a_bare_value_is():
    from cityorder.engine.identity.designators import designator_kind

    assert designator_kind("C205, C207, C305") == "C" and designator_kind("С2-С14") == "C"  # Cyrillic С in a ПЭ3
    assert designator_kind("R1, C1") == ""
    # freeDSP: «100» on 0805 under R403 is 100 Ω; «100u» under L401 is an inductor, under C101 a capacitor
    assert identify(value="100", footprint="0805", designator="R").key == identify(
        name="0805 SMD Resistor 100Ω").key
    assert identify(value="100", footprint="0805", designator="R").params["value"] == "100"
    assert identify(value="100u", footprint="RM10", designator="L").params["type"] == "ind"
    assert identify(value="100u", footprint="Elko 11x5mm RM2,5", designator="C").params["type"] == "cap"
    assert identify(value="100u", footprint="RM10").kind == "text"  # µF or µH: nothing says which
    result = consolidate_lines([line(2, value="1u", footprint="0603", designators="C205, C207"),
                                line(3, value="1uF", footprint="0603", name="Capacitor", designators="C9, C10")])
    assert len(result.position_list()) == 1


def test_what_else_tells_passives_apart():
    # OpenModbus CP_Elec_8x10 and freeDSP «Elko 11x5mm» are two cans; damellis C-POLAR-A is a tantalum case A
    assert identify(value="100u", footprint="CP_Elec_8x10", designator="C").params["size"] == "8x10"
    assert identify(value="100u", footprint="Elko 11x5mm RM2,5", designator="C").params["size"] == "5x11"
    assert identify(value="10uF", footprint="C-POLAR-A").params["size"] == "case A"
    # boningdong's land pattern RESC1005X04N is an 0402
    assert identify(part_number="Res1", value="1K", footprint="RESC1005X04N").params["size"] == "0402"
    # murkkot: a trimmer is not a fixed resistor; its Bourns code carries its value (104) and names it
    assert identify(name="Резистор подстроечный 3313J-1-104 100 кОм").key == "pn:3313J1104"
    assert identify(name="Резистор подстроечный 100 кОм").params["adjustable"] == "1"
    # Xlopinium: «8 х 1кОм» is an array of eight
    assert identify(name="Резисторная сборка 8 х 1кОм").params["array"] == "8"
    assert identify(name="Резистор SMD 0805 10K 1% RC0805").kind == "parametric"  # RC0805 is a series, not a part


def test_a_line_known_by_its_distributor_code_meets_the_makers_part_of_its_values():
    # 21km43 (JLCPCB): «C25744 | 10kΩ | 0402»; valletw: «0402WGF1002TCE | 10k | 0402» (the same LCSC part)
    result = consolidate_lines([line(2, part_number="C25744", value="10kΩ", footprint="0402"),
                                line(3, part_number="0402WGF1002TCE", value="10k", footprint="0402")])
    assert len(result.position_list()) == 2
    [match] = result.matches
    assert {match.key_a, match.key_b} == {"pn:C25744", "pn:0402WGF1002TCE"} and not match.merged
    # two makers' part numbers of one value are still never paired
    other = consolidate_lines([line(2, part_number="RC0402FR-0710KL"), line(3, part_number="0402WGF1002TCE")])
    assert other.matches == []
