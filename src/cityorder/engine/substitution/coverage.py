"""Coverage of the order by domestic capacity: per position and year, shares, gaps and a roadmap.

Status of a position in a year with demand:
- ``covered``: its counted analogs' capacity allotted to it meets the need, or the position is itself a domestic
  product (see ``is_own_domestic``): it needs no substitution and is covered by itself;
- ``short``: it has a counted analog, but the capacity allotted falls short (or is not declared);
- ``none``: it has no counted analog.
Counted analogs are those of compatibility same, pin, functional or parametric, and any an analyst confirmed;
a name that only reads alike (text) is a suggestion and covers nothing until confirmed.

One product's capacity is shared, never counted twice: each year on its own (capacity does not carry over),
it is allotted greedily, rank by rank — first every position takes from its rank-1 analog, larger needs
first (ties by position id), then from its rank-2 analog what is still missing, and so on. So a product
serves as best analog before anyone's fallback, and a large position is not starved by many small ones
that had other options. A product counts from its readiness year on; a capacity not declared for a year
is zero. Value uses a position's own unit price when the caller gives one, else the price of its best
counted analog that has one; positions with no known price stay out of the value shares, and every share says
how much of the demand has a price (``priced_quantity``), so a share of a small priced part is never read as the
whole.

This is the one computation of coverage: the Coverage, Gaps, Roadmap and Capacity pages and the API all read the
same ``Coverage``; capacity against demand (``balances``) nets only what the allotment gave, so a product is never
netted against demand it cannot serve. Other sources of capacity (offers, tender contracts) feed it through
``supplies``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cityorder.engine.identity import parse_discrete, parse_soviet
from cityorder.engine.substitution.catalog import Catalog
from cityorder.engine.substitution.items import make_item_id
from cityorder.engine.substitution.positions import PositionRow, PositionsLike, position_rows
from cityorder.engine.substitution.xrefs import Compatibility

COUNTED: frozenset[str] = frozenset({Compatibility.SAME, Compatibility.PIN, Compatibility.FUNCTIONAL,
                                     Compatibility.PARAMETRIC})
ALL = ""  # the category of shares over every category
_EPSILON = 1e-9


class Status(StrEnum):
    COVERED = "covered"
    SHORT = "short"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Supply:
    """What the maker of one domestic product can supply."""

    capacity: Mapping[int, float]  # year → quantity
    readiness_year: int | None = None
    price: float | None = None

    def available(self, year: int) -> float:
        if self.readiness_year is not None and year < self.readiness_year:
            return 0.0
        return float(self.capacity.get(year, 0.0) or 0.0)


@dataclass(frozen=True, slots=True)
class CoverageCell:
    position_id: str
    year: int
    category: str
    need: float
    supplied: float
    status: Status
    sources: tuple[tuple[str, float], ...]  # (item id, quantity allotted), in rank order
    unit_price: float | None
    own: bool = False  # the position is itself a domestic product: covered by itself

    @property
    def shortfall(self) -> float:
        return max(0.0, self.need - self.supplied)


@dataclass(frozen=True, slots=True)
class Share:
    category: str  # ALL for every category
    year: int
    positions: int
    positions_covered: int
    positions_with_analog: int
    quantity: float
    quantity_covered: float
    value: float  # over positions with a known price only
    value_covered: float
    priced_positions: int
    priced_quantity: float = 0.0  # the quantity of the positions with a known price
    positions_own: int = 0  # covered because they are themselves domestic products

    @property
    def priced_share(self) -> float:
        """How much of the demand (by quantity) has a price: the part the value shares speak of."""
        return self.priced_quantity / self.quantity if self.quantity else 0.0

    @property
    def position_share(self) -> float:
        return self.positions_covered / self.positions if self.positions else 0.0

    @property
    def quantity_share(self) -> float:
        return self.quantity_covered / self.quantity if self.quantity else 0.0

    @property
    def value_share(self) -> float | None:
        return self.value_covered / self.value if self.value else None


@dataclass(frozen=True, slots=True)
class Gap:
    position_id: str
    name: str
    category: str
    shortfall: dict[int, float]  # year → quantity not covered
    statuses: dict[int, Status]
    total: float
    value: float | None  # the shortfall at the position's unit price, when known


@dataclass(frozen=True, slots=True)
class RoadmapStep:
    category: str
    # The year from which every position of the category is covered in every later year of the horizon: a year
    # covered before a later shortfall is not yet substitution. None when the last year is not covered.
    first_full_year: int | None
    years_covered: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Balance:
    """One domestic product's capacity against what the allotment gave from it, by year: ``demand`` is the need of
    the positions whose best counted analog it is, ``allotted`` what it supplied (to any position)."""

    item_id: str
    capacity: dict[int, float]
    demand: dict[int, float]
    allotted: dict[int, float]

    def spare(self, year: int) -> float:
        return self.capacity.get(year, 0.0) - self.allotted.get(year, 0.0)


@dataclass(slots=True)
class Coverage:
    years: list[int]
    cells: list[CoverageCell]
    shares: list[Share]
    gaps: list[Gap]  # largest total shortfall first
    roadmap: list[RoadmapStep]
    balances: list[Balance] = field(default_factory=list)  # per counted analog product, largest demand first
    _cells: dict[tuple[str, int], CoverageCell] = field(default_factory=dict, repr=False)
    _shares: dict[tuple[str, int], Share] = field(default_factory=dict, repr=False)

    def cell(self, position_id: str, year: int) -> CoverageCell | None:
        if not self._cells:
            self._cells = {(c.position_id, c.year): c for c in self.cells}
        return self._cells.get((position_id, year))

    def share(self, category: str, year: int) -> Share | None:
        if not self._shares:
            self._shares = {(s.category, s.year): s for s in self.shares}
        return self._shares.get((category, year))


class CatalogSupplies(Mapping[str, Supply]):
    """Supply of every domestic product of a catalog by item id (what Analog.item_id refers to), looked up
    when asked: coverage asks about the analogs of an order, not about a million products."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def __getitem__(self, item_id: str) -> Supply:
        key, _at, maker = item_id.partition("@")
        for number in self._catalog.with_key(key):
            item = self._catalog.items[number]
            if item.domestic and make_item_id(key, item.manufacturer) == item_id:
                return Supply(item.capacity, item.readiness_year, item.price)
        raise KeyError(item_id)

    def __iter__(self) -> Iterator[str]:
        catalog = self._catalog
        return (make_item_id(catalog.keys[n], item.manufacturer) for n, item in enumerate(catalog.items)
                if item.domestic)

    def __len__(self) -> int:
        return sum(1 for item in self._catalog.items if item.domestic)


def supplies_from_catalog(catalog: Catalog) -> Mapping[str, Supply]:
    return CatalogSupplies(catalog)


def compute_coverage(positions: PositionsLike, analogs: Iterable[Any], supplies: Mapping[str, Supply] | Catalog,
                     *, years: Iterable[int] | None = None, counted: frozenset[str] = COUNTED) -> Coverage:
    """Coverage of ``positions`` by the capacity of their ``analogs`` (Analog or any object with position_id,
    rank, item_id, compatibility and optionally confirmed) in every year with demand (or ``years``)."""
    rows = list(position_rows(positions))
    analogs = list(analogs)
    options = _counted_options(analogs, counted)
    same = {a.position_id for a in analogs if a.compatibility == Compatibility.SAME}
    own = {row.position_id for row in rows if row.position_id in same or is_own_domestic(row)}
    stock = _supplies_of(options, CatalogSupplies(supplies) if isinstance(supplies, Catalog) else supplies)
    all_years = sorted(set(years) if years is not None else {y for row in rows for y in row.quantities})
    prices = {row.position_id: _unit_price(row, options.get(row.position_id, []), stock) for row in rows}
    cells = [cell for year in all_years for cell in _allocate(year, rows, options, stock, prices, own)]
    return Coverage(years=all_years, cells=cells, shares=_shares(cells), gaps=_gaps(rows, cells),
                    roadmap=_roadmap(cells), balances=_balances(all_years, cells, options, stock))


def is_own_domestic(row: PositionRow, analogs: Iterable[Any] = ()) -> bool:
    """A position that is itself a domestic product needs no substitution: the catalog lists its own part as a
    domestic product (an analog of compatibility «same»), or its code is a Soviet/Russian designation (ГОСТ 18682
    for ICs, the discrete devices' system), which only domestic makers use, whether or not the catalog lists it."""
    if any(a.position_id == row.position_id and a.compatibility == Compatibility.SAME for a in analogs):
        return True
    codes = [key[3:] for key in (row.key, *row.merged_keys) if key.startswith("pn:")]
    if not codes and row.part_number:
        codes = [row.part_number.strip().upper()]
    return any(parse_soviet(code) is not None or parse_discrete(code) is not None for code in codes if code)


def _counted_options(analogs: Iterable[Any], counted: frozenset[str]) -> dict[str, list[str]]:
    """Item ids each position may draw on, in rank order."""
    by_position: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for analog in analogs:
        if analog.compatibility in counted or getattr(analog, "confirmed", False):
            by_position[analog.position_id].append((int(analog.rank), analog.item_id))
    return {pid: list(dict.fromkeys(item for _rank, item in sorted(pairs))) for pid, pairs in by_position.items()}


def _balances(years: list[int], cells: list[CoverageCell], options: dict[str, list[str]],
              stock: Mapping[str, Supply]) -> list[Balance]:
    """Capacity against demand per counted analog product, from the allotment itself: a product's demand is the
    need of the positions whose best counted analog it is, never of a position it is not an analog of."""
    demand: dict[str, dict[int, float]] = defaultdict(dict)
    allotted: dict[str, dict[int, float]] = defaultdict(dict)
    for cell in cells:
        choices = options.get(cell.position_id)
        if choices:
            demand[choices[0]][cell.year] = demand[choices[0]].get(cell.year, 0.0) + cell.need
        for item, amount in cell.sources:
            allotted[item][cell.year] = allotted[item].get(cell.year, 0.0) + amount
    balances = [Balance(item, {y: supply.available(y) for y in years}, dict(demand.get(item, {})),
                        dict(allotted.get(item, {}))) for item, supply in stock.items()]
    balances.sort(key=lambda b: (-sum(b.demand.values()), -sum(b.capacity.values()), b.item_id))
    return balances


def _supplies_of(options: dict[str, list[str]], supplies: Mapping[str, Supply]) -> dict[str, Supply]:
    """The supplies of the products some position may draw on, each looked up once."""
    needed = {item for items in options.values() for item in items}
    return {item: supply for item in needed if (supply := supplies.get(item)) is not None}


def _unit_price(row: PositionRow, options: list[str], stock: Mapping[str, Supply]) -> float | None:
    if row.price is not None:
        return row.price
    return next((stock[i].price for i in options if i in stock and stock[i].price is not None), None)


def _allocate(year: int, rows: list[PositionRow], options: dict[str, list[str]], stock: Mapping[str, Supply],
              prices: dict[str, float | None], own: set[str]) -> list[CoverageCell]:
    """One year's cells: capacity allotted rank by rank, larger needs first (see the module's rule)."""
    demand = sorted((row for row in rows if row.quantities.get(year, 0) > 0),
                    key=lambda row: (-row.quantities[year], row.position_id))
    left = {row.position_id: float(row.quantities[year]) for row in demand}
    remaining: dict[str, float] = {}  # filled on first use: a catalog may hold far more products than analogs
    taken: dict[str, list[tuple[str, float]]] = defaultdict(list)
    depth = max((len(options.get(row.position_id, ())) for row in demand), default=0)
    for rank in range(depth):
        for row in demand:
            choices = options.get(row.position_id, ())
            if rank >= len(choices) or left[row.position_id] <= _EPSILON:
                continue
            item = choices[rank]
            if item not in remaining:
                remaining[item] = stock[item].available(year) if item in stock else 0.0
            amount = min(left[row.position_id], remaining[item])
            if amount > 0:
                remaining[item] -= amount
                left[row.position_id] -= amount
                taken[row.position_id].append((item, amount))
    cells = []
    for row in demand:
        need = float(row.quantities[year])
        supplied = need - left[row.position_id]
        if row.position_id in own:
            # Its own makers supply it (what their declared capacity gave is in sources): covered by itself.
            status, supplied = Status.COVERED, need
        elif not options.get(row.position_id):
            status = Status.NONE
        else:
            status = Status.COVERED if left[row.position_id] <= _EPSILON * max(1.0, need) else Status.SHORT
        cells.append(CoverageCell(row.position_id, year, row.category or "other", need, supplied, status,
                                  tuple(taken[row.position_id]), prices[row.position_id],
                                  own=row.position_id in own))
    return cells


def _shares(cells: list[CoverageCell]) -> list[Share]:
    groups: dict[tuple[str, int], list[CoverageCell]] = defaultdict(list)
    for cell in cells:
        groups[(cell.category, cell.year)].append(cell)
        groups[(ALL, cell.year)].append(cell)
    return [_share(category, year, group) for (category, year), group in sorted(groups.items())]


def _share(category: str, year: int, cells: list[CoverageCell]) -> Share:
    priced = [c for c in cells if c.unit_price is not None]
    return Share(
        category=category, year=year, positions=len(cells),
        positions_covered=sum(1 for c in cells if c.status == Status.COVERED),
        positions_with_analog=sum(1 for c in cells if c.status != Status.NONE),
        quantity=sum(c.need for c in cells), quantity_covered=sum(c.supplied for c in cells),
        value=sum(c.need * (c.unit_price or 0.0) for c in priced),
        value_covered=sum(c.supplied * (c.unit_price or 0.0) for c in priced), priced_positions=len(priced),
        priced_quantity=sum(c.need for c in priced), positions_own=sum(1 for c in cells if c.own),
    )


def _gaps(rows: list[PositionRow], cells: list[CoverageCell]) -> list[Gap]:
    by_position: dict[str, list[CoverageCell]] = defaultdict(list)
    for cell in cells:
        if cell.status != Status.COVERED:
            by_position[cell.position_id].append(cell)
    names = {row.position_id: row for row in rows}
    gaps = []
    for position_id, short in by_position.items():
        row = names[position_id]
        total = sum(c.shortfall for c in short)
        price = short[0].unit_price
        gaps.append(Gap(position_id=position_id, name=row.name, category=row.category or "other",
                        shortfall={c.year: c.shortfall for c in short}, statuses={c.year: c.status for c in short},
                        total=total, value=total * price if price is not None else None))
    gaps.sort(key=lambda gap: (-gap.total, -(gap.value or 0.0), gap.position_id))
    return gaps


def _roadmap(cells: list[CoverageCell]) -> list[RoadmapStep]:
    by_category: dict[str, dict[int, bool]] = defaultdict(dict)
    for cell in cells:
        years = by_category[cell.category]
        years[cell.year] = years.get(cell.year, True) and cell.status == Status.COVERED
    steps = []
    for category, years in sorted(by_category.items()):
        covered = tuple(year for year, full in sorted(years.items()) if full)
        steps.append(RoadmapStep(category, covered_from(years), covered))
    return steps


def covered_from(years: dict[int, bool]) -> int | None:
    """The first year of the unbroken covered run that reaches the last year with demand (year → covered)."""
    first = None
    for year, full in sorted(years.items()):
        first = (first or year) if full else None
    return first
