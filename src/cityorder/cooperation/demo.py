"""Demo cooperation projects of the EV cluster: the e-bus plant (600 a year from 2027, a 240 kWh traction battery of
LTO modules with NMC as the alternate, traction motor, inverter), its pantograph charging station, the e-van on a UAZ
base and the domestic battery pack, with suppliers from the demo cluster's members and a few gaps.

BOMs go in as spreadsheets through the same import as a coordinator's; the e-bus is exploded into the demo
campaign through the same job. Localization tables are illustrative, not the Decree's values, and say so.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from cityorder.cooperation import services
from cityorder.cooperation.models import (
    AssignmentStatus,
    LocalizationItem,
    LocalizationThreshold,
    ParticipantRole,
    Project,
    SourcingMode,
)
from cityorder.demand.models import Campaign, CampaignStatus
from cityorder.registry.models import Cluster, Organization, Product
from cityorder.substitution.models import CatalogItem, Origin

ILLUSTRATIVE = "Демонстрационные баллы, не значения постановления № 719."
HEADER = ["Уровень", "Обозначение", "Наименование", "Кол-во на ед.", "Ед. изм.", "Потери, %", "Аналоги", "Примечание"]

# level, part number, name, qty per parent, unit, attrition %, alternates, note
EBUS_BOM: list[tuple[Any, ...]] = [
    (1, "ЭБ-КУЗ-12", "Кузов с шасси 12 м", 1, "шт", None, "", ""),
    (2, "ЭБ-КАРКАС-12", "Каркас кузова сварной", 1, "шт", None, "", "разрыв: нет отечественного поставщика в кластере"),
    (2, "АТ-КС-01", "Пластиковые детали салона (комплект)", 1, "компл", 3, "", ""),
    (2, "СТ-Ф-01", "Светодиодная фара", 2, "шт", None, "", ""),
    (1, "ТБ-240-LTO", "Тяговая батарея 240 кВт·ч", 1, "шт", None, "ТБ-240-NMC", "модули LTO или NMC"),
    (2, "МОД-LTO-24", "Модуль LTO 24 кВт·ч", 10, "шт", None, "МОД-NMC-24", ""),
    (3, "LTO-66160", "Ячейка литий-титанатная 2,3 В 40 А·ч", 264, "шт", 2, "", ""),
    (3, "БМС-16S", "Система управления батареей", 1, "шт", None, "", ""),
    (3, "СЮ-ДТ-01", "Датчик температуры цифровой", 8, "шт", 1, "", ""),
    (2, "ДП-ДТХ-500", "Датчик тока на эффекте Холла 500 А", 2, "шт", None, "", ""),
    (2, "КС-ЖВ-01", "Жгут высоковольтный", 1, "компл", None, "", ""),
    (1, "ЭСД-200", "Электродвигатель тяговый 200 кВт", 1, "шт", None, "ПТ-ТЭП-150", ""),
    (1, "ИНМ-400", "Тяговый инвертор 400 кВт", 1, "шт", None, "", ""),
    (2, "СМ-IGBT-1200-450", "IGBT-модуль 1200 В 450 А", 6, "шт", 2, "", ""),
    (2, "ППМ-6", "Печатная плата 6-слойная", 2, "шт", 5, "", ""),
    (2, "STM32F103C8T6", "Микроконтроллер 32-бит", 1, "шт", 1, "", ""),
    (2, "L7805CV", "Стабилизатор напряжения 5 В", 2, "шт", 1, "", ""),
    (2, "TMS320F28379D", "Сигнальный процессор управления двигателем", 1, "шт", None, "", "разрыв"),
    (1, "БС-БК-01", "Бортовой контроллер электробуса", 1, "шт", None, "", ""),
    (1, "ЧМИ-ПП-12", "Панель приборов цифровая 12\"", 1, "шт", None, "", ""),
    (1, "ПНТ-ТП-01", "Токоприёмник-пантограф", 1, "шт", None, "", "разрыв"),
    (1, "ВВГ-3x35", "Кабель силовой", 45, "м", 10, "", ""),
]
CHARGER_BOM: list[tuple[Any, ...]] = [
    (1, "ЗТ-ЭЗС-150", "Силовой модуль зарядной станции 150 кВт", 3, "шт", None, "", ""),
    (1, "ПНТ-МАЧТА-01", "Мачта с опускаемым пантографом", 1, "шт", None, "", "разрыв"),
    (1, "РЭ-CCS2", "Разъём силовой зарядный CCS2", 1, "шт", None, "", ""),
    (1, "МЭЗ-32F103", "Микроконтроллер 32-разрядный", 2, "шт", None, "", ""),
]
EVAN_BOM: list[tuple[Any, ...]] = [
    (1, "УАЗ-ШАССИ-ЭФ", "Шасси УАЗ, подготовленное под электропривод", 1, "шт", None, "", "разрыв в кластере"),
    (1, "ПТ-ТЭП-150", "Тяговый электропривод 150 кВт", 1, "шт", None, "", ""),
    (1, "АКБ-ЭФ-60", "Тяговая батарея 60 кВт·ч", 1, "шт", None, "", "собственный проект кластера"),
    (1, "БС-БК-01", "Бортовой контроллер", 1, "шт", None, "", ""),
    (1, "РЭ-CCS2", "Разъём силовой зарядный CCS2", 1, "шт", None, "", ""),
]
PACK_BOM: list[tuple[Any, ...]] = [
    (1, "ЯТ-LFP-280", "Ячейка LiFePO4 3,2 В 280 А·ч", 64, "шт", 1, "", ""),
    (1, "БМС-16S", "Система управления батареей", 4, "шт", None, "", ""),
    (1, "СЮ-ДТ-01", "Датчик температуры цифровой", 16, "шт", None, "", ""),
    (1, "АКБ-КОРПУС-60", "Корпус батареи алюминиевый", 1, "шт", None, "", "разрыв"),
]

# (product kind, code, title, points, categories) — illustrative, see ILLUSTRATIVE
LOCALIZATION: list[tuple[str, str, str, int, str]] = [
    ("bus", "welding", "Сварка и окраска кузова", 400, ""),
    ("bus", "assembly", "Сборка электробуса", 300, ""),
    ("bus", "battery", "Тяговая батарея", 1000, "battery,module"),
    ("bus", "motor", "Тяговый электродвигатель", 500, "drive"),
    ("bus", "inverter", "Тяговый инвертор и силовая электроника", 400, "power,semi.power_module"),
    ("bus", "electronics", "Бортовая электроника и микросхемы", 300, "ic,pcb"),
    ("bus", "sensors", "Датчики", 100, "sensor"),
    ("bus", "lighting", "Светотехника", 100, "semi.led"),
    ("van", "assembly", "Сборка электрофургона", 300, ""),
    ("van", "drive", "Тяговый электропривод", 600, "drive"),
    ("van", "electronics", "Бортовая электроника", 300, "module,connector"),
    ("battery", "assembly", "Сборка батареи", 300, ""),
    ("battery", "cells", "Ячейки", 1200, "battery"),
    ("battery", "bms", "Система управления батареей", 400, "module,sensor"),
    ("charging_station", "assembly", "Сборка зарядной станции", 300, ""),
    ("charging_station", "power", "Силовые модули", 700, "product.charger,power"),
    ("charging_station", "control", "Управление", 200, "ic"),
]
# Demo unit prices of the e-bus's domestic parts, RUB (invented), where the catalog has none: the cost shares.
PRICES = {"ЭСД-200": Decimal("1800000"), "СМ-IGBT-1200-450": Decimal("95000"), "ППМ-6": Decimal("12000"),
          "БС-БК-01": Decimal("240000"), "ДП-ДТХ-500": Decimal("9000"), "СЮ-ДТ-01": Decimal("450"),
          "ИНМ-400": Decimal("2100000"), "ЧМИ-ПП-12": Decimal("85000"), "КС-ЖВ-01": Decimal("160000")}
# Invented PP 719 registry entries of some demo suppliers (registry number, supplier, product, entered, valid
# until): the IGBT maker enters the registry in 2027, the current sensors' conclusion ends in 2027, the LTO cells
# have none, so the points show what is still missing year by year.
GISP_ENTRIES = [
    ("10900001", "Электросила Драйв", "Электродвигатели тяговые (демо)", "01.02.2025", "31.12.2030"),
    ("10900002", "Печатные платы Москвы", "Платы печатные многослойные (демо)", "01.02.2025", "31.12.2030"),
    ("10900003", "Бортовые системы", "Контроллеры бортовые (демо)", "01.02.2025", "31.12.2029"),
    ("10900004", "Союз", "Датчики температуры (демо)", "01.02.2025", "31.12.2030"),
    ("10900005", "ДатчикПром", "Датчики тока (демо)", "01.02.2025", "31.12.2027"),
    ("10900006", "Ячейка-Т", "Ячейки LiFePO4 (демо)", "01.02.2025", "31.12.2032"),
    ("10900007", "БМС Системы", "Системы управления батареей (демо)", "01.02.2025", "31.12.2030"),
    ("10900008", "Силовые модули", "Модули IGBT (демо)", "15.03.2027", "31.12.2031"),
]
THRESHOLDS = {"bus": {2026: 1800, 2027: 2400, 2028: 2900, 2029: 2900, 2030: 2900},
              "van": {2027: 600, 2028: 900, 2029: 1200, 2030: 1200},
              "battery": {2026: 900, 2027: 1200, 2028: 1600, 2029: 1900, 2030: 1900},
              "charging_station": {2027: 500, 2028: 800, 2029: 1000, 2030: 1000}}


def _workbook(title: str, rows: list[tuple[Any, ...]]) -> bytes:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Спецификация"
    sheet.append([title])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _org(stem: str) -> Organization:
    return Organization.objects.get(short_name__contains=stem)


def load_cooperation_demo(coordinator: Any, campaign_code: str = "ekb-2026") -> Project | None:
    """The demo projects, created once (a second run leaves them); None when they already existed."""
    if Project.objects.filter(code="ebus-600").exists():
        return None
    _localization_tables()
    _registry_entries()
    for part_number, price in PRICES.items():
        CatalogItem.objects.filter(part_number=part_number, origin=Origin.DOMESTIC, price__isnull=True).update(
            price=price)
    ev = Cluster.objects.get(code="ev")
    ebus_product = Product.objects.filter(part_number="ЭБС-12").first()
    pack = _project(coordinator, ev, "battery-pack", "Отечественная тяговая батарея 60 кВт·ч", "battery",
                    "Тяговая батарея LiFePO4 60 кВт·ч", PACK_BOM,
                    {2026: 300, 2027: 1200, 2028: 2500, 2029: 3000, 2030: 3000},
                    [("Литий-Энерго", ParticipantRole.INTEGRATOR), ("Ячейка-Т", ParticipantRole.SUPPLIER),
                     ("БМС Системы", ParticipantRole.SUPPLIER), ("НИИ Электротранспорта", ParticipantRole.DEVELOPER)])
    ebus = _project(coordinator, ev, "ebus-600", "Завод электробусов: 600 машин в год с 2027 года", "bus",
                    "Электробус 12 м", EBUS_BOM, {2026: 150, 2027: 600, 2028: 600, 2029: 600, 2030: 600},
                    [("Электробус Сборка", ParticipantRole.INTEGRATOR), ("Литий-Энерго", ParticipantRole.SUPPLIER),
                     ("Электросила Драйв", ParticipantRole.SUPPLIER), ("Инвертор-М", ParticipantRole.SUPPLIER),
                     ("НИИ Электротранспорта", ParticipantRole.DEVELOPER),
                     ("Стенд-Испытания", ParticipantRole.TEST_SITE)], product=ebus_product)
    _project(coordinator, ev, "ebus-charger", "Пантографная зарядная станция для электробусов", "charging_station",
             "Пантографная зарядная станция 450 кВт", CHARGER_BOM, {2027: 60, 2028: 60, 2029: 40, 2030: 40},
             [("Зарядные технологии", ParticipantRole.INTEGRATOR), ("Разъём-Электро", ParticipantRole.SUPPLIER)])
    evan = _project(coordinator, ev, "evan-uaz", "Электрофургон на базе УАЗ", "van", "Электрофургон УАЗ",
                    EVAN_BOM, {2027: 200, 2028: 1000, 2029: 1500, 2030: 1500},
                    [("ЭлектроТранс Инжиниринг", ParticipantRole.INTEGRATOR),
                     ("Приводная техника", ParticipantRole.SUPPLIER)])
    version = evan.bom_versions.get()
    services.bom_item_link_subproject(actor=coordinator, item=version.items.get(part_number="АКБ-ЭФ-60"),
                                      subproject=pack)
    _assign(coordinator, ebus, [
        ("ЭСД-200", "Электросила Драйв", AssignmentStatus.AGREED),
        ("СМ-IGBT-1200-450", "Силовые модули", AssignmentStatus.NEGOTIATING),
        ("ППМ-6", "Печатные платы Москвы", AssignmentStatus.AGREED),
        ("БС-БК-01", "Бортовые системы", AssignmentStatus.AGREED),
        ("ДП-ДТХ-500", "ДатчикПром", AssignmentStatus.PROPOSED),
        ("СЮ-ДТ-01", "Союз", AssignmentStatus.AGREED),
        ("LTO-66160", "Литий-Энерго", AssignmentStatus.NEGOTIATING),
    ])
    _assign(coordinator, pack, [("ЯТ-LFP-280", "Ячейка-Т", AssignmentStatus.AGREED),
                                ("БМС-16S", "БМС Системы", AssignmentStatus.AGREED)])
    campaign = Campaign.objects.filter(code=campaign_code, status=CampaignStatus.OPEN).first()
    if campaign is not None:
        from cityorder.jobs.services import job_run

        job = services.explosion_start(actor=coordinator, project=ebus, campaign=campaign)
        job_run(job.pk)  # at once, so the demo shows it; the queued copy finds the job done and does nothing
    return ebus


def _registry_entries() -> None:
    """Through the same import as GISP's file, from a CSV made here."""
    lines = ["ИНН;ОГРН;Наименование организации;Реестровый номер;Дата внесения в реестр;Наименование продукции;"
             "Срок действия"]
    for number, stem, product, entered, until in GISP_ENTRIES:
        org = _org(stem)
        lines.append(f"{org.inn};{org.ogrn};{org.short_name};{number};{entered};{product};{until}")
    services.industrial_registry_import(actor=None, name="демо-реестр-пп719.csv",
                                        data="\n".join(lines).encode("utf-8"))


def _localization_tables() -> None:
    for kind, code, title, points, categories in LOCALIZATION:
        LocalizationItem.objects.update_or_create(product_kind=kind, code=code, defaults={
            "title": title, "points": points, "categories": categories, "note": ILLUSTRATIVE})
    for kind, years in THRESHOLDS.items():
        for year, points in years.items():
            LocalizationThreshold.objects.update_or_create(product_kind=kind, year=year, defaults={"points": points})


def _project(coordinator: Any, cluster: Cluster, code: str, title: str, kind: str, product_name: str,
             rows: list[tuple[Any, ...]], plan: dict[int, int], participants: list[tuple[str, str]],
             product: Product | None = None) -> Project:
    project = services.project_open(actor=coordinator, cluster=cluster, code=code, title=title, product=product,
                                    product_name=product_name, product_kind=kind,
                                    description="Демонстрационный проект кооперации кластера.")
    for stem, role in participants:
        services.participant_add(actor=coordinator, project=project, organization=_org(stem), role=role)
    services.bom_import(actor=coordinator, project=project, name=f"{code}.xlsx", data=_workbook(title, rows),
                        note="демо")
    services.plan_set(actor=coordinator, project=project, plan=plan)
    return project


def _assign(coordinator: Any, project: Project, rows: list[tuple[str, str, str]]) -> None:
    version = project.bom_versions.get()
    for part_number, stem, status in rows:
        item = version.items.get(part_number=part_number)
        organization = _org(stem)
        product = organization.products.filter(part_number=part_number).first()
        services.assignment_set(actor=coordinator, project=project, key=item.key, organization=organization,
                                product=product, mode=SourcingMode.BUY, status=status)
