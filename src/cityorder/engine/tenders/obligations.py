"""What an awarded offset contract commits the investor to: supplies to the city by year and the milestones of
building the plant."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date

# At most this share (percent) of the plant's yearly output goes to the city (the offset contract's condition: the
# plant is built for the market, the city is one buyer among others).
CITY_SHARE_PERCENT = 30

LAND, CONSTRUCTION, COMMISSIONING, FIRST_SUPPLIES, LOCALIZATION = (
    "land", "construction", "commissioning", "first_supplies", "localization")
MILESTONES = (LAND, CONSTRUCTION, COMMISSIONING, FIRST_SUPPLIES, LOCALIZATION)


def contracted_supply(lot_quantities: Mapping[int, float], plant_capacity: Mapping[int, float],
                      city_share: float = CITY_SHARE_PERCENT) -> dict[int, float]:
    """What the plant supplies the city each year under the contract: the lot's quantity, but never more than the
    city's share of the plant's output that year (no output yet, no supply)."""
    years = sorted(set(lot_quantities) | set(plant_capacity))
    supply = {}
    for year in years:
        cap = max(0.0, float(plant_capacity.get(year, 0.0))) * city_share / 100
        amount = min(max(0.0, float(lot_quantities.get(year, 0.0))), cap)
        if amount > 0:
            supply[year] = amount
    return supply


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def milestone_dates(awarded: date, *, build_years: int, start_months: int | None = None) -> dict[str, date]:
    """Due dates of the contract's milestones from the award: production starts when the bid promised (and no
    later than the build period allows); the land is secured in the first sixth of that time and the building
    stands by two thirds of it; first supplies follow three months after commissioning; the localization level
    is due at the end of the build period."""
    build_months = max(1, build_years) * 12
    start = min(start_months or build_months, build_months)
    return {
        LAND: add_months(awarded, max(1, start // 6)),
        CONSTRUCTION: add_months(awarded, max(1, start * 2 // 3)),
        COMMISSIONING: add_months(awarded, start),
        FIRST_SUPPLIES: add_months(awarded, start + 3),
        LOCALIZATION: add_months(awarded, build_months),
    }
