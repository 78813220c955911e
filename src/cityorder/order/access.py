"""Who may see and change the city order: its versions, positions with their source lines, and the analysts'
decisions on probable matches.

Positions name customers and their raw lines, so the order is the department's; a customer reaches only its own
lines of a published version (order.queries.own_part, through demand.access).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cityorder.accounts.access import is_department
from cityorder.order.models import CityOrder, MatchDecision

if TYPE_CHECKING:
    from cityorder.accounts.access import AnyUser


def can_see_order(user: AnyUser) -> bool:
    """Positions with their customers and source lines are the department's; others see their own part only."""
    return is_department(user)


def can_manage_order(user: AnyUser) -> bool:
    """Consolidating, publishing and deciding probable matches: the department."""
    return is_department(user)


def visible_orders(user: AnyUser) -> QuerySet[CityOrder]:
    """The versions the user may open; for anyone but the department none exists."""
    if not can_see_order(user):
        return CityOrder.objects.none()
    return CityOrder.objects.all()


def visible_decisions(user: AnyUser) -> QuerySet[MatchDecision]:
    """The analysts' same/different decisions, kept across versions: the department's."""
    if not can_see_order(user):
        return MatchDecision.objects.none()
    return MatchDecision.objects.all()
