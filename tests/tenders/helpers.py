"""A published city order with traction batteries, and a tender on it prepared through the services."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cityorder.demand.models import Campaign
from cityorder.order.models import CityOrder, Position
from cityorder.tenders import services
from cityorder.tenders.models import Better, Indicator, OffsetTender

BATTERIES = "battery"
# position id, name, quantities by year
POSITIONS = [
    ("P1", "Батарея тяговая для электробуса 600 В", {"2027": 400, "2028": 500, "2029": 600}),
    ("P2", "Батарея тяговая для электробуса 650 В", {"2027": 100, "2028": 100}),
    ("P3", "Батарея тяговая для трамвая", {"2027": 50, "2028": 60, "2029": 70}),
]
CRITERIA = [
    {"name": "Цена", "weight": 60},
    {"name": "Инвестиции", "weight": 20, "better": Better.MORE, "indicator": Indicator.INVESTMENT, "unit": "млн руб."},
    {"name": "Срок запуска", "weight": 10, "better": Better.LESS, "limit": 12, "indicator": Indicator.START_MONTHS,
     "unit": "мес."},
    {"name": "Опыт", "weight": 10, "better": Better.ASSESSED, "indicator": Indicator.QUALIFICATION},
]


def published_order() -> CityOrder:
    existing = CityOrder.objects.filter(campaign__code="akb-2027").first()
    if existing is not None:
        return existing
    campaign = Campaign.objects.create(code="akb-2027", title="Потребность в АКБ", year_from=2027, year_to=2029)
    order = CityOrder.objects.create(campaign=campaign, number=1, published=True, years=[2027, 2028, 2029])
    for pid, name, quantities in POSITIONS:
        Position.objects.create(order=order, position_id=pid, key=f"key-{pid}", name=name, category=BATTERIES,
                                unit="шт", quantities=quantities, total=sum(quantities.values()))
    Position.objects.create(order=order, position_id="P9", key="key-P9", name="Резистор", category="resistor",
                            unit="шт", quantities={"2027": 1000})
    return order


def prepared_tender(tess: Any, *, now: datetime | None = None, **fields: Any) -> OffsetTender:
    """Two lots (e-buses: P1 + P2; trams: P3), the four criteria; bids accepted for two days, opened on the third."""
    now = now or timezone.now()
    tender = services.tender_create(
        actor=tess, order=published_order(), code="akb-offset", subject="Офсетный контракт на поставку тяговых АКБ",
        bid_deadline=now + timedelta(days=2), opening_at=now + timedelta(days=3), build_years=3,
        min_investment=Decimal("3000000000"), localization_level=Decimal("60"),
        required_capacity={"2028": 5000, "2029": 10000}, **fields)
    services.lot_add(actor=tess, tender=tender, name="Электробусы", max_price=Decimal("1000"),
                     position_ids=["P1", "P2"])
    services.lot_add(actor=tess, tender=tender, name="Трамваи", max_price=Decimal("500"), position_ids=["P3"])
    services.criteria_set(actor=tess, tender=tender, criteria=CRITERIA)
    return tender


def values(price: float, investment: float, months: float) -> dict[str, Any]:
    return {"Цена": price, "Инвестиции": investment, "Срок запуска": months}
