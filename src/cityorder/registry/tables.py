from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cityorder.registry.models import Cluster, Organization, Product
from cityorder.web.tables import Table


class ClusterTable(Table):
    name = tables.Column(verbose_name=_("Cluster"), linkify=lambda record: reverse(
        "registry:cluster_detail", args=[record.code]))
    founded_on = tables.DateColumn(verbose_name=_("Founded"), format="d.m.Y")
    member_count = tables.Column(verbose_name=_("Members"))
    coordinator = tables.Column(verbose_name=_("Coordinator"))

    class Meta:
        model = Cluster
        fields = ("name", "founded_on", "member_count", "coordinator")
        attrs = {"class": "table table-hover align-middle"}

    def render_name(self, record: Cluster) -> str:
        return record.label


class OrganizationTable(Table):
    short_name = tables.Column(verbose_name=_("Organization"), linkify=("registry:organization_detail", [
        tables.A("pk")]))
    inn = tables.Column(verbose_name=_("INN"))
    kind = tables.Column(verbose_name=_("Kind"))
    is_sez_resident = tables.BooleanColumn(verbose_name=_("SEZ resident"), orderable=True)
    competencies = tables.ManyToManyColumn(verbose_name=_("Competencies"), transform=lambda c: c.label,
                                           orderable=False)

    class Meta:
        model = Organization
        fields = ("short_name", "inn", "kind", "is_sez_resident", "competencies")
        attrs = {"class": "table table-hover align-middle"}


class MemberTable(Table):
    """Rows are registry.queries.MemberRow."""

    organization = tables.Column(verbose_name=_("Member"), accessor="membership__organization",
                                 order_by="membership__organization__short_name")
    role = tables.Column(verbose_name=_("Role"), accessor="membership", order_by="membership__role")
    joined_on = tables.DateColumn(verbose_name=_("Joined"), accessor="membership__joined_on", format="d.m.Y")
    site = tables.Column(verbose_name=_("SEZ site"), accessor="site_names", empty_values=(), orderable=True)
    competencies = tables.Column(verbose_name=_("Competencies"), accessor="competencies", empty_values=(),
                                 orderable=False)
    actions = tables.TemplateColumn(template_name="registry/_member_actions.html", verbose_name="",
                                    orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-hover align-middle", "id": "members"}

    def __init__(self, *args: Any, can_manage: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.can_manage = can_manage

    def render_organization(self, value: Organization) -> str:
        return format_html('<a href="{}">{}</a>', reverse("registry:organization_detail", args=[value.pk]), value)

    def render_role(self, value: Any) -> str:
        return str(value.get_role_display())

    def render_site(self, value: list[str]) -> str:
        if not value:
            return "—"
        return format_html_join(" ", '<span class="badge badge-sez">{}</span>', ((v,) for v in value))

    def render_competencies(self, value: list[Any]) -> str:
        return ", ".join(c.label for c in value) or "—"


class ProductTable(Table):
    name = tables.Column(verbose_name=_("Product"))
    part_number = tables.Column(verbose_name=_("Part number"))
    organization = tables.Column(verbose_name=_("Manufacturer"), linkify=("registry:organization_detail", [
        tables.A("organization_id")]))
    category = tables.Column(verbose_name=_("Category"), order_by="category__code")
    status = tables.Column(verbose_name=_("Status"))
    readiness_date = tables.DateColumn(verbose_name=_("Ready"), format="m.Y")

    class Meta:
        model = Product
        fields = ("name", "part_number", "organization", "category", "status", "readiness_date")
        attrs = {"class": "table table-hover align-middle"}

    def __init__(self, *args: Any, years: list[int] | None = None, can_edit: Any = None, **kwargs: Any) -> None:
        extra = [(f"cap_{y}", CapacityColumn(y)) for y in (years or [])]
        if can_edit is not None:
            extra.append(("edit", tables.TemplateColumn(template_name="registry/_product_actions.html",
                                                        verbose_name="", orderable=False,
                                                        extra_context={"can_edit": can_edit})))
        super().__init__(*args, extra_columns=extra, **kwargs)

    def render_category(self, value: Any) -> str:
        return str(value.label)


class CapacityColumn(tables.Column):
    def __init__(self, year: int) -> None:
        super().__init__(verbose_name=str(year), accessor="pk", orderable=False, empty_values=(),
                         attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        self.year = year

    def render(self, record: Product) -> str:
        for capacity in record.capacities.all():
            if capacity.year == self.year:
                return f"{capacity.quantity.normalize():,f}".replace(",", "\u202f")
        return "—"
