"""Figures of a version that its pages would otherwise count over every source line on each request: lines and
positions per customer, positions per category and unit, quantities per category, unit and year.

A version's positions and source lines never change once consolidation has saved them (analysts' decisions apply
from the next version), so these are counted once, when the version is saved (``store``), and read from the
version afterwards (``of``). A version saved before they were stored is counted on the fly, as before.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.db.models import Count, Sum

from cityorder.order.models import CityOrder, PositionLine, PositionQuantity

VERSION = 1  # stored figures of another shape are counted again


class Figures(TypedDict):
    version: int
    customers: list[list[int]]  # [customer id, lines, positions], most lines first
    categories: list[list[Any]]  # [category, unit, positions]
    quantities: list[list[Any]]  # [category, unit, year, summed quantity]


def count(order: CityOrder) -> Figures:
    """The figures counted from the version's rows (grouped in the database)."""
    customers = (PositionLine.objects.filter(position__order=order).values("customer")
                 .annotate(lines=Count("pk"), positions=Count("position", distinct=True))
                 .order_by("-lines", "customer").values_list("customer", "lines", "positions"))
    categories = (order.positions.values_list("category", "unit").annotate(n=Count("pk"))
                  .order_by("category", "unit"))
    quantities = (PositionQuantity.objects.filter(position__order=order)
                  .values_list("position__category", "position__unit", "year").annotate(q=Sum("quantity"))
                  .order_by("position__category", "position__unit", "year"))
    return {
        "version": VERSION,
        "customers": [list(row) for row in customers],
        "categories": [list(row) for row in categories],
        "quantities": [[category, unit, year, q or 0.0] for category, unit, year, q in quantities],
    }


def store(order: CityOrder) -> None:
    """Count the version's figures and keep them on it (consolidation calls this once its rows are saved)."""
    order.figures = dict(count(order))
    order.save(update_fields=["figures"])


def of(order: CityOrder) -> Figures:
    """The version's stored figures, or counted now for a version saved without them."""
    stored = order.figures or {}
    if stored.get("version") == VERSION:
        return stored  # type: ignore[return-value]
    return count(order)
