"""Reads of the city order for its pages: versions, positions with their yearly quantities, a position's trace to
the files and the dashboard's figures. The review queue's reads are order.review, the difference between two
versions order.diff.

Positions name customers and their source lines, so everything here is the department's (access.can_see_order);
a customer reaches only its own lines of the published version (``own_part``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext

from cityorder.demand import access as demand_access
from cityorder.demand import queries as demand_queries
from cityorder.demand.models import Campaign, SubmissionStatus
from cityorder.engine import nomenclature
from cityorder.engine.reading.units import PIECES
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.order import access, figures, review
from cityorder.order.models import (
    CityOrder,
    MatchDecision,
    Position,
    PositionLine,
    PositionQuantity,
    ProbableMatch,
)
from cityorder.registry.models import Organization, Unit
from cityorder.registry.queries import text_q

TOP_POSITIONS = 10
# The customers the dashboard names; the others are one sum.
TOP_CUSTOMERS = 10
KEYS_PER_QUERY = 500  # keys in one «IN (…)»: SQLite's limit of variables is far above it


# Labels ---------------------------------------------------------------------------------------------------------


def category_label(code: str) -> str:
    """The nomenclature's name of a category code in the current language («—» for none)."""
    if not code:
        return "—"
    category = nomenclature.get(code)
    english = (translation.get_language() or "ru").startswith("en")
    return category.name_en if english else category.name_ru


def top_category(code: str) -> str:
    """The first level of a category code: «ic» for «ic.timer»; the dashboard groups by it."""
    return code.partition(".")[0] if code else "other"


def unit_label(code: str) -> str:
    return str(dict(Unit.choices).get(code, code)) if code else "—"


def quantity_key(year: int) -> str:
    """The name of a position's annotated quantity of one year (see ``positions_of``)."""
    return f"q_{year}"


# Versions -------------------------------------------------------------------------------------------------------


def orders_for(user: Any) -> QuerySet[CityOrder]:
    return access.visible_orders(user).select_related("campaign", "created_by")


def order_for(user: Any, pk: int) -> CityOrder:
    """The version if the user may see it; CityOrder.DoesNotExist otherwise."""
    return orders_for(user).get(pk=pk)


def campaign_order(user: Any, code: str) -> CityOrder:
    """The published version of a campaign, else its latest; CityOrder.DoesNotExist if it has none."""
    found = orders_for(user).filter(campaign__code=code).order_by("-published", "-number").first()
    if found is None:
        raise CityOrder.DoesNotExist
    return found


def previous_version(order: CityOrder) -> CityOrder | None:
    return (CityOrder.objects.select_related("campaign").filter(campaign=order.campaign, number__lt=order.number)
            .order_by("-number").first())


def latest_consolidation(campaign: Campaign) -> Job | None:
    return (Job.objects.filter(kind=JobKind.CONSOLIDATE, params__campaign=campaign.pk)
            .order_by("-created_at", "-pk").first())


@dataclass
class CampaignVersions:
    campaign: Campaign
    versions: list[CityOrder]
    accepted: int
    job: Job | None = None  # the consolidation to show: running, or failed after the latest version

    @property
    def polling(self) -> bool:
        return self.job is not None and not self.job.finished


def campaigns_with_versions(user: Any) -> list[CampaignVersions]:
    """Every campaign the department sees with its versions (newest first) and its consolidation in progress."""
    if not access.can_see_order(user):
        return []
    campaigns = list(
        demand_access.visible_campaigns(user)
        .annotate(accepted=Count("submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED)))
        .order_by("-created_at", "-pk")
    )
    versions: dict[int, list[CityOrder]] = defaultdict(list)
    for order in CityOrder.objects.filter(campaign__in=campaigns).select_related("created_by").order_by("-number"):
        versions[order.campaign_id].append(order)
    rows = []
    for campaign in campaigns:
        row = CampaignVersions(campaign, versions[campaign.pk], getattr(campaign, "accepted", 0))
        job = latest_consolidation(campaign)
        if job is not None and _worth_showing(job, row.versions):
            row.job = job
        rows.append(row)
    return rows


def _worth_showing(job: Job, versions: Sequence[CityOrder]) -> bool:
    if not job.finished:
        return True
    newest = versions[0].created_at if versions else None
    return job.status == JobStatus.FAILED and (newest is None or job.created_at > newest)


# Positions ------------------------------------------------------------------------------------------------------


def positions_of(order: CityOrder, years: Iterable[int] | None = None) -> QuerySet[Position]:
    """The version's positions, each with its quantity of every year annotated (``q_2026``…) so the table can
    sort by a year in SQL."""
    annotations = {
        quantity_key(year): Coalesce(
            Subquery(PositionQuantity.objects.filter(position=OuterRef("pk"), year=year).values("quantity")[:1]),
            Value(0.0), output_field=FloatField(),
        )
        for year in (order.years if years is None else years)
    }
    return order.positions.annotate(**annotations)


def customers_of(order: CityOrder) -> QuerySet[Organization]:
    """The organizations with lines in the version (from its stored figures: not a scan of its lines)."""
    ids = [customer for customer, _lines, _positions in figures.of(order)["customers"]]
    return Organization.objects.filter(pk__in=ids).order_by("short_name", "pk")


def customers_matching(order: CityOrder, term: str, limit: int) -> list[Organization]:
    """The version's customers whose name or INN holds the term (all of them for none), the first ``limit``."""
    found = customers_of(order)
    if term.strip():
        found = found.filter(text_q(term.strip(), "short_name", "full_name", "inn"))
    return list(found[:limit])


def categories_of(order: CityOrder) -> list[tuple[str, str]]:
    """(code, label) of the categories met in the version, with their first levels, for the filter."""
    codes = {category for category, _unit, _n in figures.of(order)["categories"]}
    codes |= {top_category(code) for code in codes if code}
    return [(code, ("— " if "." in code else "") + category_label(code)) for code in sorted(codes) if code]


@dataclass
class MatchView:
    """A probable match seen from one position: the other side and a decision already taken on the pair."""

    match: ProbableMatch
    other_id: str
    other: Position | None
    decision: MatchDecision | None


@dataclass
class PositionCard:
    position: Position
    years: list[int]
    lines: list[PositionLine]
    merges: list[ProbableMatch]
    matches: list[MatchView]

    @property
    def quantities(self) -> list[tuple[int, float]]:
        return [(y, self.position.quantity(y)) for y in self.years]

    @property
    def line_rows(self) -> list[tuple[PositionLine, str, list[float]]]:
        """Each source line with its unit's label and its quantity of every year of the version."""
        return [(line, unit_label(line.unit), [float(line.quantities.get(str(y), 0) or 0) for y in self.years])
                for line in self.lines]


def position_card(order: CityOrder, position_id: str) -> PositionCard:
    """The position with its source lines and the engine's reasons; Position.DoesNotExist if absent."""
    position = order.positions.get(position_id=position_id)
    lines = list(position.source_lines.select_related("customer", "line__source").order_by(
        "customer__short_name", "file", "sheet", "row", "pk"))
    touching = list(order.matches.filter(Q(position_a=position_id) | Q(position_b=position_id)))
    merges = [m for m in touching if m.merged]
    open_matches = [m for m in touching if not m.merged]
    others = {p.position_id: p for p in order.positions.filter(
        position_id__in=[_other_side(m, position_id) for m in open_matches])}
    decisions = review.decisions_for(open_matches)
    views = [
        MatchView(m, _other_side(m, position_id), others.get(_other_side(m, position_id)),
                  decisions.get(review.pair_of(m.key_a, m.key_b)))
        for m in open_matches
    ]
    return PositionCard(position, list(order.years), lines, merges, views)


def _other_side(match: ProbableMatch, position_id: str) -> str:
    return match.position_b if match.position_a == position_id else match.position_a


# Dashboard and summary ------------------------------------------------------------------------------------------


@dataclass
class CategoryRow:
    code: str
    label: str
    positions: int
    pieces: dict[int, float]  # quantity in pieces by year
    other_units: int  # positions counted in other units, whose quantities are not added to pieces
    years: list[int] = field(default_factory=list)

    @property
    def pieces_by_year(self) -> list[float]:
        return [self.pieces.get(y, 0.0) for y in self.years]

    @property
    def pieces_total(self) -> float:
        return sum(self.pieces.values())


def category_rows(order: CityOrder) -> list[CategoryRow]:
    """Positions and quantities in pieces by first-level category; quantities in metres, kilograms or kWh cannot
    be added to pieces, so those positions are only counted."""
    found = figures.of(order)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for category, unit, n in found["categories"]:
        counts[top_category(category)][0] += n
        if unit != PIECES:
            counts[top_category(category)][1] += n
    pieces: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for category, unit, year, quantity in found["quantities"]:
        if unit == PIECES:
            pieces[top_category(category)][year] += quantity or 0.0
    rows = [CategoryRow(code, category_label(code), n, dict(pieces.get(code, {})), other, list(order.years))
            for code, (n, other) in counts.items()]
    return sorted(rows, key=lambda r: (-r.pieces_total, -r.positions, r.code))


@dataclass
class UnitRow:
    unit: str
    label: str
    positions: int
    quantities: dict[int, float]
    years: list[int] = field(default_factory=list)

    @property
    def by_year(self) -> list[float]:
        return [self.quantities.get(y, 0.0) for y in self.years]


def unit_rows(order: CityOrder) -> list[UnitRow]:
    """Positions and quantities by unit of measure, pieces first."""
    found = figures.of(order)
    counts: dict[str, int] = defaultdict(int)
    for _category, unit, n in found["categories"]:
        counts[unit] += n
    quantities: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for _category, unit, year, quantity in found["quantities"]:
        quantities[unit][year] += quantity or 0.0
    rows = [UnitRow(unit, unit_label(unit), n, dict(quantities.get(unit, {})), list(order.years))
            for unit, n in counts.items()]
    return sorted(rows, key=lambda r: (r.unit != PIECES, -r.positions, r.unit))


def top_positions(order: CityOrder, limit: int = TOP_POSITIONS, unit: str | None = PIECES) -> list[Position]:
    """The positions with the largest total quantity (in one unit, pieces by default: totals in different units
    do not compare)."""
    qs = order.positions.all() if unit is None else order.positions.filter(unit=unit)
    return list(qs.order_by("-total", "position_id")[:limit])


@dataclass
class CustomerShare:
    customer: Organization
    lines: int
    positions: int


@dataclass
class OtherCustomers:
    """The customers past the largest ones, summed: how many and their lines (their positions overlap, so they
    are not summed)."""
    count: int = 0
    lines: int = 0


def customer_shares(order: CityOrder, limit: int = TOP_CUSTOMERS) -> tuple[list[CustomerShare], OtherCustomers]:
    """The ``limit`` customers with the most source lines (from the version's stored figures), each with the
    positions its lines fall into, and the others summed. Only the shown customers are read: a version of a
    thousand customers read and drew all of them."""
    found = sorted(figures.of(order)["customers"], key=lambda row: (-row[1], row[0]))
    shown, rest = found[:limit], found[limit:]
    customers = Organization.objects.in_bulk([customer for customer, _lines, _positions in shown])
    return ([CustomerShare(customers[customer], lines, positions) for customer, lines, positions in shown],
            OtherCustomers(len(rest), sum(lines for _customer, lines, _positions in rest)))


@dataclass
class Dashboard:
    order: CityOrder
    categories: list[CategoryRow]
    units: list[UnitRow]
    top: list[Position]
    customers: list[CustomerShare]
    other_customers: OtherCustomers
    progress: demand_queries.ProgressSummary

    @property
    def late(self) -> list[demand_queries.ProgressRow]:
        return self.progress.late

    def chart(self) -> dict[str, Any]:
        """What the page's charts draw, passed to them through json_script."""
        years = list(self.order.years)
        return {
            "years": [str(y) for y in years],
            "categories": [{"label": c.label, "code": c.code, "data": c.pieces_by_year}
                           for c in self.categories if c.pieces_total],
            "top": {"labels": [_top_label(p) for p in self.top], "data": [p.total for p in self.top],
                    "ids": [p.position_id for p in self.top]},
            "customers": self._customer_chart(),
            "progress": {"statuses": [s for s, _label, _n in self.progress.counts],
                         "labels": [label for _s, label, _n in self.progress.counts],
                         "counts": [n for _s, _label, n in self.progress.counts]},
        }


    def _customer_chart(self) -> dict[str, list[Any]]:
        labels: list[Any] = [c.customer.short_name for c in self.customers]
        lines = [c.lines for c in self.customers]
        if self.other_customers.count:
            labels.append(gettext("Other customers (%(count)s)") % {"count": self.other_customers.count})
            lines.append(self.other_customers.lines)
        return {"labels": labels, "lines": lines, "positions": [c.positions for c in self.customers]}


def _top_label(position: Position) -> str:
    if position.part_number and position.part_number not in position.name:
        return f"{position.name} ({position.part_number})"
    return position.name


def dashboard(user: Any, order: CityOrder) -> Dashboard:
    customers, others = customer_shares(order)
    return Dashboard(
        order=order, categories=category_rows(order), units=unit_rows(order), top=top_positions(order),
        customers=customers, other_customers=others,
        progress=demand_queries.progress_summary(user, order.campaign),
    )


# A customer's own part ------------------------------------------------------------------------------------------


def own_part(user: Any, campaign_code: str) -> tuple[CityOrder, Organization]:
    """The published version of a campaign and the user's organization, if that organization sent demand to the
    campaign (seen through demand.access.visible_submissions: a customer sees only its own); CityOrder.DoesNotExist
    otherwise. Its lines are ``lines_of_customer``."""
    organization_id = getattr(user, "organization_id", None)
    campaign = demand_access.visible_campaigns(user).filter(code=campaign_code).first()
    own = demand_access.visible_submissions(user).filter(campaign=campaign, customer_id=organization_id)
    if campaign is None or organization_id is None or not own.exists():
        raise CityOrder.DoesNotExist
    order = CityOrder.objects.select_related("campaign").filter(campaign=campaign, published=True).first()
    if order is None:
        raise CityOrder.DoesNotExist
    return order, Organization.objects.get(pk=organization_id)


def lines_of_customer(order: CityOrder, customer: Organization) -> QuerySet[PositionLine]:
    return (PositionLine.objects.filter(position__order=order, customer=customer)
            .select_related("position", "customer").order_by("position__position_id", "file", "sheet", "row", "pk"))


def summary_figures(order: CityOrder) -> dict[str, int]:
    """The version's figures; «lines» are the lines counted in positions (the rows read include skipped ones).
    Figures a version lacks are counted from its rows."""
    stats = order.stats or {}

    def figure(name: str, count: Any) -> int:
        return int(stats[name]) if name in stats else int(count())

    return {
        "positions": figure("positions", order.positions.count),
        "lines": figure("ok_lines", PositionLine.objects.filter(position__order=order).count),
        "rows": figure("lines", PositionLine.objects.filter(position__order=order).count),
        "customers": figure("customers", customers_of(order).count),
        "probable_matches": figure("probable_matches", order.matches.filter(merged=False).count),
        "auto_merged": figure("auto_merged", order.matches.filter(merged=True).count),
    }
