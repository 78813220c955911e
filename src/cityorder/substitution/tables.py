from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cityorder.substitution.models import CatalogItem
from cityorder.web.tables import Table

REGISTRY_SOURCE = "registry"  # services.REGISTRY_SOURCE: items kept in step with the registry's products
TENDER_SOURCE = "tender:"  # tenders.awarding: the product of an awarded bid, «tender:<code>»


class CatalogTable(Table):
    part_number = tables.Column(verbose_name=_("Part number"))
    manufacturer = tables.Column(verbose_name=_("Manufacturer"))
    name = tables.Column(verbose_name=_("Name"))
    category = tables.Column(verbose_name=_("Category"))
    origin = tables.Column(verbose_name=_("Domestic or foreign"))
    registry_no = tables.Column(verbose_name=_("Registry entry"), empty_values=())  # an entry found by INN alone
    capacities = tables.Column(verbose_name=_("Capacity by year"), orderable=False)
    readiness_year = tables.Column(verbose_name=_("Available from"))
    source = tables.Column(verbose_name=_("Source"))

    class Meta:
        model = CatalogItem
        fields = ("part_number", "manufacturer", "name", "category", "origin", "registry_no", "capacities",
                  "readiness_year", "source")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "catalog"}

    def __init__(self, *args: Any, category_names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category_names = category_names
        self.registry: dict[int, Any] = {}  # item id -> RegistryStatus of the shown page, set by the view

    def render_registry_no(self, record: CatalogItem, value: str) -> Any:
        entry = self.registry.get(record.pk)
        if entry is None:
            return value or "—"
        return render_to_string("substitution/_registry_entry.html", {"entry": entry})

    def render_category(self, value: str) -> Any:
        # The category's name in the reader's language; its code (battery.lfp) only in the tooltip.
        label = self.category_names.get(value)
        return format_html('<span title="{}">{}</span>', value, label) if label else value

    def render_source(self, value: str) -> Any:
        if value == REGISTRY_SOURCE:
            return _("registry")
        if value.startswith(TENDER_SOURCE):  # an awarded bid's product: tenders.awarding names the tender
            return _("tender %(code)s") % {"code": value.removeprefix(TENDER_SOURCE)}
        return value

    def render_origin(self, record: CatalogItem) -> Any:
        css = "text-bg-success" if record.origin == "domestic" else "text-bg-light border"
        return format_html('<span class="badge {}">{}</span>', css, record.get_origin_display())

    def render_capacities(self, value: dict[str, Any]) -> Any:
        # The first and the last declared year in the cell; every year in its tooltip.
        years = [(year, _quantity(quantity)) for year, quantity in sorted(value.items()) if quantity]
        if not years:
            return "—"
        every = ", ".join(f"{year}: {quantity}" for year, quantity in years)
        shown = years if len(years) < 3 else [years[0], years[-1]]
        return format_html('<span class="text-nowrap" title="{}">{}</span>', every,
                           " → ".join(f"{year}: {quantity}" for year, quantity in shown))


def _quantity(value: Any) -> str:
    number = float(value)
    text = f"{number:,.0f}" if number.is_integer() else f"{number:,.3f}".rstrip("0")
    return text.replace(",", "\u00a0")
