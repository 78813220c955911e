"""Distributors' codes (LCSC, Digi-Key, Mouser) as a field of the line and as evidence of identity, on real rows."""

from __future__ import annotations

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from cityorder.engine.consolidation import consolidate_lines
from cityorder.engine.identity import identify
from cityorder.engine.identity.suppliers import order_code, supplier_entry, supplier_keys
from cityorder.engine.reading import read_demand
from cityorder.engine.records import LineRecord, LineStatus
from tests.engine.test_reading_formats import csv_bytes


def line(file: str, qty: float, **fields: str) -> LineRecord:
    return LineRecord(file=file, row=2, status=LineStatus.OK, customer=file, quantities={2026: qty}, **fields)


def positions_of(records: list[LineRecord]) -> list[str | None]:
    result = consolidate_lines(records)
    ids = result.position_ids_by_line()
    return [ids.get(i) for i in range(len(records))]


def test_a_code_column_is_the_distributor_s_and_the_shape_says_whose() -> None:
    assert supplier_entry("C25744", "LCSC") == "LCSC:C25744"
    assert supplier_entry(" 311-10.0KCRCT-ND ") == "DIGIKEY:311-10.0KCRCT-ND"  # «Supplier Part»: the shape tells
    assert supplier_entry("C14663") == "LCSC:C14663"
    assert supplier_entry("895-FT240XQ-T", "MOUSER") == "MOUSER:895-FT240XQ-T"
    assert supplier_entry("-") == ""  # a placeholder is no code


def test_digikey_packagings_of_one_part_are_one_code() -> None:
    cut, reel, digi_reel = (supplier_keys(f"DIGIKEY:311-10.0KCR{p}-ND") for p in ("CT", "TR", "DKR"))
    assert cut == reel == digi_reel == ("DIGIKEY:311-10.0KCR",)
    assert supplier_keys("DIGIKEY:399-1092-1-ND") == supplier_keys("DIGIKEY:399-1092-2-ND")
    # the decimal point stays: 541-10.0KHCT (10 kΩ) and 541-100KHCT (100 kΩ) are two resistors (cvra)
    assert supplier_keys("DIGIKEY:541-10.0KHCT-ND") != supplier_keys("DIGIKEY:541-100KHCT-ND")
    # one code of two distributors is two codes
    assert supplier_keys("LCSC:C25744") != supplier_keys("SUPPLIER:C25744")


_CODE = st.from_regex(r"[A-Z0-9][A-Z0-9.\-]{2,14}", fullmatch=True)


@given(code=_CODE, packaging=st.sampled_from(["-ND", "CT-ND", "TR-ND", "DKR-ND"]))
def test_digikey_packaging_never_changes_the_code(code: str, packaging: str) -> None:
    # A code that itself ends as packaging does (0TR) is ambiguous with «-ND» alone: 0TR-ND reads as 0 on reel.
    assume(re.search(r"(?:CT|TR|DKR|-[126])$", code) is None)
    assert supplier_keys(f"DIGIKEY:{code}{packaging}") == supplier_keys(f"DIGIKEY:{code}-ND")


@given(code=_CODE, distributor=st.sampled_from(["LCSC", "MOUSER", "FARNELL", "SUPPLIER"]))
def test_case_and_spaces_never_change_a_code(code: str, distributor: str) -> None:
    entry = supplier_entry(code, distributor)
    spaced = supplier_entry(f" {code[:2]} {code[2:].lower()} ", distributor)
    assert supplier_keys(spaced) == supplier_keys(entry)
    assert all(key == key.upper() for key in supplier_keys(entry))


def test_every_distributor_column_is_read_and_mouser_gives_the_maker_s_number() -> None:
    # waywardgeek/infnoise bom.csv: no maker's part number, a Digi-Key and a Mouser number
    rows = [["Num used", "Refs", "Value", "DigiKey P/N", "Mouser P/N"], ["1", "U1", "", "768-1157-ND", "895-FT240XQ-T"]]
    record = read_demand(csv_bytes(rows, delimiter=","), "bom.csv", default_year=2026).lines[0]
    assert record.part_number == ""
    assert record.supplier_code == "DIGIKEY:768-1157-ND; MOUSER:895-FT240XQ-T"
    assert order_code(record.supplier_code) == "895-FT240XQ-T"  # the numbered Digi-Key code says nothing
    assert identify(supplier_code=record.supplier_code).key == identify(part_number="FT240XQ").key


def test_a_farnell_number_is_never_read_as_a_maker_s_all_digit_number() -> None:
    assert identify(supplier_code="FARNELL:1714971").key != identify(part_number="1714971").key


def test_one_lcsc_code_joins_a_value_line_and_the_maker_s_part_number() -> None:
    records = [
        # 21km43/STM32F1-DevBoard: value, footprint and the LCSC number only
        line("21km43", 4, designators="R1, R2, R4, R5", footprint="0402", value="10kΩ", supplier_code="LCSC:C25744"),
        # valletw/esp-atx-power: the same LCSC number beside the maker's part number
        line("valletw", 5, designators="R103, R108", value="10k", footprint="0402", supplier_code="LCSC:C25744",
             part_number="0402WGF1002TCE", manufacturer="UNI-ROYAL(Uniroyal Elec)"),
        # boningdong: 10K 0402 and nothing else, which the code does not name
        line("boningdong", 1, designators="R23", value="10K", footprint="0402"),
    ]
    result = consolidate_lines(records)
    first, second, third = positions_of(records)
    assert first == second != third
    merged = [m for m in result.matches if m.merged]
    assert [m.reason for m in merged] == ["merged automatically: the same LCSC code C25744"]


def test_a_code_shared_by_two_makers_part_numbers_goes_to_the_review_queue() -> None:
    records = [
        line("a", 1, designators="D1", value="KT-0603R", supplier_code="LCSC:C2286"),
        line("b", 1, designators="D2", part_number="19-217/R6C-AL1M2VY/3T", supplier_code="LCSC:C2286"),
        line("c", 1, designators="D3", value="LED", supplier_code="LCSC:C2286"),
    ]
    result = consolidate_lines(records)
    a, b, c = positions_of(records)
    assert a != b  # two makers' numbers: a person decides
    assert c in (a, b)  # the line known only by the code joins one of them, never both
    queued = [m for m in result.matches if not m.merged]
    assert len(queued) == 1
    assert "the same LCSC code C2286, but the part numbers differ" in queued[0].reason


def test_a_code_never_joins_a_line_read_by_its_description_only() -> None:
    records = [
        line("a", 1, designators="C1", value="100nF", footprint="0402", supplier_code="LCSC:C1525"),
        line("b", 1, designators="C2", name="Конденсатор 0,1 мкФ 0402", supplier_code="LCSC:C1525",
             part_number="N/A"),
    ]
    a, b = positions_of(records)
    assert a != b
    reasons = [m.reason for m in consolidate_lines(records).matches]
    assert any("one line is read by its description only" in r for r in reasons)
