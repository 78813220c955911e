from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cityorder.order import queries
from cityorder.order.models import Position
from cityorder.web.tables import Table

_ATTRS = {"class": "table table-hover table-sm align-middle"}
_NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}


def quantity(value: Any) -> str:
    """A quantity as the page shows it: grouped thousands, decimals only when there are some, «—» for none."""
    if not value:
        return "—"
    return str(floatformat(value, "-3g"))


class QuantityColumn(tables.Column):
    """One year's quantity, annotated by queries.positions_of so it sorts in SQL."""

    def __init__(self, year: int) -> None:
        super().__init__(verbose_name=str(year), accessor=queries.quantity_key(year), attrs=_NUMBER,
                         empty_values=(), order_by=(queries.quantity_key(year), "position_id"))

    def render(self, value: Any) -> str:
        return quantity(value)


class PositionTable(Table):
    position_id = tables.Column(verbose_name=_("Position"), linkify=lambda record: record.get_absolute_url(),
                                attrs={"td": {"class": "text-nowrap font-monospace small"}})
    name = tables.Column(verbose_name=_("Name"))
    part_number = tables.Column(verbose_name=_("Part number"))
    manufacturer = tables.Column(verbose_name=_("Manufacturer"))
    category = tables.Column(verbose_name=_("Category"))
    unit = tables.Column(verbose_name=_("Unit"))
    total = tables.Column(verbose_name=_("Total"), attrs=_NUMBER)
    customers = tables.Column(verbose_name=_("Customers"), attrs=_NUMBER)
    lines = tables.Column(verbose_name=_("Lines"), attrs=_NUMBER)

    class Meta:
        model = Position
        fields = ("position_id", "name", "part_number", "manufacturer", "category", "unit")
        sequence = ("position_id", "name", "part_number", "manufacturer", "category", "unit", "...", "total",
                    "customers", "lines")
        attrs = {**_ATTRS, "id": "positions"}
        order_by = ("-total", "position_id")

    def __init__(self, *args: Any, years: Iterable[int] = (), **kwargs: Any) -> None:
        extra = [(queries.quantity_key(y), QuantityColumn(y)) for y in years]
        super().__init__(*args, extra_columns=extra, **kwargs)

    def render_category(self, value: str) -> str:
        return format_html('<span title="{}">{}</span>', value, queries.category_label(value))

    def render_unit(self, value: str) -> str:
        return queries.unit_label(value)

    def render_total(self, value: float) -> str:
        return quantity(value)
