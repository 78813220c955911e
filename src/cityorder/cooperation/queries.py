"""Reads of cooperation projects: the BOM as the engine sees it, the tree for pages, where-used, the plan,
versions' diff and the derived demand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from cityorder.cooperation.models import BomItem, BomVersion, DerivedNeed, Project, RegistryEntry
from cityorder.engine.bom import PRODUCT, Bom, BomChange, BomLine, bom_diff

if TYPE_CHECKING:
    from cityorder.accounts.access import AnyUser


def latest_version(project: Project) -> BomVersion | None:
    return project.bom_versions.order_by("-number").first()


def plan_of(project: Project) -> dict[int, int]:
    return {p.year: p.units for p in project.plan.order_by("year")}


_LINE_FIELDS = ("pk", "parent_id", "subproject_id", "row", "level", "part_number", "name", "qty_per", "key", "unit",
                "attrition", "manufacturer", "designators", "alternates", "note")


def _line(item: dict[str, Any], level: int) -> BomLine:
    return BomLine(row=item["row"], level=level, part_number=item["part_number"], name=item["name"],
                   qty_per=Decimal(item["qty_per"]).normalize(), key=item["key"], unit=item["unit"],
                   attrition=Decimal(item["attrition"]).normalize(), manufacturer=item["manufacturer"],
                   designators=item["designators"], alternates=item["alternates"], note=item["note"])


def engine_bom(version: BomVersion, *, expand_subprojects: bool = True) -> Bom:
    """The version as the engine's Bom. A bought line linked to another project's product gets that project's
    latest BOM under it (a project met again on the way down is not expanded twice: that would never end)."""
    lines: list[BomLine] = []
    children: dict[int, list[int]] = {}

    def add(version: BomVersion, parent: int, depth: int, seen: frozenset[int]) -> None:
        # Plain rows, not model instances: a BOM of 20,000 lines is read once per explosion.
        items = list(version.items.order_by("position").values(*_LINE_FIELDS))
        index_of: dict[int, int] = {}
        for item in items:
            index = len(lines)
            lines.append(_line(item, depth + item["level"]))
            index_of[item["pk"]] = index
            under = index_of[item["parent_id"]] if item["parent_id"] else parent
            children.setdefault(under, []).append(index)
        if not expand_subprojects:
            return
        for item in items:
            sub_id = item["subproject_id"]
            if sub_id is None or sub_id in seen or children.get(index_of[item["pk"]]):
                continue
            sub_version = BomVersion.objects.filter(project_id=sub_id).order_by("-number").first()
            if sub_version is not None:
                add(sub_version, index_of[item["pk"]], depth + item["level"], seen | {sub_id})

    add(version, PRODUCT, 0, frozenset({version.project_id}))
    return Bom(file=version.file_name, lines=lines, children=children, product=version.project.product_label)


def projects_under(project: Project) -> set[int]:
    """The projects whose BOMs an explosion of ``project`` takes in: its latest version's linked sub-assembly
    projects, theirs, and so on down (pks)."""
    found: set[int] = set()
    todo = [project.pk]
    while todo:
        version = BomVersion.objects.filter(project_id=todo.pop()).order_by("-number").first()
        if version is None:
            continue
        for sub in version.items.exclude(subproject=None).values_list("subproject_id", flat=True):
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


@dataclass(frozen=True, slots=True)
class TreeRow:
    item: BomItem
    depth: int
    has_children: bool
    path: str  # positions from the top, «0.3.7», for expand/collapse on the page


def bom_tree(version: BomVersion) -> list[TreeRow]:
    """The lines in file order (which is tree order) with what the page needs to fold them."""
    items = list(version.items.select_related("subproject").order_by("position"))
    parents = {item.parent_id for item in items if item.parent_id}
    path_of: dict[int, str] = {}
    rows = []
    for item in items:
        path = f"{path_of[item.parent_id]}.{item.position}" if item.parent_id else str(item.position)
        path_of[item.pk] = path
        rows.append(TreeRow(item, item.level, item.pk in parents, path))
    return rows


def version_diff(old: BomVersion, new: BomVersion) -> list[BomChange]:
    return bom_diff(engine_bom(old, expand_subprojects=False), engine_bom(new, expand_subprojects=False))


@dataclass(frozen=True, slots=True)
class Use:
    project: Project
    version: BomVersion
    item: BomItem
    path: tuple[str, ...]  # assemblies from the top down to the line
    via: tuple[Project, ...] = ()  # the sub-assembly projects the line is used through, from the top


def where_used(projects: QuerySet[Project], key: str) -> list[Use]:
    """The projects (latest BOM versions) and assemblies that use a part, among the projects given: directly, then
    through a line that is another project's product (the e-van uses the pack project's cells through its
    battery line), with that line and the sub-assembly's assemblies in the path."""
    boms: list[tuple[Project, BomVersion, dict[int, BomItem]]] = []
    for project in projects.order_by("title"):
        version = latest_version(project)
        if version is not None:
            boms.append((project, version, {item.pk: item for item in version.items.all()}))
    uses = [Use(project, version, item, _assemblies_above(items, item))
            for project, version, items in boms for item in items.values() if item.key == key]
    todo = list(uses)
    while todo:
        use = todo.pop(0)
        chain = {use.project.pk, *(p.pk for p in use.via)}
        for project, version, items in boms:
            for link in items.values():
                if link.subproject_id != use.project.pk or project.pk in chain:
                    continue  # a project met again on the way up would lead round a cycle forever
                found = Use(project, version, use.item, (*_assemblies_above(items, link), str(link), *use.path),
                            (use.project, *use.via))
                uses.append(found)
                todo.append(found)
    return uses


def _assemblies_above(items: dict[int, BomItem], item: BomItem) -> tuple[str, ...]:
    path, parent = [], item.parent_id
    while parent:
        path.append(str(items[parent]))
        parent = items[parent].parent_id
    return tuple(reversed(path))


def current_needs(project: Project) -> QuerySet[DerivedNeed]:
    """The derived demand the project's current explosions sent, with their demand lines."""
    return (DerivedNeed.objects.filter(explosion__project=project, explosion__current=True)
            .select_related("explosion__campaign", "demand_line__source").order_by("explosion__campaign", "pk"))


def projects_for(user: AnyUser) -> QuerySet[Project]:
    from cityorder.cooperation.access import visible_projects

    return visible_projects(user).select_related("cluster", "product")


def registry_entries(query: str) -> QuerySet[RegistryEntry]:
    entries = RegistryEntry.objects.all()
    if query:
        entries = entries.filter(Q(organization_name__icontains=query) | Q(inn=query) | Q(registry_no__icontains=query)
                                 | Q(product_name__icontains=query))
    return entries.order_by("organization_name", "registry_no")


def projects_of_positions(order_id: int, positions: Iterable[int] | None = None) -> dict[str, list[Project]]:
    """The cooperation projects whose derived demand is among each position's source lines (position id → projects),
    so the order's gaps name the project a missing supplier holds up; of the given positions (pks) only, if given."""
    from cityorder.order.models import PositionLine

    found: dict[str, list[Project]] = {}
    lines = PositionLine.objects.filter(position__order_id=order_id)
    if positions is not None:
        lines = lines.filter(position_id__in=list(positions))
    rows = (lines.filter(line__derived_from__isnull=False)
            .select_related("position", "line__derived_from__explosion__project"))
    for row in rows:
        project = row.line.derived_from.explosion.project  # type: ignore[union-attr]
        projects = found.setdefault(row.position.position_id, [])
        if project not in projects:
            projects.append(project)
    return found
