"""Demo demand: one campaign with two customers' spreadsheets accepted and consolidated into a published version,
and the others still to send theirs — so every page of demand and the order has something real to show."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from cityorder.demand import services
from cityorder.demand.models import Campaign, DemandKind
from cityorder.registry.models import Organization

CODE = "ekb-2026"
YEARS = (2026, 2030)

# (name, part number, manufacturer, unit, quantities 2026..2030)
Row = tuple[str, str, str, str, Sequence[Any]]

MOSGORTRANS: list[Row] = [
    ("Микроконтроллер 32-бит", "STM32F103C8T6", "STMicroelectronics", "шт", (4000, 4500, 5000, 5000, 5500)),
    ("Стабилизатор напряжения 5 В", "L7805CV", "ST", "шт", (12000, 12000, 14000, 15000, 15000)),
    ("Стабилизатор регулируемый", "LM317T", "Texas Instruments", "шт", (3000, 3000, 3500, 3500, 4000)),
    ("Таймер", "NE555P", "TI", "шт", (2000, 2000, 2000, 2500, 2500)),
    ("Резистор 10 кОм 0805 1%", "", "", "шт", ("100 000", "100 000", "120 000", "120 000", "150 000")),
    ("Конденсатор 100 нФ 50 В X7R 0805", "", "", "шт", (200000, 200000, 220000, 240000, 250000)),
    ("Драйвер CAN", "TJA1050T", "NXP", "шт", (4000, 4500, 5000, 5000, 5500)),
    ("Аккумуляторная батарея LiFePO4 12,8 В 100 А·ч", "", "", "шт", (300, 350, 400, 450, 500)),
    # The UPS of the dispatch centres: ДЗМ's «AGM 12 В 7 А·ч» in other words, a pair for the review queue.
    ("Аккумулятор для ИБП 12 В 7 А·ч", "", "", "шт", (150, 150, 150, 200, 200)),
    ("Модуль тяговой батареи 96 В 280 А·ч", "", "", "шт", (120, 150, 180, 200, 220)),
    ("Электробус 12 м", "", "", "шт", (250, 300, 350, 400, 400)),
    ("Зарядная станция ультрабыстрая 150 кВт", "", "", "шт", (40, 60, 80, 80, 100)),
]
HEALTH: list[Row] = [
    ("Таймер NE555", "NE555P", "Texas Instruments", "шт", (500, 500, 600, 600, 700)),
    ("Стабилизатор 5 В", "L7805 CV", "STMicroelectronics", "шт", (1500, 1500, 1500, 2000, 2000)),
    ("Микроконтроллер", "STM32F103C8T6", "ST", "шт", (800, 800, 900, 900, 1000)),
    ("Аккумулятор свинцово-кислотный AGM 12 В 7 А·ч", "", "", "шт", (2400, 2400, 2600, 2600, 2800)),
    ("Аккумуляторная батарея LiFePO4 12.8V 100Ah", "", "", "шт", (60, 60, 80, 80, 100)),
    # Мосгортранс's «Резистор 10 кОм 0805 1%» as a hospital's engineer writes it: probably one need, for review.
    ("Резистор 10к 0805", "", "", "шт", (20000, 20000, 20000, 25000, 25000)),
    ("Операционный усилитель", "LM358DR", "TI", "шт", (3000, 3000, 3000, 3500, 3500)),
]


DEADLINE_IN_DAYS = 21


def load_demand_demo(department_user: Any) -> Campaign | None:
    """The demo campaign, created once (a second run leaves it as it is); None when it already existed."""
    if Campaign.objects.filter(code=CODE).exists():
        return None
    from cityorder.order.services import consolidate_campaign, version_publish
    from cityorder.substitution.demo import load_substitution_demo

    names = ["ГУП «Мосгортранс»", "ДЗМ", "ГКБ № 1 (демо)", "ДЖКХ Москвы", "ГБУ «Жилищник (демо)»", "Дептранс Москвы"]
    customers = {o.short_name: o for o in Organization.objects.filter(short_name__in=names)}
    campaign = services.campaign_create(
        actor=department_user, code=CODE, title="Потребность в ЭКБ и АКБ на 2026–2030 гг.",
        description="Сбор потребности органов власти и подведомственных организаций в электронной компонентной "
                    "базе, аккумуляторных батареях и готовой продукции для формирования городского заказа.",
        year_from=YEARS[0], year_to=YEARS[1], kinds=[k.value for k in DemandKind],
        # Relative to today, so a fresh demo has a campaign still open rather than its customers overdue.
        deadline=timezone.localdate() + datetime.timedelta(days=DEADLINE_IN_DAYS),
        invited=[customers[n] for n in names if n in customers],
    )
    sent = (("ГУП «Мосгортранс»", "Мосгортранс — потребность ЭКБ и АКБ 2026-2030.xlsx", MOSGORTRANS),
            ("ДЗМ", "ДЗМ_сводная_потребность.xlsx", HEALTH))
    for name, file_name, rows in sent:
        services.import_demand(campaign=campaign, customer=customers[name], actor=department_user,
                               files=[(file_name, _workbook(customers[name].short_name, rows))])
    made = consolidate_campaign(campaign, actor=department_user)
    version_publish(actor=department_user, order=made.order)
    load_substitution_demo(made.order)
    return campaign


def _workbook(customer: str, rows: list[Row]) -> bytes:
    """A spreadsheet as customers make them: a title above the header, a section row, quantities with spaces."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Потребность"
    sheet.append([f"Потребность {customer} на {YEARS[0]}–{YEARS[1]} гг."])
    sheet.append([])
    sheet.append(["№ п/п", "Наименование", "Обозначение", "Производитель", "Ед. изм.",
                  *range(YEARS[0], YEARS[1] + 1)])
    sheet.append(["", "Электронные компоненты и аккумуляторы"])
    for n, (name, part, maker, unit, quantities) in enumerate(rows, start=1):
        sheet.append([n, name, part, maker, unit, *quantities])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
