"""Query parameters of the API lists: django-filter sets and a search that finds Cyrillic in any case."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.filters import SearchFilter
from rest_framework.request import Request

from cityorder.registry.models import Membership, MembershipRole, Organization, OrganizationKind, Product, ProductStatus
from cityorder.registry.queries import category_tree_q, text_q


class TextSearchFilter(SearchFilter):
    """?search= over the view's search_fields, every word must match one of them.

    DRF's own SearchFilter uses icontains, which SQLite folds for ASCII only; registry.queries.text_q also
    tries the usual cases of the word, so «дтх» finds «ДТХ-500» as on the pages.
    """

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        fields = getattr(view, "search_fields", None)
        terms = self.get_search_terms(request)
        if not fields or not terms:
            return queryset
        for term in terms:
            queryset = queryset.filter(text_q(term, *fields))
        return queryset


class OrganizationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=OrganizationKind.choices, label=_("Kind"))
    cluster = filters.CharFilter(field_name="clusters__code", distinct=True, label=_("Cluster code"))
    competency = filters.CharFilter(field_name="competencies__code", distinct=True, label=_("Competency code"))
    sez_resident = filters.BooleanFilter(field_name="is_sez_resident", label=_("SEZ resident"))

    class Meta:
        model = Organization
        fields = ["kind", "cluster", "competency", "sez_resident"]


class ProductFilter(filters.FilterSet):
    category = filters.CharFilter(method="in_category", label=_("Category code (subcategories included)"))
    organization = filters.NumberFilter(field_name="organization_id", label=_("Manufacturer id"))
    status = filters.ChoiceFilter(choices=ProductStatus.choices, label=_("Status"))
    cluster = filters.CharFilter(field_name="organization__clusters__code", distinct=True,
                                 label=_("Cluster code of the manufacturer"))
    competency = filters.CharFilter(field_name="organization__competencies__code", distinct=True,
                                    label=_("Competency code of the manufacturer"))
    sez_resident = filters.BooleanFilter(method="by_sez_resident", label=_("Made by an SEZ resident"))

    class Meta:
        model = Product
        fields = ["category", "organization", "status", "cluster", "competency", "sez_resident"]

    def in_category(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        # A category includes its subcategories: «battery» finds LiFePO4 and Li-ion alike.
        return queryset.filter(category_tree_q("category__code", value))

    def by_sez_resident(self, queryset: QuerySet[Product], name: str, value: bool | None) -> QuerySet[Product]:
        if value is None:
            return queryset
        resident = Q(organization__residencies__isnull=False)
        return queryset.filter(resident).distinct() if value else queryset.exclude(resident)


class MembershipFilter(filters.FilterSet):
    cluster = filters.CharFilter(field_name="cluster__code", label=_("Cluster code"))
    organization = filters.NumberFilter(field_name="organization_id", label=_("Organization id"))
    role = filters.ChoiceFilter(choices=MembershipRole.choices, label=_("Role in cluster"))

    class Meta:
        model = Membership
        fields = ["cluster", "organization", "role"]
