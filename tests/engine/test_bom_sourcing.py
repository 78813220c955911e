"""Sourcing rules of the BOM engine: competencies for a category, shares of the supply picture, points by year."""

from __future__ import annotations

import pytest

from cityorder.engine.bom.sourcing import (
    LineSupply,
    LocalizationItem,
    competencies_for,
    localization,
    supply_picture,
)


@pytest.mark.parametrize(("category", "expected"), [
    ("battery.lto", {"batteries"}), ("ic.regulator", {"microelectronics"}), ("other", set()), ("", set()),
    ("product.charger", {"charging-stations", "electric-vehicles"}),
    ("ic.photonic", {"microelectronics", "photonic-ics"}),
])
def test_competencies_cover_categories_and_their_children(category, expected):
    assert competencies_for(category) == expected


def test_shares_count_lines_and_priced_cost():
    lines = [
        LineSupply("a", 10, 100.0, True, True, False),
        LineSupply("b", 5, 20.0, True, False, True),
        LineSupply("c", 1, None, False, False, False),
        LineSupply("d", 1, 900.0, False, False, False),
    ]
    picture = supply_picture(lines)
    assert (picture.domestic.lines, picture.domestic.of_lines, picture.priced_lines) == (2, 4, 3)
    assert picture.domestic.cost_percent == pytest.approx(100 * 1100 / 2000)
    assert picture.cluster.cost_percent == pytest.approx(50)
    assert picture.sez.line_percent == 25
    assert supply_picture([]).domestic.cost_percent is None


def test_a_component_counts_only_when_every_part_of_it_is_domestic_by_that_year():
    items = [LocalizationItem("battery", "Battery", 1000, ("battery",)),
             LocalizationItem("paint", "Painting", 300, ())]
    parts = {"pn:CELL": "battery.lto", "pn:BMS": "battery", "pn:X": "ic"}
    domestic = {"pn:CELL": {2026, 2027, 2028}, "pn:BMS": {2028, 2029}}  # the BMS maker's entry ends in 2029
    years = localization(items, parts, domestic, {"paint": 2027}, {2027: 1000}, [2026, 2027, 2028, 2030])
    assert [(y.year, y.points, y.meets, y.reached) for y in years] == [
        (2026, 0, None, []), (2027, 300, False, ["paint"]), (2028, 1300, None, ["battery", "paint"]),
        (2030, 300, None, ["paint"])]
