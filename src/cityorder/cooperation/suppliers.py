"""Reads of a project's sourcing: the need of every bought part, candidate suppliers from the registry and the
catalog, the assignments, the supply picture, gaps and localization points by year.

The rules (which competencies cover a category, candidate order, shares, points) are the engine's
(cityorder.engine.bom.sourcing); this module only gathers what they need from the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from cityorder.cooperation.models import (
    Assignment,
    BomVersion,
    Explosion,
    LocalizationItem,
    LocalizationThreshold,
    Project,
    RegistryEntry,
)
from cityorder.cooperation.queries import engine_bom, latest_version, plan_of, projects_under
from cityorder.engine.bom import PartNeed, explode
from cityorder.engine.bom.sourcing import (
    DOMESTIC_PRODUCER,
    OTHER_CLUSTER,
    THIS_CLUSTER,
    LineSupply,
    LocalizationYear,
    SupplyPicture,
    candidate_order,
    competencies_for,
    covers,
    localization,
    supply_picture,
)
from cityorder.engine.bom.sourcing import LocalizationItem as EngineItem
from cityorder.engine.identity import identify
from cityorder.engine.substitution import PositionRow, XrefIndex, match_analogs
from cityorder.registry.models import Capacity, Competency, Membership, Organization, Product
from cityorder.substitution.engine_io import load_catalog, load_decisions, load_xrefs, supplies
from cityorder.substitution.models import CatalogItem, Origin

SEZ_ZONE = "technopolis-moscow"


@dataclass(slots=True)
class Candidate:
    name: str
    tier: int
    found_by: str  # 'analog' | 'competency'
    score: int
    reason: str
    capacity: dict[int, float]
    organization: Organization | None = None
    product: Product | None = None
    item: CatalogItem | None = None
    entries: list[RegistryEntry] = field(default_factory=list)  # the supplier's PP 719 registry entries

    @property
    def registry_no(self) -> str:
        if self.item is not None and self.item.registry_no:
            return self.item.registry_no
        return self.product.registry_no if self.product is not None else ""


@dataclass(slots=True)
class PartSourcing:
    need: PartNeed
    category: str
    candidates: list[Candidate] = field(default_factory=list)
    assignment: Assignment | None = None

    @property
    def gap(self) -> bool:
        """No domestic supplier: none assigned and none found."""
        return self.assignment is None and not self.candidates

    def shortfall(self, year: int) -> float:
        """The need a year beyond the best-placed candidate's capacity (the assigned one's, when assigned)."""
        need = float(self.need.by_year.get(year, 0))
        chosen = self._chosen()
        return max(0.0, need - (chosen.capacity.get(year, 0.0) if chosen else 0.0))

    def _chosen(self) -> Candidate | None:
        if self.assignment is not None:
            for candidate in self.candidates:
                if candidate.organization is not None and candidate.organization.pk == self.assignment.organization_id:
                    return candidate
        return self.candidates[0] if self.candidates else None


@dataclass(slots=True)
class Sourcing:
    project: Project
    years: list[int]
    parts: list[PartSourcing]
    picture: SupplyPicture
    localization: list[LocalizationYear]

    @property
    def gaps(self) -> list[PartSourcing]:
        return [p for p in self.parts if p.gap]


def project_sourcing(project: Project) -> Sourcing:
    version = latest_version(project)
    plan = plan_of(project)
    if version is None:
        empty = supply_picture([])
        return Sourcing(project, sorted(plan), [], empty, project_localization(project, [], plan))
    needs = stored_needs(project, version, plan)
    if needs is None:
        needs = explode(engine_bom(version), plan or {}).parts
    parts = [PartSourcing(need, identify(part_number=need.part_number, name=need.name).category) for need in needs]
    members = current_members(project)
    analog_candidates(parts, members)
    competency_candidates(parts, members)
    assignments = {a.key: a for a in project.assignments.select_related("organization", "product")}
    for part in parts:
        part.assignment = assignments.get(part.need.key)
        part.candidates.sort(key=lambda c: candidate_order(c.tier, c.score, c.name))
    by_inn = entries_by_inn(parts)
    for part in parts:
        for candidate in part.candidates:
            candidate.entries = registry_entries(candidate.organization, candidate.product, by_inn)
    picture = supply_picture([_line_supply(p, members) for p in parts])
    return Sourcing(project, sorted(plan), parts, picture, project_localization(project, parts, plan))


def stored_needs(project: Project, version: BomVersion, plan: dict[int, int]) -> list[PartNeed] | None:
    """The bought parts' needs as the project's last explosion stored them, when it exploded this BOM version over
    this plan and no sub-assembly project's BOM has changed since; None when the BOM must be exploded afresh.
    The page then costs two queries here instead of reading the whole BOM and exploding it."""
    lines = stored_lines(project, version, plan)
    return None if lines is None else [need for need, _category in lines]


def stored_lines(project: Project, version: BomVersion,
                 plan: dict[int, int]) -> list[tuple[PartNeed, str]] | None:
    """stored_needs with each part's category as the explosion stored it ("" when it predates the field)."""
    wanted = {str(y): u for y, u in plan.items()}
    explosion = (Explosion.objects.filter(project=project, version=version, current=True)
                 .order_by("-created_at", "-pk").first())
    if explosion is None or explosion.plan != wanted:
        return None
    under = projects_under(project) if version.items.exclude(subproject=None).exists() else set()
    if under and BomVersion.objects.filter(project_id__in=under, created_at__gt=explosion.created_at).exists():
        return None
    # Plain rows without the paths (the page shows none, and they are most of a need's bytes).
    rows = explosion.needs.order_by("pk").values_list("key", "part_number", "name", "unit", "qty_per_product",
                                                      "quantities", "category")
    return [(PartNeed(key=key, part_number=number, name=name, unit=unit, qty_per_product=per_product,
                      by_year={int(y): Decimal(q) for y, q in quantities.items()}), category)
            for key, number, name, unit, per_product, quantities, category in rows]


def current_members(project: Project) -> tuple[set[int], set[int], set[int]]:
    """Organizations of this cluster, of any cluster, and SEZ residents today."""
    current = Membership.objects.filter(Q(left_on__isnull=True) | Q(left_on__gte=datetime.date.today()))
    this = set(current.filter(cluster=project.cluster).values_list("organization_id", flat=True))
    anywhere = set(current.values_list("organization_id", flat=True))
    residents = set(
        Organization.objects.filter(residencies__site__zone__code=SEZ_ZONE)
        .filter(Q(residencies__until__isnull=True) | Q(residencies__until__gte=datetime.date.today()))
        .values_list("pk", flat=True)
    )
    return this, anywhere, residents


def _tier(organization_id: int | None, members: tuple[set[int], set[int], set[int]]) -> int:
    if organization_id in members[0]:
        return THIS_CLUSTER
    if organization_id in members[1]:
        return OTHER_CLUSTER
    return DOMESTIC_PRODUCER


def analog_candidates(parts: list[PartSourcing], members: tuple[set[int], set[int], set[int]],
                      domestic: QuerySet[CatalogItem] | None = None, xrefs: XrefIndex | None = None) -> None:
    """Domestic products the engine's analog matching finds for each part (the same matching as the order's), in
    ``domestic`` (a part of the catalog that holds every product the matching could find) or the whole catalog."""
    if domestic is None:
        domestic = CatalogItem.objects.filter(origin=Origin.DOMESTIC)
    catalog = load_catalog(domestic.select_related("organization", "product"))
    if not catalog.rows:
        return
    rows = [PositionRow(position_id=p.need.key, key=p.need.key, name=p.need.name, category=p.category,
                        part_number=p.need.part_number, kind=p.need.key.split(":", 1)[0],
                        quantities={y: float(q) for y, q in p.need.by_year.items()}) for p in parts]
    capacity = supplies(catalog.rows)
    by_key = {p.need.key: p for p in parts}
    xrefs = XrefIndex(load_xrefs()) if xrefs is None else xrefs
    for analog in match_analogs(rows, catalog.catalog, xrefs, decisions=load_decisions()):
        item = catalog.rows.get(analog.item_id)
        if item is None:
            continue
        org = item.organization
        by_key[analog.position_id].candidates.append(Candidate(
            name=org.short_name if org else item.manufacturer, tier=_tier(item.organization_id, members),
            found_by="analog", score=analog.score, reason=analog.reason,
            capacity=dict(capacity[analog.item_id].capacity) if analog.item_id in capacity else {},
            organization=org, product=item.product, item=item,
        ))


def competency_candidates(parts: list[PartSourcing], members: tuple[set[int], set[int], set[int]]) -> None:
    """Cluster members whose competencies cover a part's category, with their registry capacity in it. The reason
    names those competencies in the reader's language, not by their codes. The members' competencies and
    capacities are read once for all the parts, so the page's queries do not grow with the BOM."""
    codes_of = {p.need.key: competencies_for(p.category) for p in parts}
    wanted = set().union(*codes_of.values()) if codes_of else set()
    if not wanted:
        return
    labels = {c.code: c.label for c in Competency.objects.all()}
    held: dict[int, set[str]] = {}  # member → the wanted competencies it has, itself or through a narrower one
    links = Organization.competencies.through.objects.filter(organization_id__in=members[1]).filter(
        Q(competency__code__in=wanted) | Q(competency__parent__code__in=wanted))
    for org_id, code, parent in links.values_list("organization_id", "competency__code", "competency__parent__code"):
        held.setdefault(org_id, set()).update({code, parent} & wanted)
    orgs = Organization.objects.in_bulk(list(held))
    capacities: dict[int, list[tuple[str, int, float]]] = {}
    rows = Capacity.objects.filter(product__organization_id__in=list(held)).exclude(product__category=None)
    for org_id, category, year, amount in rows.values_list("product__organization_id", "product__category__code",
                                                           "year", "quantity"):
        capacities.setdefault(org_id, []).append((category, year, float(amount)))
    for part in parts:
        codes = codes_of[part.need.key]
        if not codes:
            continue
        named = ", ".join(sorted(labels.get(code, code) for code in codes))
        found = {c.organization.pk for c in part.candidates if c.organization is not None}
        for org_id in sorted(held, key=lambda pk: orgs[pk].short_name):
            if org_id in found or not held[org_id] & set(codes):
                continue
            capacity: dict[int, float] = {}
            for category, year, quantity in capacities.get(org_id, []):
                if category and (covers(part.category, category) or covers(category, part.category)):
                    capacity[year] = capacity.get(year, 0.0) + quantity
            part.candidates.append(Candidate(name=orgs[org_id].short_name, tier=_tier(org_id, members),
                                             found_by="competency", score=0, reason=named,
                                             capacity=capacity, organization=orgs[org_id]))


def _price(part: PartSourcing) -> float | None:
    assignment = part.assignment
    if assignment is not None and assignment.product is not None:
        item = getattr(assignment.product, "catalog_item", None)
        if item is not None and item.price is not None:
            return float(item.price)
    for candidate in part.candidates:
        if candidate.item is not None and candidate.item.price is not None:
            return float(candidate.item.price)
    return None


def _line_supply(part: PartSourcing, members: tuple[set[int], set[int], set[int]]) -> LineSupply:
    org = part.assignment.organization_id if part.assignment else None
    return LineSupply(key=part.need.key, quantity=float(sum(part.need.by_year.values(), Decimal(0))),
                      price=_price(part), domestic=org is not None, cluster_member=org in members[0],
                      sez_resident=org in members[2])


def entries_by_inn(parts: list[PartSourcing]) -> dict[str, list[RegistryEntry]]:
    inns = {c.organization.inn for p in parts for c in p.candidates if c.organization is not None}
    inns |= {p.assignment.organization.inn for p in parts if p.assignment is not None}
    found: dict[str, list[RegistryEntry]] = {}
    for entry in RegistryEntry.objects.filter(inn__in=inns):
        found.setdefault(entry.inn, []).append(entry)
    return found


def registry_entries(organization: Organization | None, product: Product | CatalogItem | None,
                     by_inn: dict[str, list[RegistryEntry]]) -> list[RegistryEntry]:
    """A supplier's PP 719 entries for a product: the one its registry number names, else all of the supplier's
    (the registry lists products by name, which rarely matches a part number)."""
    if organization is None:
        return []
    entries = by_inn.get(organization.inn, [])
    number = product.registry_no if product is not None else ""
    if number:
        named = [e for e in entries if e.registry_no == number]
        if named:
            return named
    return entries


@dataclass(frozen=True)
class RegistryStatus:
    """What a page shows of a product's PP 719 entry: its number and whether it is in force today."""

    number: str
    valid_until: datetime.date | None  # None: the registry gives no end date
    valid: bool


def catalog_registry_entries(items: Iterable[CatalogItem],
                             today: datetime.date | None = None) -> dict[int, RegistryStatus]:
    """Catalog item id -> its producer's PP 719 entry by the suppliers' rule (registry_entries), in one query for
    all the items; of several, the one in force longest. Items with no producer or no entry are left out.
    Callers select_related the items' organization, else each item costs a query."""
    items = list(items)
    today = today or timezone.localdate()
    inns = {i.organization.inn for i in items if i.organization is not None and i.organization.inn}
    by_inn: dict[str, list[RegistryEntry]] = {}
    for entry in RegistryEntry.objects.filter(inn__in=inns) if inns else []:
        by_inn.setdefault(entry.inn, []).append(entry)
    found: dict[int, RegistryStatus] = {}
    for item in items:
        entries = registry_entries(item.organization, item, by_inn)
        if not entries:
            continue
        best = max(entries, key=lambda e: (e.valid_until is None, e.valid_until or datetime.date.min))
        found[item.pk] = RegistryStatus(best.registry_no, best.valid_until,
                                        best.valid_until is None or best.valid_until >= today)
    return found


def project_localization(project: Project, parts: list[PartSourcing], plan: dict[int, int]) -> list[LocalizationYear]:
    items = [EngineItem(i.code, i.title, i.points, i.category_codes)
             for i in LocalizationItem.objects.filter(product_kind=project.product_kind)]
    thresholds = dict(LocalizationThreshold.objects.filter(product_kind=project.product_kind)
                      .values_list("year", "points"))
    years = sorted(plan) or sorted(thresholds)
    first = years[0] if years else 0
    by_inn = entries_by_inn(parts)
    domestic: dict[str, set[int]] = {}
    for part in parts:
        assignment = part.assignment
        if assignment is None:
            continue
        product = assignment.product
        ready = product.readiness_date.year if product is not None and product.readiness_date else first
        entries = registry_entries(assignment.organization, product, by_inn)
        # Domestic only with a registry entry in force that year, or by an analyst's recorded decision.
        domestic[part.need.key] = {y for y in years if y >= ready and (
            assignment.domestic_by_decision or any(e.valid_in(y) for e in entries))}
    # Operations (assembly, welding, painting) are the integrator's: they count from the first planned year.
    has_integrator = project.participants.filter(role="integrator").exists()
    operations = {i.code: first for i in items if not i.categories} if has_integrator else {}
    categories = {p.need.key: p.category for p in parts}
    return localization(items, categories, domestic, operations, thresholds, years)
