"""Domestic analogs of positions: cross-references, parameters, names, analysts' verdicts."""

from __future__ import annotations

import csv

import pyarrow as pa
import pytest

from cityorder.engine.consolidation import consolidate_lines
from cityorder.engine.identity import identify
from cityorder.engine.records import LineRecord, LineStatus
from cityorder.engine.substitution import (
    ANALOGS_HEAD,
    AnalogDecision,
    Catalog,
    Compatibility,
    PositionRow,
    Xref,
    analogs_for_result,
    load_analog_decisions,
    match_analogs,
    read_analog_table,
    write_analogs,
)


def position(position_id, *, part_number="", name="", manufacturer="", qty=100.0):
    """A position as consolidation makes it from one demand line."""
    identity = identify(part_number=part_number, name=name, manufacturer=manufacturer)
    return PositionRow(position_id, identity.key, name or identity.display_name, identity.category,
                       identity.manufacturer, identity.part_number, identity.kind, {2026: qty})


def analogs_of(position_row, catalog, xrefs, **kwargs):
    return [(a.part_number, a.compatibility) for a in match_analogs([position_row], catalog, xrefs, **kwargs)]


def best(position_row, catalog, xrefs, **kwargs):
    return match_analogs([position_row], catalog, xrefs, **kwargs)[0]


def test_a_family_cross_reference_applies_to_an_orderable_variant(catalog, xrefs):
    analog = best(position("P1", part_number="NE555P", manufacturer="TI"), catalog, xrefs)
    assert (analog.position_id, analog.rank, analog.part_number) == ("P1", 1, "КР1006ВИ1")
    assert analog.compatibility == Compatibility.FUNCTIONAL
    assert "NE555 ↔ КР1006ВИ1" in analog.reason and "family of NE555P" in analog.reason
    assert analog.registry_no == "РЭП-1006" and analog.item_key == "pn:КР1006ВИ1"


def test_a_cross_reference_is_known_in_both_directions(catalog, xrefs):
    analog = best(position("P1", part_number="LM317T/NOPB", manufacturer="TI"), catalog, xrefs)
    assert (analog.part_number, analog.compatibility) == ("КР142ЕН12А", Compatibility.PIN)
    assert analog.score > 80


def test_exact_beats_family_and_pin_beats_functional(catalog, xrefs):
    more = [*xrefs, Xref("L7805CV", "К1157ЕН5А", "pin")]
    found = match_analogs([position("P1", part_number="L7805CV")], catalog, more)
    assert [a.part_number for a in found][:2] == ["К1157ЕН5А", "КР142ЕН5А"]
    assert [a.rank for a in found] == list(range(1, len(found) + 1))


def test_a_table_without_prefix_finds_products_with_one(catalog, xrefs):
    analog = best(position("P1", part_number="UA741CN"), catalog, xrefs)
    assert analog.part_number == "К140УД7"
    assert "another prefix" in analog.reason


def test_a_domestic_position_is_its_own_best_analog(catalog, xrefs):
    analog = best(position("P1", part_number="КР1006ВИ1"), catalog, xrefs)
    assert (analog.part_number, analog.compatibility, analog.score) == ("КР1006ВИ1", Compatibility.SAME, 100)
    assert "itself a domestic product" in analog.reason
    typed_in_latin = best(position("P2", part_number="KR1006VI1"), catalog, xrefs)
    assert typed_in_latin.compatibility == Compatibility.SAME


def test_a_regulator_by_its_output_voltage(catalog):
    found = analogs_of(position("P1", part_number="MC7805CT", name="IC REG LINEAR 5V"), catalog, [])
    assert set(found) == {("КР142ЕН5А", "parametric"), ("К1157ЕН5А", "parametric")}
    analogs = match_analogs([position("P1", part_number="MC7805CT", name="Стабилизатор 5 В 1 А")], catalog, [])
    # 1 A is needed: 1.5 A replaces it, 0.1 A does not.
    assert [a.part_number for a in analogs] == ["КР142ЕН5А"]
    assert "output +5 V" in analogs[0].reason
    adjustable = analogs_of(position("P2", part_number="LM337T"), catalog, [])
    assert adjustable == []  # a negative adjustable regulator: no domestic one in this catalog


def test_a_battery_by_chemistry_voltage_and_capacity(catalog):
    found = match_analogs([position("P1", name="Аккумулятор LiFePO4 12,8 В 100 Ач")], catalog, [])
    assert [a.part_number for a in found] == ["LFP-12100", "LFP-12120"]  # 25.6 V does not replace 12.8 V
    assert found[0].score > found[1].score
    assert "capacity 120 Ah (needed 100 Ah)" in found[1].reason


def test_a_resistor_by_value_tolerance_and_size(catalog):
    found = match_analogs([position("P1", name="Резистор 10 кОм 5% 0805")], catalog, [])
    assert [a.part_number for a in found] == ["Р1-12-0,125-10К-1%-0805"]  # 1206 and 4.7 kΩ do not fit
    assert found[0].compatibility == Compatibility.PARAMETRIC
    assert "tolerance 1% (needed 5%)" in found[0].reason
    assert analogs_of(position("P2", name="Резистор 10 кОм 0,5% 0805"), catalog, []) == []


def test_a_capacitor_rated_for_more_replaces(catalog):
    found = analogs_of(position("P1", name="Конденсатор 100нФ 50В X7R 0603"), catalog, [])
    assert found == [("К10-79-0,1МКФ-100В", "parametric")]


def test_names_alike_are_the_last_resort(catalog):
    found = match_analogs([position("P1", name="Датчик температуры цифровой 1-Wire")], catalog, [])
    assert [(a.part_number, a.compatibility) for a in found] == [("ПКД-24", "text")]
    assert found[0].score <= 60 and "check" in found[0].reason


def test_nothing_is_proposed_for_what_nobody_makes(catalog, xrefs):
    assert analogs_of(position("P1", part_number="STM32F103C8T6"), catalog, xrefs) == []


def test_rejected_analogs_are_gone_and_confirmed_ones_come_first(catalog, xrefs):
    row = position("P1", part_number="L7805CV", name="Стабилизатор 5 В")
    assert [a.part_number for a in match_analogs([row], catalog, xrefs)][:2] == ["КР142ЕН5А", "К1157ЕН5А"]
    decisions = [AnalogDecision("P1", "КР142ЕН5А", "rejected"),
                 AnalogDecision(row.key, "К1157ЕН5А", "confirmed", manufacturer="Интеграл")]
    found = match_analogs([row], catalog, xrefs, decisions=decisions)
    assert [(a.part_number, a.confirmed) for a in found] == [("К1157ЕН5А", True)]
    assert "Confirmed by an analyst" in found[0].reason
    # A product the matcher would not propose can be confirmed too.
    chosen = match_analogs([row], catalog, xrefs, decisions=[AnalogDecision("P1", "КР142ЕН8Б", "confirmed")])
    assert (chosen[0].part_number, chosen[0].rank, chosen[0].found_by) == ("КР142ЕН8Б", 1, "decision")


def test_a_decision_for_another_maker_does_not_apply(catalog, xrefs):
    row = position("P1", part_number="NE555P")
    found = match_analogs([row], catalog, xrefs, decisions=[AnalogDecision("P1", "КР1006ВИ1", "rejected",
                                                                           manufacturer="Ангстрем")])
    assert [a.part_number for a in found] == ["КР1006ВИ1"]


def test_limit(catalog):
    found = match_analogs([position("P1", name="Аккумулятор LiFePO4 12,8 В 100 Ач")], catalog, [], limit=1)
    assert [a.part_number for a in found] == ["LFP-12100"]


def test_positions_as_a_table_or_dicts(catalog, xrefs):
    rows = [position("P1", part_number="NE555P"), position("P2", part_number="LM317T")]
    table = pa.table({
        "position_id": [r.position_id for r in rows], "key": [r.key for r in rows], "name": [r.name for r in rows],
        "category": [r.category for r in rows], "manufacturer": ["", ""], "part_number": [r.part_number for r in rows],
        "kind": ["part", "part"], "qty_2026": [10.0, 20.0], "merged_keys": ["", ""],
    })
    from_table = match_analogs(table, Catalog(catalog), xrefs)
    from_dicts = match_analogs(table.to_pylist(), catalog, xrefs)
    assert [(a.position_id, a.part_number) for a in from_table] == [("P1", "КР1006ВИ1"), ("P2", "КР142ЕН12А")]
    assert from_dicts == from_table


def test_from_demand_lines_to_analogs_csv(tmp_path, catalog, xrefs):
    lines = [
        LineRecord(file="a.xlsx", row=2, status=LineStatus.OK, customer="Школа 1", unit="шт", name="Таймер",
                   part_number="NE555P", manufacturer="TI", quantities={2026: 100.0}),
        LineRecord(file="a.xlsx", row=3, status=LineStatus.OK, customer="Школа 1", unit="шт",
                   name="Аккумулятор LiFePO4 12,8 В 100 А·ч", quantities={2026: 4.0}),
        LineRecord(file="b.xlsx", row=2, status=LineStatus.OK, customer="Школа 2", unit="шт", name="Таймер",
                   part_number="NE555DR", manufacturer="Texas Instruments", quantities={2027: 50.0}),
    ]
    result = consolidate_lines(lines)
    analogs = analogs_for_result(result, catalog, xrefs)
    by_position = {a.position_id: a.part_number for a in analogs if a.rank == 1}
    assert sorted(by_position.values()) == ["LFP-12100", "КР1006ВИ1", "КР1006ВИ1"]
    path = tmp_path / "out" / "analogs.csv"
    assert write_analogs(analogs, path) == len(analogs)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0][:7]) == ANALOGS_HEAD
    assert rows[1][1] == "1"
    # The file comes back with verdicts filled in.
    rows[0][-1] = "decision"
    rows[1][-1] = "rejected"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    (decision,) = load_analog_decisions(path)
    assert (decision.position, decision.part_number, decision.verdict) == (rows[1][0], rows[1][2], "rejected")
    again = analogs_for_result(result, catalog, xrefs, [decision])
    assert (rows[1][0], rows[1][2]) not in {(a.position_id, a.part_number) for a in again}


@pytest.mark.shared_data
def test_real_pairs_through_the_real_table(shared_data, catalog):
    table = read_analog_table(shared_data / "soviet_foreign_ic_analogs.csv")
    index = Catalog(catalog)
    assert best(position("P1", part_number="NE555P"), index, table.xrefs).part_number == "КР1006ВИ1"
    assert best(position("P2", part_number="UA741CP"), index, table.xrefs).part_number == "К140УД7"
    # µA7805 ↔ 142ЕН5А in the table: КР142ЕН5А is the same type under another prefix.
    assert best(position("P3", part_number="µA7805"), index, table.xrefs).part_number == "КР142ЕН5А"
