from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cityorder.registry.forms import FilterForm
from cityorder.registry.models import (
    Category,
    Cluster,
    Competency,
    Organization,
    OrganizationKind,
    Product,
    ProductStatus,
)
from cityorder.registry.queries import category_tree_q


class OrganizationFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Name or INN"), method="search")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    cluster = filters.ModelChoiceFilter(label=_("Cluster"), field_name="clusters", queryset=Cluster.objects.all())
    competency = filters.ModelChoiceFilter(label=_("Competency"), field_name="competencies",
                                           queryset=Competency.objects.all())
    sez = filters.BooleanFilter(label=_("SEZ resident"), field_name="is_sez_resident", widget=forms.Select(
        choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]))

    class Meta:
        model = Organization
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        return queryset.filter(Q(short_name__icontains=value) | Q(full_name__icontains=value)
                               | Q(inn__startswith=value.strip()))


class ProductFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Name or part number"), method="search")
    category = filters.ModelChoiceFilter(label=_("Category"), queryset=Category.objects.all(), method="in_category")
    organization = filters.ModelChoiceFilter(label=_("Manufacturer"), queryset=Organization.objects.none())
    status = filters.ChoiceFilter(label=_("Status"), choices=ProductStatus.choices)
    competency = filters.ModelChoiceFilter(label=_("Competency"), queryset=Competency.objects.all(),
                                           method="by_competency")

    class Meta:
        model = Product
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.filters["organization"].queryset = organizations.filter(products__isnull=False).distinct()

    def search(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        return queryset.filter(Q(name__icontains=value) | Q(part_number__icontains=value))

    def by_competency(self, queryset: QuerySet[Product], name: str, value: Competency) -> QuerySet[Product]:
        # Products carry no competency of their own: a product counts when its manufacturer has the competency.
        return queryset.filter(organization__competencies=value).distinct()

    def in_category(self, queryset: QuerySet[Product], name: str, value: Category) -> QuerySet[Product]:
        # A category includes its subcategories: «battery» finds LiFePO4 and Li-ion alike.
        return queryset.filter(category_tree_q("category__code", value.code))
