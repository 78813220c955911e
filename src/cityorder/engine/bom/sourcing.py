"""Sourcing a project's bought parts: which competencies cover a category, how candidates rank, the supply
picture (shares of lines and of cost supplied domestically) and localization points by year against a threshold.

Each figure is computed here once; the app's pages, API and demo read it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Which competencies of the registry's taxonomy cover a nomenclature category (by its code or a parent's code).
COMPETENCY_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "batteries": ("battery",),
    "electric-drives": ("drive",),
    "power-electronics": ("power", "semi.power_module"),
    "power-units": ("drive", "power"),
    "microelectronics": ("ic", "semi"),
    "microassemblies": ("module", "ic.other"),
    "signal-processing": ("ic.converter", "ic.opamp", "module"),
    "sensors": ("sensor",),
    "interface-elements": ("connector", "electromech"),
    "on-board-systems": ("module", "pcb"),
    "charging-stations": ("product.charger",),
    "electric-vehicles": ("product",),
    "photonic-ics": ("ic.photonic",),
}

# Candidate tiers, best first: the project's own cluster, other clusters, any domestic producer in the catalog.
THIS_CLUSTER, OTHER_CLUSTER, DOMESTIC_PRODUCER = 0, 1, 2


def covers(category: str, prefix: str) -> bool:
    return category == prefix or category.startswith(prefix + ".")


def competencies_for(category: str) -> set[str]:
    """Codes of the competencies whose categories include ``category`` (none for «other» or an empty one)."""
    if not category or category == "other":
        return set()
    return {code for code, prefixes in COMPETENCY_CATEGORIES.items() if any(covers(category, p) for p in prefixes)}


def candidate_order(tier: int, score: int, name: str) -> tuple[int, int, str]:
    """Sort key of a supplier candidate: tier first, then the match's score (higher first), then the name."""
    return tier, -score, name


@dataclass(frozen=True, slots=True)
class LineSupply:
    """One bought part of a project as the supply picture counts it."""

    key: str
    quantity: float  # the need over the plan, in the part's unit
    price: float | None  # a unit price, when one is known (the assigned product's, else the best candidate's)
    domestic: bool  # a domestic supplier is assigned
    cluster_member: bool  # … and it is a member of the project's cluster
    sez_resident: bool  # … and a resident of the SEZ


@dataclass(frozen=True, slots=True)
class Share:
    lines: int
    of_lines: int
    cost: float
    of_cost: float

    @property
    def line_percent(self) -> float:
        return 100.0 * self.lines / self.of_lines if self.of_lines else 0.0

    @property
    def cost_percent(self) -> float | None:
        return 100.0 * self.cost / self.of_cost if self.of_cost else None


@dataclass(frozen=True, slots=True)
class SupplyPicture:
    domestic: Share
    cluster: Share
    sez: Share
    priced_lines: int  # lines whose cost is known; the cost shares are over these only


def supply_picture(lines: Sequence[LineSupply]) -> SupplyPicture:
    priced = [line for line in lines if line.price is not None]
    total_cost = sum(line.quantity * (line.price or 0.0) for line in priced)

    def share(flag: str) -> Share:
        chosen = [line for line in lines if getattr(line, flag)]
        cost = sum(line.quantity * (line.price or 0.0) for line in chosen if line.price is not None)
        return Share(len(chosen), len(lines), cost, total_cost)

    return SupplyPicture(share("domestic"), share("cluster_member"), share("sez_resident"), len(priced))


@dataclass(frozen=True, slots=True)
class LocalizationItem:
    """An operation or component of a product kind's points table (in the manner of Decree 719)."""

    code: str
    title: str
    points: int
    categories: tuple[str, ...]  # the BOM's parts in these categories make the item; none: an operation


@dataclass(slots=True)
class LocalizationYear:
    year: int
    points: int
    threshold: int | None
    reached: list[str] = field(default_factory=list)  # codes of the items that count this year

    @property
    def meets(self) -> bool | None:
        return None if self.threshold is None else self.points >= self.threshold


def localization(items: Iterable[LocalizationItem], part_categories: Mapping[str, str],
                 domestic_years: Mapping[str, Collection[int]], operations_from: Mapping[str, int],
                 thresholds: Mapping[int, int], years: Iterable[int]) -> list[LocalizationYear]:
    """Points by year. A component item counts in a year when the BOM has parts in its categories and every one
    of them is supplied domestically that year (``domestic_years``: part key → the years it is: an assigned
    supplier ready, with a registry entry in force or an analyst's decision); an operation item counts from the
    year the project does it domestically (``operations_from``)."""
    result = []
    items = list(items)
    # An item's parts are the same every year: found once (5,705 parts × 6 items × 5 years took 0.4 s).
    parts_of = {item.code: [k for k, c in part_categories.items() if any(covers(c, p) for p in item.categories)]
                for item in items if item.categories}
    for year in years:
        reached = []
        for item in items:
            if not item.categories:
                if operations_from.get(item.code, 10**4) <= year:
                    reached.append(item.code)
                continue
            keys = parts_of[item.code]
            if keys and all(year in domestic_years.get(k, ()) for k in keys):
                reached.append(item.code)
        points = sum(item.points for item in items if item.code in reached)
        result.append(LocalizationYear(year, points, thresholds.get(year), reached))
    return result
