"""Reads of the registry, always scoped to what the user may see (accounts.access)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cityorder.registry import access
from cityorder.registry.models import (
    CUSTOMER_KINDS,
    Capacity,
    Cluster,
    Competency,
    Membership,
    Organization,
    Product,
    Residency,
)


def sez_resident_q(prefix: str = "") -> Exists:
    """An organization (at ``prefix``) that holds a residency at any SEZ site."""
    return Exists(Residency.objects.filter(organization=OuterRef(f"{prefix}pk")))


def category_tree_q(field: str, code: str) -> Q:
    """The category ``code`` with its subcategories (codes are dotted: «battery» holds «battery.lfp»)."""
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def text_q(text: str, *fields: str) -> Q:
    """«Contains, ignoring case» over several fields.

    SQLite folds only ASCII letters in ``icontains``, so Cyrillic text is also looked for as typed, in lower
    case, upper case and capitalized: «дтх», «ДТХ» and «Дтх» all find «ДТХ-500» on either database. ASCII text
    is folded by both databases, so it is looked for once (each variant is one more scan of the column).
    """
    q = Q()
    for name in fields:
        for variant in text_variants(text):
            q |= Q(**{f"{name}__icontains": variant})
    return q


def text_variants(text: str) -> list[str]:
    """The forms of ``text`` that text_q looks for (in a fixed order, so that the SQL it builds is the same)."""
    if text.isascii():
        return [text]
    return list(dict.fromkeys((text, text.lower(), text.upper(), text.capitalize(), text.title())))


def organizations_for(user: Any) -> QuerySet[Organization]:
    return access.visible_organizations(user).annotate(is_sez_resident=sez_resident_q())


@dataclass
class MemberRow:
    membership: Membership
    site_names: list[str]
    competencies: list[Competency]

    @property
    def is_sez_resident(self) -> bool:
        return bool(self.site_names)


@dataclass
class ClusterOverview:
    cluster: Cluster
    members: list[MemberRow]
    sez_members: int
    coverage: list[tuple[Competency, int]] = field(default_factory=list)

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def sez_share(self) -> float:
        """Share of members that are SEZ residents, 0..1."""
        return self.sez_members / self.member_count if self.members else 0.0


def clusters_for(user: Any) -> QuerySet[Cluster]:
    visible = access.visible_organizations(user)
    return Cluster.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__organization__in=visible), distinct=True),
    ).order_by("name")


def cluster_overview(user: Any, cluster: Cluster) -> ClusterOverview:
    memberships = (
        Membership.objects.filter(cluster=cluster, organization__in=access.visible_organizations(user))
        .select_related("organization")
        .prefetch_related(
            Prefetch("organization__residencies", queryset=Residency.objects.select_related("site")),
            "organization__competencies",
        )
        .order_by("organization__short_name")
    )
    rows = [
        MemberRow(
            membership=m,
            site_names=[r.site.label for r in m.organization.residencies.all()],
            competencies=list(m.organization.competencies.all()),
        )
        for m in memberships
    ]
    counts: Counter[int] = Counter(c.pk for row in rows for c in row.competencies)
    by_pk = {c.pk: c for row in rows for c in row.competencies}
    coverage = sorted(((by_pk[pk], n) for pk, n in counts.items()), key=lambda item: (-item[1], item[0].label))
    return ClusterOverview(
        cluster=cluster,
        members=rows,
        sez_members=sum(1 for row in rows if row.is_sez_resident),
        coverage=coverage,
    )


def organization_card(user: Any, pk: int) -> Organization:
    """The organization with everything its card shows; raises Organization.DoesNotExist if not visible."""
    return (
        organizations_for(user)
        .select_related("parent")
        .prefetch_related(
            "competencies",
            Prefetch("residencies", queryset=Residency.objects.select_related("site__zone")),
            Prefetch("memberships", queryset=Membership.objects.select_related("cluster")),
            Prefetch(
                "products",
                queryset=Product.objects.select_related("category").prefetch_related("capacities"),
            ),
        )
        .get(pk=pk)
    )


def products_for(user: Any) -> QuerySet[Product]:
    return (
        access.visible_products(user)
        .select_related("organization", "category")
        .prefetch_related(Prefetch("capacities", queryset=Capacity.objects.order_by("year")))
    )


def capacity_years(products: QuerySet[Product] | None = None) -> list[int]:
    qs = Capacity.objects.all() if products is None else Capacity.objects.filter(product__in=products)
    return sorted(set(qs.values_list("year", flat=True)))


def supplier_search(user: Any, *, competency: Competency | None = None, text: str = "") -> QuerySet[Organization]:
    """Producers (not customers) that have the competency and/or make a product matching the text."""
    qs = organizations_for(user).exclude(kind__in=CUSTOMER_KINDS)
    if competency is not None:
        qs = qs.filter(competencies=competency)
    text = text.strip()
    if text:
        matching = Product.objects.filter(text_q(text, "name", "part_number", "category__name", "category__name_en"))
        qs = qs.filter(
            Q(pk__in=matching.values("organization"))
            | text_q(text, "short_name", "full_name", "competencies__name", "competencies__name_en")
        )
    return qs.distinct().prefetch_related("competencies", "clusters").order_by("short_name")


def global_search(user: Any, text: str, limit: int = 20) -> tuple[list[Organization], list[Product]]:
    text = text.strip()
    if not text:
        return [], []
    organizations = access.visible_organizations(user).filter(
        text_q(text, "short_name", "full_name") | Q(inn__startswith=text)
    )[:limit]
    products = products_for(user).filter(text_q(text, "name", "part_number"))[:limit]
    return list(organizations), list(products)


def dashboard_counts(user: Any) -> dict[str, int]:
    visible = access.visible_organizations(user)
    members = Membership.objects.filter(organization__in=visible)
    return {
        "clusters": Cluster.objects.count(),
        "members": members.values("organization").distinct().count(),
        "organizations": visible.count(),
        "products": access.visible_products(user).count(),
        "sez_residents": visible.filter(residencies__isnull=False).distinct().count(),
    }
