"""Reads of import substitution: what the published city order asks of a producer, without naming customers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cityorder.engine import substitution as engine
from cityorder.engine.substitution.coverage import Balance, CoverageCell, Gap, RoadmapStep, Share, Status, Supply
from cityorder.jobs.models import Job, JobKind
from cityorder.order.models import CityOrder, Position
from cityorder.order.queries import unit_label
from cityorder.registry.models import Category, Organization, Product
from cityorder.registry.queries import category_tree_q, text_q
from cityorder.substitution import catalog_counts as catalog_counts_stored
from cityorder.substitution import engine_io
from cityorder.substitution.models import (
    Analog,
    AnalogVerdict,
    CatalogItem,
    CoveragePosition,
    CoverageProduct,
    Offer,
    Origin,
    StoredCoverage,
)


def published_orders() -> QuerySet[CityOrder]:
    return CityOrder.objects.filter(published=True).select_related("campaign")


@dataclass(slots=True)
class ForecastRow:
    """Demand aggregated over positions: quantities by year in one unit, how many positions and customers."""

    label: str
    unit: str
    positions: int = 0
    customers: int = 0
    quantities: dict[int, float] = field(default_factory=dict)
    detail: str = ""

    @property
    def total(self) -> float:
        return sum(self.quantities.values())


@dataclass(slots=True)
class Forecast:
    years: list[int]
    by_product: list[ForecastRow]
    by_category: list[ForecastRow]
    orders: list[CityOrder]


def _category_codes(organization: Organization) -> set[str]:
    """The categories a producer makes, with their subcategories (demand is often classified more finely)."""
    codes = set(Product.objects.filter(organization=organization).values_list("category__code", flat=True))
    codes |= set(CatalogItem.objects.filter(organization=organization, origin=Origin.DOMESTIC)
                 .exclude(category="").values_list("category", flat=True))
    children: dict[str, list[str]] = defaultdict(list)
    for code, parent in Category.objects.values_list("code", "parent__code"):
        if parent:
            children[parent].append(code)
    stack = list(codes)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in codes:
                codes.add(child)
                stack.append(child)
    return codes


def _add(row: ForecastRow, position: Position) -> None:
    row.positions += 1
    row.customers = max(row.customers, position.customers)
    for year, quantity in position.quantities.items():
        row.quantities[int(year)] = row.quantities.get(int(year), 0.0) + float(quantity or 0)


def producer_forecast(organization: Organization) -> Forecast:
    """The published order seen by a producer: per product of its own, the positions it is a proposed or confirmed
    analog for; per category it makes, every position. Customers are counted, never named."""
    orders = list(published_orders())
    years = sorted({int(y) for order in orders for y in order.years})
    by_product: dict[tuple[int, str], ForecastRow] = {}
    analogs = (Analog.objects.filter(order__in=orders, item__organization=organization)
               .exclude(verdict=AnalogVerdict.REJECTED).select_related("item", "position"))
    for analog in analogs:
        unit = analog.position.unit
        row = by_product.setdefault((analog.item_id, unit), ForecastRow(label=str(analog.item), unit=unit))
        _add(row, analog.position)
    by_category: dict[tuple[str, str], ForecastRow] = {}
    names = dict(Category.objects.values_list("code", "name"))
    positions = Position.objects.filter(order__in=orders, category__in=_category_codes(organization))
    for position in positions:
        label = names.get(position.category, position.category)
        row = by_category.setdefault((position.category, position.unit),
                                     ForecastRow(label=label, unit=position.unit, detail=position.category))
        _add(row, position)
    ordered = sorted(by_category.values(), key=lambda r: (-r.total, r.label))
    return Forecast(years=years, by_product=sorted(by_product.values(), key=lambda r: (-r.total, r.label)),
                    by_category=ordered, orders=orders)


def published_forecast() -> Forecast:
    """The whole published order aggregated by category and unit, by year: what a producer deciding what to start
    making needs. Counts of positions and customers only; no customer is named (the open-data export too)."""
    orders = list(published_orders())
    years = sorted({int(y) for order in orders for y in order.years})
    names = dict(Category.objects.values_list("code", "name"))
    rows: dict[tuple[str, str], ForecastRow] = {}
    for position in Position.objects.filter(order__in=orders).only("category", "unit", "customers", "quantities"):
        code = position.category or "other"
        row = rows.setdefault((code, position.unit),
                              ForecastRow(label=names.get(code, code), unit=position.unit, detail=code))
        _add(row, position)
    ordered = sorted(rows.values(), key=lambda r: (r.detail, r.unit))
    return Forecast(years=years, by_product=[], by_category=ordered, orders=orders)


OPEN_DATA_FIELDS = ("category", "category_name", "unit", "positions", "customers")


def open_data_rows(forecast: Forecast) -> list[dict[str, Any]]:
    """The published forecast as open data: one row per category and unit, a column per year."""
    return [{"category": row.detail, "category_name": row.label, "unit": row.unit, "positions": row.positions,
             "customers": row.customers, **{str(y): row.quantities.get(y, 0.0) for y in forecast.years}}
            for row in forecast.by_category]


def offers_of(organization: Organization) -> QuerySet[Offer]:
    return Offer.objects.filter(organization=organization).select_related("item")


def chart_data(forecast: Forecast) -> dict[str, Any]:
    """Stacked bars by year for the categories of the forecast, for Chart.js."""
    return {
        "labels": forecast.years,
        "datasets": [
            {"label": f"{row.label} ({unit_label(row.unit)})",
             "data": [row.quantities.get(y, 0) for y in forecast.years]}
            for row in forecast.by_category[:8]
        ],
    }


# Coverage of an order version --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _CountedAnalog:
    """An analog as compute_coverage reads it."""

    position_id: str
    rank: int
    item_id: str
    compatibility: str
    confirmed: bool


@dataclass(slots=True)
class OrderCoverage:
    coverage: engine.Coverage
    positions: dict[str, Position]
    items: dict[str, CatalogItem]  # engine item id -> catalog row (the analogs' products)
    supplies: dict[str, Supply]


def coverage_for(order: CityOrder) -> OrderCoverage:
    """Coverage of the version by domestic capacity (declared capacities plus offers), from its stored analogs;
    rejected analogs count for nothing, confirmed ones always count."""
    positions = {p.position_id: p for p in Position.objects.filter(order=order).defer("note", "okpd2")}
    # Plain tuples, and each product loaded once: an order has far more analog rows than distinct products.
    analogs = list(Analog.objects.filter(order=order).exclude(verdict=AnalogVerdict.REJECTED)
                   .values_list("position__position_id", "rank", "item_id", "compatibility", "verdict"))
    products = {item.pk: item for item in CatalogItem.objects.filter(pk__in={a[2] for a in analogs})}
    ids = {pk: engine.item_id(engine_io.engine_item(item)) for pk, item in products.items()}
    rows: dict[str, CatalogItem] = {ids[pk]: item for pk, item in products.items()}
    counted = [_CountedAnalog(position_id, rank, ids[item], compatibility, verdict == AnalogVerdict.CONFIRMED)
               for position_id, rank, item, compatibility, verdict in analogs]
    supplies = engine_io.supplies(rows)
    coverage = engine.compute_coverage(list(positions.values()), counted, supplies,
                                       years=[int(y) for y in order.years] or None)
    return OrderCoverage(coverage=coverage, positions=positions, items=rows, supplies=supplies)


@dataclass(slots=True)
class CapacityRow:
    """Capacity against demand by year, for one domestic product or one category (in one unit). For a product,
    ``capacity`` is what it can make and ``demand`` the need of the positions it is the best counted analog of; for
    a category, ``capacity`` is what the allotment covered of the category's demand, so its balance is the gap."""

    label: str
    category: str
    unit: str
    capacity: dict[int, float] = field(default_factory=dict)
    demand: dict[int, float] = field(default_factory=dict)
    allotted: dict[int, float] = field(default_factory=dict)
    item: CatalogItem | None = None

    def balance(self, year: int) -> float:
        return self.capacity.get(year, 0.0) - self.demand.get(year, 0.0)


def capacity_vs_demand(order: CityOrder, computed: OrderCoverage | None = None
                       ) -> tuple[list[CapacityRow], list[CapacityRow]]:
    """Both tables read the one coverage computation (coverage_for): per counted analog product its balance as the
    allotment made it; per category and unit, demand against what was covered. A name-only suggestion or a product
    that is no analog of a position is never netted against its demand."""
    computed = computed or coverage_for(order)
    units: dict[str, str] = {}
    by_category: dict[tuple[str, str], CapacityRow] = {}
    names = category_names()
    for cell in computed.coverage.cells:
        position = computed.positions[cell.position_id]
        cat = by_category.setdefault((cell.category, position.unit), CapacityRow(
            label=names.get(cell.category, cell.category), category=cell.category, unit=position.unit))
        cat.demand[cell.year] = cat.demand.get(cell.year, 0.0) + cell.need
        cat.capacity[cell.year] = cat.capacity.get(cell.year, 0.0) + cell.supplied
        cat.allotted[cell.year] = cat.capacity[cell.year]
        for source, _amount in cell.sources:
            units.setdefault(source, position.unit)
    items = []
    for balance in computed.coverage.balances:
        item = computed.items[balance.item_id]
        items.append(CapacityRow(label=str(item), category=item.category, unit=units.get(balance.item_id, ""),
                                 item=item, capacity=balance.capacity, demand=balance.demand,
                                 allotted=balance.allotted))
    categories = sorted(by_category.values(), key=lambda r: (-sum(r.demand.values()), r.label))
    return items, categories


def analogs_of(position: Position) -> list[Analog]:
    return list(Analog.objects.filter(position=position).select_related("item", "item__organization")
                .order_by("rank"))


def latest_matching_job(order: CityOrder) -> Job | None:
    return Job.objects.filter(kind=JobKind.MATCH_ANALOGS, params__order=order.pk).order_by("-created_at").first()


def category_names() -> dict[str, str]:
    """Category code -> its label in the current language."""
    return {c.code: c.label for c in Category.objects.all()}


def versions_for_analysis() -> list[dict[str, Any]]:
    """The published version and the latest one of every campaign, with their matching jobs."""
    latest = CityOrder.objects.filter(campaign=OuterRef("campaign")).order_by("-number").values("pk")[:1]
    # each version's analogs counted apart on their order index: a join and GROUP BY over the versions took 180 ms
    # at 150k analogs
    analogs = (Analog.objects.filter(order=OuterRef("pk")).order_by().values("order")
               .annotate(n=Count("pk")).values("n"))
    orders = (CityOrder.objects.filter(Q(published=True) | Q(pk=Subquery(latest))).select_related("campaign")
              .annotate(analog_count=Coalesce(Subquery(analogs), 0)).order_by("campaign__code", "-number"))
    rows = []
    for order in orders:
        job = latest_matching_job(order)
        rows.append({"order": order, "job": job, "running": job is not None and not job.finished})
    return rows


def catalog_counts() -> dict[str, int]:
    return catalog_counts_stored.counts()


def catalog_count(items: QuerySet[CatalogItem]) -> int | None:
    """The stored count of a list of catalog products that is the whole catalog (no condition on its rows; joins
    for display do not drop any), or None: a filtered list is counted by its paginator."""
    query = items.query
    if items.model is not CatalogItem or query.where or query.distinct or query.is_sliced or query.combinator:
        return None
    return catalog_counts_stored.total()


# The stored coverage (substitution.stored writes it) -----------------------------------------------------------------


def _years(values: dict[str, float]) -> dict[int, float]:
    return {int(year): quantity for year, quantity in values.items()}


@dataclass(slots=True)
class CoverageSummary:
    """What the pages show whole of a version's stored coverage; its positions and products are read by page
    (stored_gaps, stored_products)."""

    years: list[int]
    shares: list[Share]
    roadmap: list[RoadmapStep]
    categories: list[CapacityRow]  # capacity against demand by category and unit, largest demand first
    gap_categories: list[dict[str, Any]]  # category, positions, none, short
    gaps: int
    products: int
    analogs: int
    _shares: dict[tuple[str, int], Share] = field(default_factory=dict, repr=False)

    def share(self, category: str, year: int) -> Share | None:
        if not self._shares:
            self._shares = {(s.category, s.year): s for s in self.shares}
        return self._shares.get((category, year))


def coverage_summary(state: StoredCoverage) -> CoverageSummary:
    data = state.summary
    names = category_names()
    categories = [CapacityRow(label=names.get(r["category"], r["category"]), category=r["category"], unit=r["unit"],
                              capacity=_years(r["capacity"]), demand=_years(r["demand"]),
                              allotted=_years(r["allotted"])) for r in data["categories"]]
    return CoverageSummary(
        years=list(data["years"]), shares=[Share(**share) for share in data["shares"]],
        roadmap=[RoadmapStep(r["category"], r["first_full_year"], tuple(r["years_covered"])) for r in data["roadmap"]],
        categories=categories, gap_categories=data["gap_categories"], gaps=data["gaps"], products=data["products"],
        analogs=data["analogs"])


GAP_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "shortfall": ("gap_rank",),
    "value": (F("value").desc(nulls_last=True), "gap_rank"),
    "position": ("position__position_id",),
    "name": ("position__name", "gap_rank"),
}
PRODUCT_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "demand": ("rank",),
    "capacity": ("-capacity_total", "rank"),
    "balance": ("balance_total", "rank"),
}


def stored_gaps(order: CityOrder, *, category: str = "", status: str = "", search: str = "",
                ordering: str = "") -> QuerySet[CoveragePosition]:
    """The version's gaps as stored, filtered and sorted in the database (largest shortfall first by default);
    ``status`` is «none» (no analog) or «short» (an analog short of capacity)."""
    rows = CoveragePosition.objects.filter(order=order, gap_rank__isnull=False).select_related("position")
    if category:
        rows = rows.filter(category_tree_q("category", category))
    if status in ("none", "short"):
        rows = rows.filter(no_analog=status == "none")
    if search:
        rows = rows.filter(text_q(search, "position__name", "position__part_number", "position__position_id"))
    return rows.order_by(*GAP_ORDERINGS.get(ordering, GAP_ORDERINGS["shortfall"]))


def as_gap(row: CoveragePosition) -> Gap:
    return Gap(position_id=row.position.position_id, name=row.position.name, category=row.category,
               shortfall=_years(row.shortfall),
               statuses={int(y): Status(s) for y, s in row.statuses.items() if s != Status.COVERED},
               total=row.total, value=row.value)


def stored_products(order: CityOrder, *, category: str = "", search: str = "",
                    ordering: str = "") -> QuerySet[CoverageProduct]:
    """Capacity against demand per counted analog product as stored, largest demand first by default."""
    rows = CoverageProduct.objects.filter(order=order).select_related("item")
    if category:
        rows = rows.filter(category_tree_q("category", category))
    if search:
        rows = rows.filter(text_q(search, "item__part_number", "item__name", "item__manufacturer"))
    return rows.order_by(*PRODUCT_ORDERINGS.get(ordering, PRODUCT_ORDERINGS["demand"]))


def as_capacity_row(row: CoverageProduct) -> CapacityRow:
    return CapacityRow(label=str(row.item), category=row.category, unit=row.unit, item=row.item,
                       capacity=_years(row.capacity), demand=_years(row.demand), allotted=_years(row.allotted))


def stored_coverage_whole(order: CityOrder, state: StoredCoverage) -> engine.Coverage:
    """The whole stored coverage as the engine's Coverage (every cell, gap and balance, item ids as the engine
    names products): what the gaps export writes, and what a direct computation must equal."""
    summary = coverage_summary(state)
    rows = list(CoveragePosition.objects.filter(order=order).select_related("position"))
    products = list(CoverageProduct.objects.filter(order=order).select_related("item").order_by("rank"))
    pks = {pk for row in rows for sources in row.sources.values() for pk, _amount in sources}
    ids = {item.pk: engine.item_id(engine_io.engine_item(item))
           for item in CatalogItem.objects.filter(pk__in=pks | {p.item_id for p in products})}
    cells = [CoverageCell(row.position.position_id, int(year), row.category, need, row.supplied[year],
                          Status(row.statuses[year]),
                          tuple((ids[pk], amount) for pk, amount in row.sources.get(year, [])), row.unit_price,
                          own=row.own)
             for row in rows for year, need in row.need.items()]
    cells.sort(key=lambda c: (c.year, -c.need, c.position_id))
    gaps = sorted((row for row in rows if row.gap_rank is not None), key=lambda row: row.gap_rank or 0)
    return engine.Coverage(
        years=summary.years, cells=cells, shares=summary.shares, gaps=[as_gap(row) for row in gaps],
        roadmap=summary.roadmap,
        balances=[Balance(ids[p.item_id], _years(p.capacity), _years(p.demand), _years(p.allotted)) for p in products])
