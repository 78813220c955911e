"""Coverage on a small example computed by hand (see the comments), and the rule that capacity is shared."""

from __future__ import annotations

import pytest

from cityorder.engine.substitution import (
    ALL,
    Analog,
    Catalog,
    CatalogItem,
    Origin,
    PositionRow,
    Status,
    Supply,
    Xref,
    compute_coverage,
    match_analogs,
    supplies_from_catalog,
)


def analog(position_id, rank, item_id, compatibility="functional", confirmed=False):
    return Analog(position_id, rank, item_id, "", compatibility, 80, "", item_id=item_id, confirmed=confirmed)


SUPPLIES = {
    "A": Supply({2026: 100, 2027: 300, 2028: 300}, price=10.0),
    "B": Supply({2026: 50, 2027: 50}, readiness_year=2027, price=20.0),  # ready from 2027 only
    "C": Supply({}),  # makes it, declares no capacity
}
POSITIONS = [
    PositionRow("P1", name="Таймер NE555", category="ic.timer", quantities={2026: 80, 2027: 350, 2028: 100}),
    PositionRow("P2", name="Таймер TLC555", category="ic.timer", quantities={2026: 60, 2027: 100, 2028: 100}),
    PositionRow("P3", name="Стабилизатор", category="ic.regulator", quantities={2026: 10, 2027: 10}, price=7.0),
    PositionRow("P4", name="Стабилизатор", category="ic.regulator", quantities={2026: 5}),
    PositionRow("P5", name="ОУ", category="ic.opamp", quantities={2026: 30}),
]
ANALOGS = [
    analog("P1", 1, "A"), analog("P1", 2, "B"),
    analog("P2", 1, "A"),
    analog("P3", 1, "C"),
    analog("P5", 1, "A", compatibility="text"),  # a name alike covers nothing
]


@pytest.fixture
def coverage():
    return compute_coverage(POSITIONS, ANALOGS, SUPPLIES)


def test_statuses_and_allotments(coverage):
    def cell(pid, year):
        found = coverage.cell(pid, year)
        return found.status, found.supplied

    # 2026, larger needs first: P1 takes 80 of A's 100, P2 the 20 left; B is not ready yet.
    assert cell("P1", 2026) == (Status.COVERED, 80)
    assert cell("P2", 2026) == (Status.SHORT, 20)
    assert cell("P3", 2026) == (Status.SHORT, 0)  # an analog without declared capacity
    assert cell("P4", 2026) == (Status.NONE, 0)
    assert cell("P5", 2026) == (Status.NONE, 0)
    # 2027, rank by rank: P1 takes all 300 of A, P2's only analog is then empty; P1 takes 50 more from B.
    assert cell("P1", 2027) == (Status.COVERED, 350)
    assert coverage.cell("P1", 2027).sources == (("A", 300), ("B", 50))
    assert cell("P2", 2027) == (Status.SHORT, 0)
    assert cell("P1", 2028) == (Status.COVERED, 100) and cell("P2", 2028) == (Status.COVERED, 100)
    assert coverage.cell("P4", 2027) is None  # no demand, no cell
    assert coverage.years == [2026, 2027, 2028]


def test_capacity_is_never_counted_twice(coverage):
    for year in coverage.years:
        used: dict[str, float] = {}
        for cell in coverage.cells:
            if cell.year == year:
                for item, amount in cell.sources:
                    used[item] = used.get(item, 0) + amount
        assert all(amount <= SUPPLIES[item].available(year) for item, amount in used.items())


def test_shares(coverage):
    timers = coverage.share("ic.timer", 2026)
    assert (timers.positions, timers.positions_covered, timers.positions_with_analog) == (2, 1, 2)
    assert (timers.quantity, timers.quantity_covered) == (140, 100)
    # Both priced at A's 10: 800 + 600 needed, 800 + 200 covered.
    assert (timers.value, timers.value_covered, timers.priced_positions) == (1400, 1000, 2)
    assert timers.quantity_share == pytest.approx(100 / 140)
    regulators = coverage.share("ic.regulator", 2026)
    assert (regulators.positions, regulators.positions_covered, regulators.positions_with_analog) == (2, 0, 1)
    assert (regulators.value, regulators.priced_positions) == (70, 1)  # P3's own price; P4 has none
    everything = coverage.share(ALL, 2026)
    assert (everything.positions, everything.positions_covered, everything.quantity) == (5, 1, 185)
    assert everything.position_share == pytest.approx(0.2)
    assert coverage.share("ic.opamp", 2026).value_share is None  # no price known


def test_gaps_are_ranked_by_volume(coverage):
    assert [(g.position_id, g.total) for g in coverage.gaps] == [("P2", 140), ("P5", 30), ("P3", 20), ("P4", 5)]
    assert coverage.gaps[0].shortfall == {2026: 40, 2027: 100}
    assert coverage.gaps[0].value == 1400
    assert coverage.gaps[3].statuses == {2026: Status.NONE}


def test_roadmap(coverage):
    steps = {s.category: (s.first_full_year, s.years_covered) for s in coverage.roadmap}
    assert steps == {"ic.timer": (2028, (2028,)), "ic.regulator": (None, ()), "ic.opamp": (None, ())}


def test_a_confirmed_text_analog_counts():
    confirmed = [*ANALOGS[:-1], analog("P5", 1, "A", compatibility="text", confirmed=True)]
    coverage = compute_coverage(POSITIONS, confirmed, SUPPLIES)
    assert coverage.cell("P5", 2026).status == Status.SHORT  # A is used up by the larger timers


def test_from_a_catalog_and_matched_analogs():
    catalog = Catalog([
        CatalogItem("КР1006ВИ1", "Интеграл", "Таймер", "ic.timer", Origin.DOMESTIC, capacity={2026: 150}, price=9.0),
        CatalogItem("NE555P", "TI", "Timer", "ic.timer", Origin.FOREIGN, capacity={2026: 10 ** 6}),
    ])
    rows = [PositionRow("P1", "pn:NE555P", "Таймер", "ic.timer", part_number="NE555P", kind="part",
                        quantities={2026: 100}),
            PositionRow("P2", "pn:NE555DR", "Таймер", "ic.timer", part_number="NE555DR", kind="part",
                        quantities={2026: 100})]
    analogs = match_analogs(rows, catalog, [Xref("NE555", "КР1006ВИ1", "functional")])
    coverage = compute_coverage(rows, analogs, catalog)
    assert [(c.position_id, c.status, c.supplied) for c in coverage.cells] == [
        ("P1", Status.COVERED, 100), ("P2", Status.SHORT, 50)]
    assert list(supplies_from_catalog(catalog)) == ["pn:КР1006ВИ1@Интеграл"]  # foreign capacity is not supply


def test_roadmap_year_is_where_full_coverage_lasts():
    from cityorder.engine.substitution.coverage import covered_from

    assert covered_from({2026: True, 2027: False, 2028: True, 2029: True}) == 2028
    assert covered_from({2026: True, 2027: True}) == 2026
    assert covered_from({2026: True, 2027: False}) is None


def test_a_domestic_position_is_covered_by_itself():
    # КР142ЕН5А is a Soviet/Russian designation: no catalog entry, no analog, and still no gap.
    rows = [PositionRow("P1", "pn:КР142ЕН5А", "Стабилизатор", "ic.regulator", part_number="КР142ЕН5А",
                        kind="part", quantities={2026: 500}),
            PositionRow("P2", "pn:LM317T", "Стабилизатор регулируемый", "ic.regulator", part_number="LM317T",
                        kind="part", quantities={2026: 300})]
    coverage = compute_coverage(rows, [], {})
    own = coverage.cell("P1", 2026)
    assert (own.status, own.supplied, own.own) == (Status.COVERED, 500, True)
    assert coverage.cell("P2", 2026).status == Status.NONE
    assert [g.position_id for g in coverage.gaps] == ["P2"]
    share = coverage.share(ALL, 2026)
    assert (share.positions_covered, share.positions_own, share.quantity_covered) == (1, 1, 500)


def test_a_position_the_catalog_lists_as_domestic_is_covered_even_without_declared_capacity():
    rows = [PositionRow("P1", "pn:X1", "Изделие", "ic.other", quantities={2026: 10})]
    coverage = compute_coverage(rows, [analog("P1", 1, "C", compatibility="same")], SUPPLIES)
    assert coverage.cell("P1", 2026).status == Status.COVERED and coverage.gaps == []


def test_value_shares_say_how_much_of_the_demand_has_a_price(coverage):
    everything = coverage.share(ALL, 2026)
    # Priced: P1 and P2 (A's price) and P3 (its own): 80 + 60 + 10 of 185.
    assert everything.priced_quantity == 150
    assert everything.priced_share == pytest.approx(150 / 185)


def test_balances_net_only_what_a_product_can_serve(coverage):
    balances = {b.item_id: b for b in coverage.balances}
    # A is the best counted analog of P1 and P2 (not of P5, whose name only is alike): 80 + 60 in 2026.
    assert balances["A"].demand[2026] == 140 and balances["A"].allotted[2026] == 100
    assert balances["A"].spare(2026) == 0
    assert balances["B"].demand == {} and balances["B"].allotted == {2027: 50}
    assert balances["C"].demand == {2026: 10, 2027: 10} and balances["C"].capacity == {2026: 0, 2027: 0, 2028: 0}
    assert set(balances) == {"A", "B", "C"}
