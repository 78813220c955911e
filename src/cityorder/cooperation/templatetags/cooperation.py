"""Filters of the cooperation pages: units by their label, quantities of a year from a JSON of quantities."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from cityorder.engine.bom import format_quantity
from cityorder.order.queries import unit_label

register = template.Library()


@register.filter
def unit(code: str) -> str:
    return unit_label(code)


@register.filter
def qty(value: Any) -> str:
    """A quantity without trailing zeros: 2.500000 → 2.5, 315.0 → 315."""
    if value in (None, ""):
        return "—"
    try:
        return format_quantity(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


@register.filter
def of_year(quantities: dict[str, Any] | None, year: int) -> Any:
    if not quantities:
        return None
    return quantities.get(str(year), quantities.get(year))  # type: ignore[call-overload]


@register.filter
def entry_of(registry: dict[int, Any] | None, item: Any) -> Any:
    """The PP 719 entry (suppliers.catalog_registry_entries) of a catalog item, or None."""
    return registry.get(item.pk) if registry and item is not None else None
