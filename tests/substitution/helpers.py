"""The demo with its substitution data, as the tests of this app start from it."""

from __future__ import annotations

from cityorder.accounts.models import User
from cityorder.demand.demo import load_demand_demo
from cityorder.order.models import CityOrder
from cityorder.registry.demo import load_demo


def demo_order() -> CityOrder:
    load_demo()
    load_demand_demo(User.objects.get(username="analyst"))
    return CityOrder.objects.get(campaign__code="ekb-2026", published=True)
