from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cityorder.registry.forms import FilterForm
from cityorder.substitution.models import CatalogItem, Origin


class CatalogFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    origin = django_filters.ChoiceFilter(label=_("Domestic or foreign"), choices=Origin.choices)
    # A code takes its subcategories with it: «ic» finds «ic.mcu» and «ic.timer».
    category = django_filters.CharFilter(label=_("Category code"), lookup_expr="startswith")

    class Meta:
        model = CatalogItem
        fields = ["origin", "category"]
        form = FilterForm

    def search(self, queryset: QuerySet[CatalogItem], name: str, value: str) -> QuerySet[CatalogItem]:
        return queryset.filter(Q(part_number__icontains=value) | Q(name__icontains=value)
                               | Q(manufacturer__icontains=value) | Q(registry_no__icontains=value))
