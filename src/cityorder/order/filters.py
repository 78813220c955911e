from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cityorder.order import queries
from cityorder.order.models import CityOrder, Position, PositionLine, PositionQuantity
from cityorder.registry.forms import FilterForm, SearchedSelect
from cityorder.registry.models import Organization
from cityorder.registry.queries import category_tree_q, text_q


class PositionFilter(filters.FilterSet):
    """Positions of one version; the choices come from the version itself (its categories, customers, years)."""

    q = filters.CharFilter(label=_("Name, part number or id"), method="search")
    category = filters.ChoiceFilter(label=_("Category"), method="in_category")
    customer = filters.ModelChoiceFilter(label=_("Customer"), queryset=Organization.objects.none(),
                                         method="of_customer")
    year = filters.ChoiceFilter(label=_("Year with demand"), method="in_year")

    class Meta:
        model = Position
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args: Any, order: CityOrder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order = order
        self.filters["category"].extra["choices"] = queries.categories_of(order)
        self.filters["customer"].queryset = queries.customers_of(order)
        # A version may have a thousand customers: the chosen one is rendered, the others are searched for.
        self.filters["customer"].extra["widget"] = SearchedSelect(
            search_url=reverse("order:version_customers", args=[order.pk]))
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in order.years]

    @property
    def selected_year(self) -> int | None:
        """The chosen year: the table then shows that year's column only."""
        value = self.form.cleaned_data.get("year") if self.form.is_valid() else None
        return int(value) if value else None

    def search(self, queryset: QuerySet[Position], name: str, value: str) -> QuerySet[Position]:
        return queryset.filter(text_q(value.strip(), "name", "part_number", "manufacturer", "position_id", "key"))

    def in_category(self, queryset: QuerySet[Position], name: str, value: str) -> QuerySet[Position]:
        # A first-level category takes in its subcategories: «ic» finds timers and regulators alike.
        return queryset.filter(category_tree_q("category", value))

    def of_customer(self, queryset: QuerySet[Position], name: str, value: Organization) -> QuerySet[Position]:
        return queryset.filter(pk__in=PositionLine.objects.filter(customer=value).values("position"))

    def in_year(self, queryset: QuerySet[Position], name: str, value: str) -> QuerySet[Position]:
        wanted = PositionQuantity.objects.filter(year=int(value), quantity__gt=0).values("position")
        return queryset.filter(pk__in=wanted)
