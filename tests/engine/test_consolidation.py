"""Consolidation on hand-built LineRecords, with a small stand-in for part identity so the rules are visible."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyarrow as pa
import pytest

from cityorder.engine.consolidation import (
    IdentityService,
    MatchSettings,
    consolidate_lines,
    load_decisions,
    position_id,
)
from cityorder.engine.records import LineRecord, LineStatus


@dataclass(frozen=True)
class StubIdentity:
    key: str
    kind: str
    category: str
    display_name: str
    part_number: str = ""
    manufacturer: str = ""
    okpd2: str = ""
    note: str = ""
    params: dict = field(default_factory=dict)


def stub_identify(*, name="", part_number="", manufacturer="", description="", value="", footprint=""):
    """Part numbers without spaces and dashes, upper case; otherwise the lower-cased text of name and description."""
    number = re.sub(r"[\s\-]", "", part_number).upper()
    if number:
        return StubIdentity(f"pn:{number}", "part", "ic", name or number, number, manufacturer)
    text = " ".join(f"{name} {description}".lower().split())
    return StubIdentity(f"text:{text}", "text", "other", text)


def stub_block_keys(identity) -> tuple[str, ...]:
    if identity.kind == "part":
        return (f"{identity.category}|{identity.part_number[:4]}",)
    return (f"{identity.category}|{identity.display_name.split()[0]}",)


STUB = IdentityService(identify=stub_identify, comparison_text=lambda i: i.display_name, block_keys=stub_block_keys)


def line(row, *, file="a.xlsx", customer="School 1", unit="шт", q=None, status=LineStatus.OK, **fields):
    return LineRecord(file=file, row=row, status=status, sheet="S", customer=customer, unit=unit,
                      quantities=q if q is not None else {2025: 1.0}, **fields)


def consolidate(lines, **kwargs):
    return consolidate_lines(lines, service=STUB, **kwargs)


def by_key(result):
    return {p.key: p for p in result.position_list()}


def test_sums_quantities_per_year_across_spellings_and_files():
    result = consolidate([
        line(2, part_number="STM32F103C8T6", q={2025: 10, 2026: 5}),
        line(3, part_number="stm32f103c8t6", q={2025: 2}, file="b.csv", customer="Hospital"),
        line(4, part_number="STM32-F103C8T6", q={2027: 1}),
    ])
    [position] = result.position_list()
    assert position.quantities == {2025: 12, 2026: 5, 2027: 1}
    assert position.line_count == 3 and position.customers == 2
    assert result.years == [2025, 2026, 2027]


def test_each_position_keeps_its_lines_with_file_sheet_row_and_customer():
    result = consolidate([line(7, part_number="LM358", file="x.xlsx", customer="C1"),
                          line(9, part_number="LM 358", file="y.xlsx", customer="C2")])
    [position] = result.position_list()
    assert sorted((r.file, r.sheet, r.row, r.customer) for r in position.lines) == [
        ("x.xlsx", "S", 7, "C1"), ("y.xlsx", "S", 9, "C2")]


def test_lines_in_another_unit_stay_apart_and_say_so():
    result = consolidate([line(2, name="Провод МГТФ 0,5", unit="м", q={2025: 100}),
                          line(3, name="Провод МГТФ 0,5", unit="m", q={2025: 50}),
                          line(4, name="Провод МГТФ 0,5", unit="шт", q={2025: 3})])
    positions = result.position_list()
    assert sorted((p.unit, p.quantities[2025]) for p in positions) == [("m", 150), ("pcs", 3)]
    metres = next(p for p in positions if p.unit == "m")
    pieces = next(p for p in positions if p.unit == "pcs")
    assert pieces.position_id in metres.note and "other units" in metres.note


def test_a_thousand_pieces_in_a_raw_table_is_not_added_to_pieces():
    table = pa.table({"part_number": ["NE555", "NE555"], "unit": ["шт", "тыс. шт"], "year": [2025, 2025],
                      "qty": [5.0, 2.0]})
    assert sorted(p.unit for p in consolidate(table).position_list()) == ["pcs", "тыс. шт"]


def test_only_ok_lines_are_consolidated_and_line_ids_index_the_records():
    records = [line(1, status=LineStatus.SKIPPED, message="header"),
               line(2, part_number="NE555"),
               line(3, status=LineStatus.ERROR, message="no quantity")]
    result = consolidate(records)
    assert result.position_ids_by_line() == {1: position_id("pn:NE555", "pcs")}


def test_position_ids_are_stable_and_derived_from_key_and_unit():
    first = consolidate([line(2, part_number="NE555"), line(3, name="Болт М3")])
    second = consolidate([line(5, name="Болт М3", file="other.csv"), line(9, part_number="ne555", q={2030: 4})])
    ids = lambda r: {p.key: p.position_id for p in r.position_list()}  # noqa: E731
    assert ids(first) == ids(second)
    assert ids(first)["pn:NE555"] == position_id("pn:NE555", "pcs") != position_id("pn:NE555", "m")
    assert re.fullmatch(r"P[0-9a-f]{10}", ids(first)["pn:NE555"])


def test_a_part_number_one_character_off_is_reported_with_the_character():
    result = consolidate([line(2, part_number="STM32F103C8T6"), line(3, part_number="STM32F103CBT6")])
    assert len(result.position_list()) == 2  # reported, never merged
    [match] = result.matches
    assert {match.key_a, match.key_b} == {"pn:STM32F103C8T6", "pn:STM32F103CBT6"}
    assert "«8»" in match.reason and "«B»" in match.reason and 0 < match.score < 100
    assert not match.merged


def test_a_different_package_letter_is_not_a_probable_match():
    result = consolidate([line(2, part_number="LM358N"), line(3, part_number="LM358D")])
    assert result.matches == []


def test_similar_texts_are_reported_with_score_and_block_and_near_identical_ones_merged():
    result = consolidate([
        line(2, name="резистор выводной 10 ком 0.25 вт"),
        line(3, name="резистор выводной 10 ком 0,25 вт"),  # one character (ratio 96.9): merged
        line(4, name="резистор выводной 10 ком 0.25 вт импорт"),  # one word more: reported only, whatever the ratio
    ], settings=MatchSettings(auto_merge_threshold=90))
    positions = result.position_list()
    assert len(positions) == 2
    merged = next(p for p in positions if len(p.merged_keys) == 2)
    assert merged.line_count == 2
    reported = [m for m in result.matches if not m.merged]
    assert reported and all("token_sort_ratio" in m.reason and "резистор" in m.reason for m in reported)
    assert any("импорт" in m.reason for m in reported)
    assert any(m.merged and m.reason.startswith("merged automatically") for m in result.matches)


def test_texts_with_other_numbers_are_other_items_and_not_reported():
    result = consolidate([line(2, name="болт м6х20 оцинкованный"), line(3, name="болт м8х20 оцинкованный")])
    assert len(result.position_list()) == 2 and result.matches == []


def test_decision_same_merges_and_different_prevents_auto_merge_and_report(tmp_path):
    records = [line(2, part_number="STM32F103C8T6"), line(3, part_number="STM32F103CBT6"),
               line(4, name="резистор выводной 10 ком 0.25 вт"), line(5, name="резистор выводной 10 ком 0,25 вт")]
    path = tmp_path / "decisions.csv"
    path.write_text(
        "key_a,key_b,decision\n"
        "pn:STM32F103C8T6,pn:STM32F103CBT6,same\n"
        'text:резистор выводной 10 ком 0.25 вт,"text:резистор выводной 10 ком 0,25 вт",different\n',
        encoding="utf-8",
    )
    result = consolidate(records, decisions=load_decisions(path), settings=MatchSettings(auto_merge_threshold=90))
    keys = sorted(p.key for p in result.position_list())
    assert keys == ["pn:STM32F103C8T6", "text:резистор выводной 10 ком 0,25 вт",
                    "text:резистор выводной 10 ком 0.25 вт"]
    assert result.matches == []
    stm = by_key(result)["pn:STM32F103C8T6"]
    assert stm.line_count == 2 and set(stm.merged_keys) == {"pn:STM32F103C8T6", "pn:STM32F103CBT6"}


def test_decisions_as_tuples_and_unknown_keys_do_not_break_the_run():
    records = [line(2, part_number="NE555"), line(3, part_number="NE556")]
    result = consolidate(records, decisions=[("pn:AAA", "pn:NE556", "same"), ("pn:NE555", "pn:NE556", "")])
    assert sorted(p.key for p in result.position_list()) == ["pn:NE555", "pn:NE556"]


def test_oversized_blocks_are_compared_in_chunks_and_said_so():
    records = [line(i, name=f"кабель сетевой вариант {i:03d}") for i in range(2, 40)]
    result = consolidate(records, settings=MatchSettings(block_cap=10))
    assert any("holds 38 positions" in note and "chunks of 10" in note for note in result.notes)
    uncapped = consolidate(records)
    assert not any("holds" in note for note in uncapped.notes)


def test_a_columnar_table_is_consolidated_the_same_way():
    table = pa.table({
        "customer": ["A", "B", "B"], "part_number": ["NE555", "ne-555", "LM358"],
        "unit": ["шт", "pcs", None], "year": [2025, 2025, 2026], "qty": [1.0, 2.0, 3.0],
    })
    result = consolidate(table)
    positions = by_key(result)
    assert positions["pn:NE555"].quantities == {2025: 3.0} and positions["pn:NE555"].customers == 2
    assert positions["pn:LM358"].unit == "pcs"  # no unit: pieces


def test_unknown_decision_words_are_an_error(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("key_a,key_b,decision\na,b,maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2"):
        load_decisions(path)


def test_no_ok_lines_give_no_positions():
    result = consolidate([line(1, status=LineStatus.ERROR, message="unreadable row")])
    assert result.positions.num_rows == 0 and result.assignments.num_rows == 0 and result.matches == []
    assert {"position_id", "key", "customers", "lines"} <= set(result.positions.column_names)


def test_each_position_is_reported_in_at_most_the_configured_number_of_pairs():
    # the same words with one letter changed: every pair is probable, none merged (threshold 101)
    records = [line(i, name=f"кабель сетевой чёрный {chr(0x430 + i)}") for i in range(2, 14)]
    result = consolidate(records, settings=MatchSettings(auto_merge_threshold=101, reports_per_position=2))
    counts = {}
    for match in result.matches:
        for key in (match.key_a, match.key_b):
            counts[key] = counts.get(key, 0) + 1
    assert result.matches and max(counts.values()) <= 2
    assert any("not reported (at most 2 per position)" in note for note in result.notes)


def test_a_digit_for_a_digit_is_another_part_not_a_probable_match():
    result = consolidate([line(2, part_number="LM317T"), line(3, part_number="LM337T")])
    assert result.matches == []


def test_identities_computed_in_worker_processes_equal_those_computed_in_place(monkeypatch):
    from cityorder.engine.consolidation import parallel

    records = [line(i, part_number=f"NE{i % 7}55", name=f"таймер {i % 3}") for i in range(2, 60)]
    in_place = consolidate(records).position_list()
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    in_workers = consolidate(records).position_list()
    assert [(p.position_id, p.line_count) for p in in_workers] == [(p.position_id, p.line_count) for p in in_place]


def test_identities_come_back_from_worker_processes_whole():
    import pickle

    from cityorder.engine.identity import identify

    identities = [identify(part_number="GRM188R71H104KA93D", name="Конденсатор 0,1 мкФ"),
                  identify(name="Резистор 10 кОм 0805 5%"),
                  identify(name="Диод КД522Б АЕЯР.431200.424-06ТУ", manufacturer="Интеграл")]
    assert identities[0].params and identities[2].supply_document and identities[2].note
    for identity in identities:
        again = pickle.loads(pickle.dumps(identity))
        assert type(again) is type(identity)
        assert repr(again) == repr(identity)
