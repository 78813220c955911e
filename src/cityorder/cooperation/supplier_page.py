"""The suppliers page of a project at any BOM size: the supply picture, gaps and localization over all the bought
parts, read from the stored explosion, the assignments and a few aggregate queries; candidates (analog matching,
competencies, registry entries) only for the page of parts shown.

With 5,705 bought parts (a 20,000-line BOM) building every part's candidates and rendering them all made a 10 MB page
of 14–19 s; the figures over all parts need none of that.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from cityorder.cooperation.models import DerivedNeed, Project
from cityorder.cooperation.queries import engine_bom, latest_version, plan_of
from cityorder.cooperation.suppliers import (
    PartSourcing,
    analog_candidates,
    competency_candidates,
    current_members,
    entries_by_inn,
    project_localization,
    registry_entries,
    stored_lines,
)
from cityorder.engine.bom import PartNeed, explode
from cityorder.engine.bom.sourcing import (
    LineSupply,
    LocalizationYear,
    SupplyPicture,
    candidate_order,
    competencies_for,
    supply_picture,
)
from cityorder.engine.identity import identify
from cityorder.engine.substitution import XrefIndex
from cityorder.registry.models import Organization
from cityorder.substitution.engine_io import load_xrefs
from cityorder.substitution.models import CatalogItem, Origin

PER_PAGE = 50
SHOWN = ("gaps", "supplied", "assigned", "unassigned")  # the filters besides all parts


@dataclass(slots=True)
class SupplierPage:
    project: Project
    years: list[int]
    page: Page  # of PartSourcing, candidates found
    total: int  # bought parts in all
    gaps: list[PartNeed]  # over all parts, not the page
    picture: SupplyPicture
    localization: list[LocalizationYear]


@dataclass(slots=True)
class SupplierFigures:
    """The figures over all the bought parts and the parts chosen by a filter, their candidates not yet found."""
    plan: dict[int, int]
    parts: list[PartSourcing]
    chosen: list[PartSourcing]
    gaps: list[PartNeed]
    picture: SupplyPicture
    localization: list[LocalizationYear]
    members: tuple[set[int], set[int], set[int]]

    @property
    def gap_parts(self) -> list[PartSourcing]:
        keys = {need.key for need in self.gaps}
        return [part for part in self.parts if part.need.key in keys]

    def find_candidates(self, shown: list[PartSourcing]) -> None:
        """Fill in the candidates of the parts ``shown`` (a page of ``chosen``): only those are matched."""
        _candidates(shown, self.members)


def supplier_figures(project: Project, *, query: str = "", shown: str = "", key: str = "") -> SupplierFigures:
    """The parts whose part number or name holds ``query`` (or whose identity is that of the typed part number),
    or the one part of identity ``key``, of those ``shown`` says (a SHOWN value; anything else: all); and the
    figures over all parts. The page and the API read both from here."""
    plan = plan_of(project)
    parts, keys = _all_parts(project, plan)
    assignments = {a.key: a for a in project.assignments.select_related("organization", "product__catalog_item")}
    for part in parts:
        part.assignment = assignments.get(part.need.key)
    members = current_members(project)
    own = _own_products(keys)
    found = _found_anywhere(parts, own, members)
    gaps = [p.need for p in parts if p.assignment is None and p.need.key not in found]
    picture = supply_picture([_line(p, members, own) for p in parts])
    localization = project_localization(project, parts, plan)
    chosen = _chosen(parts, query.strip(), shown, {g.key for g in gaps})
    if key:
        chosen = [p for p in chosen if p.need.key == key]
    return SupplierFigures(plan, parts, chosen, gaps, picture, localization, members)


def supplier_page(project: Project, *, query: str = "", shown: str = "", page: str | int | None = 1) -> SupplierPage:
    """The page ``page`` of the parts supplier_figures chooses, with their candidates."""
    figures = supplier_figures(project, query=query, shown=shown)
    paged = Paginator(figures.chosen, PER_PAGE).get_page(page)
    figures.find_candidates(list(paged.object_list))
    return SupplierPage(project, sorted(figures.plan), paged, len(figures.parts), figures.gaps, figures.picture,
                        figures.localization)


def _all_parts(project: Project, plan: dict[int, int]) -> tuple[list[PartSourcing], list[str] | QuerySet[Any]]:
    """Every bought part, and their keys for a query: the stored needs' (a subquery, since thousands of keys as
    parameters overflow SQLite's limit on a large enough BOM) or a list of those just exploded."""
    version = latest_version(project)
    if version is None:
        return [], []
    lines = stored_lines(project, version, plan)
    keys: list[str] | QuerySet[Any]
    if lines is None:  # no explosion of this BOM and plan yet: explode for the page, as before
        lines = [(need, "") for need in explode(engine_bom(version), plan or {}).parts]
        keys = [need.key for need, _category in lines]
    else:
        keys = DerivedNeed.objects.filter(explosion__project=project, explosion__version=version,
                                          explosion__current=True).values("key")
    parts = [PartSourcing(need, category or identify(part_number=need.part_number, name=need.name).category)
             for need, category in lines]
    return parts, keys


def _found_anywhere(parts: list[PartSourcing], own: dict[str, float | None],
                    members: tuple[set[int], set[int], set[int]]) -> set[str]:
    """Keys of the parts that have a candidate without running the matching: a domestic catalog product of the
    part itself, or a member of a cluster holding a competency that covers its category. A part with neither is a
    gap; one found only by the analog matching (a variant, a cross-reference, parameters, a name alike) counts as
    a gap here until a supplier is assigned."""
    found = set(own)
    codes_of = {p.need.key: set(competencies_for(p.category)) for p in parts}
    wanted = set().union(*codes_of.values()) if codes_of else set()
    if wanted:
        links = Organization.competencies.through.objects.filter(organization_id__in=members[1]).filter(
            Q(competency__code__in=wanted) | Q(competency__parent__code__in=wanted))
        held: set[str] = set()
        for code, parent in links.values_list("competency__code", "competency__parent__code"):
            held.update({code, parent} & wanted)
        found |= {key for key, codes in codes_of.items() if codes & held}
    return found


def _own_products(keys: list[str] | QuerySet[Any]) -> dict[str, float | None]:
    """Parts with a domestic catalog product of their own → its lowest price (None: none priced), an unassigned
    part's cost."""
    own: dict[str, float | None] = {}
    for key, price in CatalogItem.objects.filter(origin=Origin.DOMESTIC, key__in=keys).values_list("key", "price"):
        known = [p for p in (own.get(key), None if price is None else float(price)) if p is not None]
        own[key] = min(known) if known else None
    return own


def _line(part: PartSourcing, members: tuple[set[int], set[int], set[int]],
          prices: dict[str, float | None]) -> LineSupply:
    assignment = part.assignment
    org = assignment.organization_id if assignment else None
    price = prices.get(part.need.key)
    item = getattr(assignment.product, "catalog_item", None) if assignment and assignment.product else None
    if item is not None and item.price is not None:
        price = float(item.price)
    return LineSupply(key=part.need.key, quantity=float(sum(part.need.by_year.values(), Decimal(0))), price=price,
                      domestic=org is not None, cluster_member=org in members[0], sez_resident=org in members[2])


def _chosen(parts: list[PartSourcing], query: str, shown: str, gaps: set[str]) -> list[PartSourcing]:
    if query:
        text, key = query.casefold(), identify(part_number=query).key
        parts = [p for p in parts if p.need.key == key or text in p.need.part_number.casefold()
                 or text in p.need.name.casefold()]
    if shown in ("gaps", "supplied"):
        return [p for p in parts if (p.need.key in gaps) == (shown == "gaps")]
    if shown in ("assigned", "unassigned"):
        return [p for p in parts if (p.assignment is not None) == (shown == "assigned")]
    return parts


def _candidates(parts: list[PartSourcing], members: tuple[set[int], set[int], set[int]]) -> None:
    """Candidates of the parts shown, from the part of the catalog the analog matching could find them in: the
    parts themselves and their variants, their cross-references' analogs and the products of their categories
    (parameters and names are compared within a category). Other prefixes of a Soviet type are taken to share
    its category."""
    if not parts:
        return
    codes = [p.need.key.split(":", 1)[1] for p in parts if p.need.key.startswith("pn:")]
    xrefs = XrefIndex(load_xrefs())
    near = Q(key__in=[p.need.key for p in parts])
    # A part's variants and its cross-references' analogs and theirs (LM317 → LM317T), as domestic_for finds them.
    analogs = [hit.analog_key for code in codes for hit in xrefs.lookup(code)]
    for prefix in dict.fromkeys([*codes, *analogs]):
        near |= Q(key__startswith=f"pn:{prefix}")
    categories = {p.category for p in parts} - {"", "other"}
    if categories:
        near |= Q(category__in=categories)
    analog_candidates(parts, members, CatalogItem.objects.filter(origin=Origin.DOMESTIC).filter(near), xrefs)
    competency_candidates(parts, members)
    for part in parts:
        part.candidates.sort(key=lambda c: candidate_order(c.tier, c.score, c.name))
    by_inn = entries_by_inn(parts)
    for part in parts:
        for candidate in part.candidates:
            candidate.entries = registry_entries(candidate.organization, candidate.product, by_inn)

