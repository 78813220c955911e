from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from cityorder.substitution.models import CatalogItem


class CatalogTable(tables.Table):
    part_number = tables.Column(verbose_name=_("Part number"))
    manufacturer = tables.Column(verbose_name=_("Manufacturer"))
    name = tables.Column(verbose_name=_("Name"))
    category = tables.Column(verbose_name=_("Category"))
    origin = tables.Column(verbose_name=_("Origin"))
    registry_no = tables.Column(verbose_name=_("Registry entry"))
    source = tables.Column(verbose_name=_("Source"))

    class Meta:
        model = CatalogItem
        fields = ("part_number", "manufacturer", "name", "category", "origin", "registry_no", "source")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "catalog"}
