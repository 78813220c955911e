"""The demo battery offset competition: five lots of traction batteries (e-buses, trams, «Москвич» cars, river
transport, light e-vehicles), three demo bidders, bids opened and evaluated, lot 1 awarded with its obligations
under way. Run through the services, as the committee and the bidders would; a second run changes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cityorder.accounts.models import User
from cityorder.accounts.roles import Role
from cityorder.order.models import CityOrder, Position
from cityorder.registry.identifiers import complete_inn10, complete_ogrn13
from cityorder.registry.models import Organization, OrganizationKind
from cityorder.tenders import awarding, services
from cityorder.tenders.models import Better, Bid, Indicator, MilestoneKind, OffsetTender

CODE = "akb-offset-2026"
COMMITTEE = ("committee", "demo-committee-2026")
BIDDERS = [  # username, password, short name, full name
    ("bidder", "demo-bidder-2026", "ООО «Литион (демо)»", "Общество с ограниченной ответственностью «Литион»"),
    ("bidder2", "demo-bidder-2026", "АО «ТягаЭнерго (демо)»", "Акционерное общество «ТягаЭнерго»"),
    ("bidder3", "demo-bidder-2026", "ООО «ВольтПак (демо)»", "Общество с ограниченной ответственностью «ВольтПак»"),
]
YEARS = range(2027, 2034)  # the city buys for seven years
# name, initial maximum price (RUB), quantities by year where the order holds no positions for the lot
LOTS: list[tuple[str, str, dict[int, int] | None]] = [
    ("Тяговые батареи для электробусов", "9800000000", None),
    ("Тяговые батареи для трамваев", "2100000000", {y: 150 + 10 * i for i, y in enumerate(YEARS)}),
    ("Тяговые батареи для автомобилей «Москвич»", "14500000000", {y: 4000 + 1000 * i for i, y in enumerate(YEARS)}),
    ("Тяговые батареи для речного транспорта", "1600000000", {y: 20 + 4 * i for i, y in enumerate(YEARS)}),
    ("Тяговые батареи для лёгкого электротранспорта", "700000000", {y: 6000 + 500 * i for i, y in enumerate(YEARS)}),
]
CRITERIA: list[dict[str, Any]] = [
    {"name": "Цена", "weight": 40, "unit": "руб."},
    {"name": "Инвестиции", "weight": 20, "better": Better.MORE, "indicator": Indicator.INVESTMENT, "unit": "млн руб."},
    {"name": "Локализация", "weight": 15, "better": Better.MORE, "limit": 90, "indicator": Indicator.LOCALIZATION,
     "unit": "баллов"},
    {"name": "Срок запуска", "weight": 10, "better": Better.LESS, "limit": 18, "indicator": Indicator.START_MONTHS,
     "unit": "мес."},
    {"name": "Мощность", "weight": 5, "better": Better.MORE, "indicator": Indicator.CAPACITY, "unit": "шт./год"},
    {"name": "Квалификация", "weight": 10, "better": Better.ASSESSED, "indicator": Indicator.QUALIFICATION},
]
# Per bidder: share of each lot's maximum price offered, investment, localization, months, capacity, points
OFFERS = {
    "bidder": (Decimal("0.91"), 3600, 82, 30, 60000, (70, 80)),
    "bidder2": (Decimal("0.86"), 3100, 75, 36, 45000, (60, 60)),
    "bidder3": (Decimal("0.97"), 4200, 88, 24, 80000, (85, 75)),
}


def _user(username: str, password: str, role: str, organization: Organization) -> User:
    user, _created = User.objects.get_or_create(username=username)
    user.role, user.organization = role, organization
    user.set_password(password)
    user.save()
    return user


def _bidder_org(n: int, short_name: str, full_name: str) -> Organization:
    org, _created = Organization.objects.get_or_create(
        inn=complete_inn10(f"77{n + 9800000:07d}"),
        defaults={"ogrn": complete_ogrn13(f"1267799{n:05d}"), "short_name": short_name, "full_name": full_name,
                  "kind": OrganizationKind.COMPANY, "description": "Демо-участник офсетного конкурса"})
    return org


def demo_users() -> tuple[User, list[User], list[tuple[str, str, str, str]]]:
    department = Organization.objects.filter(kind=OrganizationKind.GOVERNMENT_BODY, short_name="ДИПП Москвы").first()
    department = department or Organization.objects.filter(kind=OrganizationKind.GOVERNMENT_BODY).first()
    committee = _user(*COMMITTEE, Role.TENDER_COMMITTEE, department)  # type: ignore[arg-type]
    bidders = [_user(username, password, Role.BIDDER, _bidder_org(i, short, full))
               for i, (username, password, short, full) in enumerate(BIDDERS, start=1)]
    logins = [(COMMITTEE[0], COMMITTEE[1], str(Role.TENDER_COMMITTEE.label),
               committee.organization.short_name)]  # type: ignore[union-attr]
    logins += [(u.username, BIDDERS[i][1], str(Role.BIDDER.label), u.organization.short_name)  # type: ignore[union-attr]
               for i, u in enumerate(bidders)]
    return committee, bidders, logins


@transaction.atomic
def load_tender_demo() -> list[tuple[str, str, str, str]]:
    """The demo tender and its users; returns their logins (username, password, role, organization)."""
    committee, bidders, logins = demo_users()
    order = CityOrder.objects.filter(published=True).order_by("-published_at").first()
    if order is None or OffsetTender.objects.filter(code=CODE).exists():
        return logins
    now = timezone.now()
    published_at, deadline, opening = now - timedelta(days=75), now - timedelta(days=30), now - timedelta(days=29)
    tender = services.tender_create(
        actor=committee, order=order, code=CODE,
        subject="Офсетный контракт: поставка тяговых аккумуляторных батарей для городского электротранспорта "
                "с созданием производства в Москве",
        publication_at=published_at, questions_until=published_at + timedelta(days=20), bid_deadline=deadline,
        opening_at=opening, evaluation_until=opening + timedelta(days=5), award_at=opening + timedelta(days=10),
        build_years=3, min_investment=Decimal("3000000000"), localization_level=Decimal("70"),
        required_capacity={str(y): 50000 + 10000 * i for i, y in enumerate(YEARS)})
    traction = [p.position_id for p in Position.objects.filter(order=order, name__icontains="тяговой батаре")]
    for name, price, quantities in LOTS:
        picked = traction if quantities is None else []
        if not picked:  # the order holds no traction batteries: the committee enters the lot's volumes
            quantities = quantities or {y: 200 + 20 * i for i, y in enumerate(YEARS)}
        services.lot_add(actor=committee, tender=tender, name=name, max_price=Decimal(price), position_ids=picked,
                         quantities={str(y): q for y, q in (quantities or {}).items()})
    services.criteria_set(actor=committee, tender=tender, criteria=CRITERIA)
    services.tender_publish(actor=committee, tender=tender, now=published_at)
    question = services.question_ask(actor=bidders[1], tender=tender, now=published_at + timedelta(days=3),
                                     text="Засчитываются ли в локализацию ячейки, произведённые в другом регионе "
                                          "России?")
    services.question_answer(actor=committee, question=question, now=published_at + timedelta(days=5),
                             answer="Да: уровень локализации считается по ПП 719 для продукции, произведённой в "
                                    "России; размещение завода — в Москве.")
    for i, user in enumerate(bidders):
        share, investment, localization, months, capacity, _points = OFFERS[user.username]
        for lot in tender.lots.all():
            services.bid_submit(
                actor=user, lot=lot, now=published_at + timedelta(days=10 + i, hours=lot.number),
                values={"Цена": (lot.max_price * share).quantize(Decimal("1")), "Инвестиции": investment,
                        "Локализация": localization, "Срок запуска": months, "Мощность": capacity},
                capacity={y: capacity * (0.5 if y == YEARS[0] else 1) for y in YEARS},
                note="Демо-заявка")
    awarding.tender_open(actor=committee, tender=tender, now=opening)
    qualification = tender.criteria.get(name="Квалификация")
    for bid in Bid.objects.filter(tender=tender).select_related("bidder"):
        username = next(u.username for u in bidders if u.organization_id == bid.bidder_id)
        points = OFFERS[username][5]
        awarding.assessment_enter(actor=committee, bid=bid, criterion=qualification, points=Decimal(sum(points) / 2))
    awarding.tender_evaluate(actor=committee, tender=tender)
    award = awarding.tender_award(actor=committee, lot=tender.lots.get(number=1),
                                  today=(opening + timedelta(days=10)).date())
    land = award.milestones.get(kind=MilestoneKind.LAND)
    awarding.milestone_update(actor=committee, milestone=land, status="done",
                              done_on=(opening + timedelta(days=20)).date(), note="Участок в ОЭЗ «Технополис Москва»")
    return logins
