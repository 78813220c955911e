# ruff: noqa: E501  (a table of demo data reads better unwrapped)
"""Demo data built from the public facts in DESIGN.md.

Real organizations named in public news keep their names, with generated identifiers and a note
that their details are demo values; invented organizations say «(демо)» in their names. All INNs
and OGRNs are checksum-valid, generated from a fixed sequence so that loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from cityorder.accounts.models import User
from cityorder.accounts.roles import Role
from cityorder.registry.identifiers import complete_inn10, complete_ogrn13
from cityorder.registry.models import (
    Capacity,
    Category,
    Cluster,
    Competency,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Product,
    ProductStatus,
    Residency,
    Site,
    Unit,
)
from cityorder.registry.reference import reference_data_ensure

DEMO_NOTE = "Реквизиты демонстрационные: организация названа в открытых источниках, ИНН и ОГРН условные."
SITES = ("Печатники", "Алабушево", "Руднево", "Зеленоград", "Старое Крюково")
YEARS = range(2025, 2031)


@dataclass
class OrgSpec:
    short_name: str
    full_name: str
    kind: str = OrganizationKind.COMPANY
    competencies: tuple[str, ...] = ()
    site: str | None = None
    real: bool = False
    description: str = ""
    parent: str | None = None
    products: list[ProductSpec] = field(default_factory=list)


@dataclass
class ProductSpec:
    name: str
    part_number: str
    category: str
    unit: str = Unit.PIECE
    status: str = ProductStatus.SERIAL
    ready: datetime.date | None = None
    capacity: tuple[int, ...] = ()  # by year 2025..2030


DEPARTMENT = OrgSpec(
    "ДИПП Москвы", "Департамент инвестиционной и промышленной политики города Москвы",
    kind=OrganizationKind.GOVERNMENT_BODY, real=True,
)

# The department's office that runs the EV cluster day to day; the coordinator demo user works there.
CLUSTER_OFFICE = OrgSpec(
    "Дирекция кластеров ДИПП (демо)", "Дирекция промышленных кластеров Департамента инвестиционной и промышленной "
    "политики города Москвы (демо)", kind=OrganizationKind.SUBORDINATE, parent="ДИПП Москвы",
    description="Координирует кластер электромобилестроения: участники, компетенции, проекты кооперации.",
)
# Its identifiers are taken from the end of the demo sequence, so that adding it moved no other organization.
CLUSTER_OFFICE_NUMBER = 900

CUSTOMERS = [
    OrgSpec("Дептранс Москвы", "Департамент транспорта и развития дорожно-транспортной инфраструктуры города Москвы",
            kind=OrganizationKind.GOVERNMENT_BODY, real=True),
    OrgSpec("ГУП «Мосгортранс»", "Государственное унитарное предприятие города Москвы «Мосгортранс»",
            kind=OrganizationKind.SUBORDINATE, real=True, parent="Дептранс Москвы",
            description="Транспортное предприятие: электробусы, зарядная инфраструктура."),
    OrgSpec("ДЗМ", "Департамент здравоохранения города Москвы", kind=OrganizationKind.GOVERNMENT_BODY, real=True),
    OrgSpec("ГКБ № 1 (демо)", "ГБУЗ «Городская клиническая больница № 1 (демо)»",
            kind=OrganizationKind.SUBORDINATE, parent="ДЗМ"),
    OrgSpec("ДЖКХ Москвы", "Департамент жилищно-коммунального хозяйства города Москвы",
            kind=OrganizationKind.GOVERNMENT_BODY, real=True),
    OrgSpec("ГБУ «Жилищник (демо)»", "Государственное бюджетное учреждение «Жилищник района (демо)»",
            kind=OrganizationKind.SUBORDINATE, parent="ДЖКХ Москвы"),
]

EV_NAMED = [
    OrgSpec("ООО «Приводная техника»", "Общество с ограниченной ответственностью «Приводная техника»",
            competencies=("electric-drives", "power-electronics"), real=True,
            products=[ProductSpec("Тяговый электропривод 150 кВт", "ПТ-ТЭП-150", "drive",
                                  ready=datetime.date(2025, 3, 1), capacity=(300, 800, 1500, 2500, 3000, 3000))]),
    OrgSpec("Дизайн-центр «Союз»", "Акционерное общество «Дизайн-центр «Союз»",
            competencies=("sensors", "signal-processing", "microassemblies", "microelectronics"),
            site="Зеленоград", real=True,
            products=[
                ProductSpec("Датчик температуры цифровой", "СЮ-ДТ-01", "sensor",
                            ready=datetime.date(2024, 6, 1), capacity=(50000, 120000, 200000, 250000, 250000, 250000)),
                ProductSpec("Микросборка системы обработки сигналов", "СЮ-МСБ-12", "module",
                            ready=datetime.date(2026, 1, 1), status=ProductStatus.PILOT,
                            capacity=(0, 5000, 20000, 40000, 60000, 60000)),
            ]),
    OrgSpec("ООО «Аддитивные технологии»", "Общество с ограниченной ответственностью «Аддитивные технологии»",
            competencies=("plastic-parts", "body-interior"), real=True,
            products=[ProductSpec("Пластиковые детали салона (комплект)", "АТ-КС-01", "material", unit=Unit.SET,
                                  capacity=(2000, 5000, 8000, 10000, 10000, 10000))]),
    OrgSpec("АО «Московский автомобильный завод «Москвич»", "Акционерное общество «Московский автомобильный завод «Москвич»",
            competencies=("electric-vehicles",), real=True,
            products=[ProductSpec("Электромобиль «Москвич 3е»", "МСК-3Е", "product.ev",
                                  ready=datetime.date(2023, 11, 1), capacity=(5000, 10000, 20000, 30000, 40000, 50000))]),
]

# Invented EV cluster members: (short name stem, competencies, product or None)
EV_INVENTED: list[tuple[str, tuple[str, ...], ProductSpec | None]] = [
    ("Литий-Энерго", ("batteries",), ProductSpec("Тяговая батарея LiFePO4 600 В 280 А·ч", "LE-LFP-600-280", "battery.lfp",
                                                ready=datetime.date(2026, 6, 1), capacity=(0, 300, 900, 1500, 2000, 2400))),
    ("АККУМ-Тех", ("batteries",), ProductSpec("Аккумуляторная батарея LiFePO4 12,8 В 100 А·ч", "AT-LFP-12-100",
                                             "battery.lfp", capacity=(2000, 5000, 10000, 15000, 20000, 20000))),
    ("Электросила Драйв", ("electric-drives", "power-units"), ProductSpec("Электродвигатель тяговый 200 кВт", "ЭСД-200",
                                                                        "drive", capacity=(100, 400, 800, 1200, 1500, 1500))),
    ("Силовые модули", ("power-electronics",), ProductSpec("IGBT-модуль 1200 В 450 А", "СМ-IGBT-1200-450",
                                                         "semi.power_module", status=ProductStatus.PILOT,
                                                         ready=datetime.date(2027, 1, 1),
                                                         capacity=(0, 0, 2000, 6000, 10000, 12000))),
    ("Инвертор-М", ("power-electronics", "power-units"), ProductSpec("Тяговый инвертор 400 кВт", "ИНМ-400", "power",
                                                                   capacity=(50, 200, 500, 800, 1000, 1000))),
    ("Бортовые системы", ("on-board-systems",), ProductSpec("Бортовой контроллер электробуса", "БС-БК-01", "module",
                                                           capacity=(500, 1500, 3000, 3000, 3000, 3000))),
    ("Телематика Авто", ("on-board-systems", "software"), None),
    ("ЧМИ Системы", ("interface-elements",), ProductSpec("Панель приборов цифровая 12\"", "ЧМИ-ПП-12", "module",
                                                        capacity=(1000, 3000, 6000, 8000, 8000, 8000))),
    ("Кнопка-Про", ("interface-elements",), None),
    ("Кузовные решения", ("body-interior", "composites"), None),
    ("Композит-Авто", ("composites",), None),
    ("ПолиДеталь", ("plastic-parts",), None),
    ("Салон-Комфорт", ("body-interior",), None),
    ("Микроэлектроника Зеленограда", ("microelectronics",),
     ProductSpec("Микроконтроллер 32-разрядный", "МЭЗ-32F103", "ic.mcu", status=ProductStatus.PILOT,
                 ready=datetime.date(2027, 6, 1), capacity=(0, 0, 100000, 400000, 800000, 1000000))),
    ("Силовая микроэлектроника", ("microelectronics", "power-electronics"),
     ProductSpec("Стабилизатор напряжения 5 В 1,5 А", "СМЭ-1142ЕН5", "ic.regulator",
                 capacity=(200000, 400000, 600000, 800000, 800000, 800000))),
    ("ДатчикПром", ("sensors",), ProductSpec("Датчик тока на эффекте Холла 500 А", "ДП-ДТХ-500", "sensor",
                                            capacity=(10000, 30000, 50000, 60000, 60000, 60000))),
    ("Зарядные технологии", ("charging-stations", "power-electronics"),
     ProductSpec("Быстрая зарядная станция 150 кВт", "ЗТ-ЭЗС-150", "product.charger",
                 capacity=(100, 300, 600, 900, 1200, 1200))),
    ("ЭЗС-Сервис", ("charging-stations",), ProductSpec("Ночная зарядная станция 40 кВт", "ЭЗС-40", "product.charger",
                                                      capacity=(300, 600, 1000, 1200, 1200, 1200))),
    ("Кабельные сборки", ("on-board-systems",), ProductSpec("Жгут высоковольтный", "КС-ЖВ-01", "connector",
                                                          unit=Unit.SET, capacity=(1000, 3000, 5000, 5000, 5000, 5000))),
    ("Разъём-Электро", ("interface-elements",), ProductSpec("Разъём силовой зарядный CCS2", "РЭ-CCS2", "connector",
                                                          capacity=(5000, 10000, 20000, 30000, 30000, 30000))),
    ("Теплообмен ЭМ", ("power-units",), None),
    ("ЭлектроТранс Инжиниринг", ("electric-vehicles",), None),
    ("Электробус Сборка", ("electric-vehicles",), ProductSpec("Электробус 12 м", "ЭБС-12", "product.ebus",
                                                            ready=datetime.date(2026, 9, 1),
                                                            capacity=(0, 100, 300, 600, 600, 600))),
    ("Стенд-Испытания", ("testing-certification",), None),
    ("ПО Транспорт", ("software",), None),
    ("Ячейка-Т", ("batteries",), ProductSpec("Ячейка LiFePO4 3,2 В 280 А·ч", "ЯТ-LFP-280", "battery.lfp",
                                            status=ProductStatus.DEVELOPMENT, ready=datetime.date(2028, 1, 1),
                                            capacity=(0, 0, 0, 50000, 150000, 300000))),
    ("БМС Системы", ("batteries", "microelectronics"), ProductSpec("Система управления батареей", "БМС-16S", "module",
                                                                 capacity=(2000, 6000, 10000, 12000, 12000, 12000))),
    ("Оптика Авто", ("on-board-systems",), None),
    ("Печатные платы Москвы", ("microelectronics",), ProductSpec("Печатная плата 6-слойная", "ППМ-6", "pcb",
                                                               capacity=(20000, 40000, 60000, 80000, 80000, 80000))),
    ("Конденсатор-М", ("microelectronics",), ProductSpec("Конденсатор керамический 100 нФ 50 В X7R 0603",
                                                        "КМ-0603-104-50", "passive.capacitor",
                                                        capacity=(1000000, 3000000, 5000000, 8000000, 8000000,
                                                                  8000000))),
    ("Резистор-Тех", ("microelectronics",), ProductSpec("Резистор 10 кОм 0805 1%", "РТ-0805-103-1", "passive.resistor",
                                                       capacity=(2000000, 5000000, 8000000, 10000000, 10000000,
                                                                 10000000))),
    ("НИИ Электротранспорта", ("electric-drives", "batteries", "testing-certification"), None),
    ("Светотехника ЭМ", ("interface-elements",), ProductSpec("Светодиодная фара", "СТ-Ф-01", "semi.led",
                                                           capacity=(2000, 6000, 10000, 10000, 10000, 10000))),
    ("Шасси-Про", ("body-interior",), None),
    ("АКБ Сервис", ("batteries",), None),
    ("Инжиниринг кластера", ("software", "testing-certification"), None),
]

PHOTONICS = [
    OrgSpec("АО «ЗНТЦ»", "Акционерное общество «Зеленоградский нанотехнологический центр»",
            competencies=("photonic-ics", "microelectronics"), site="Зеленоград", real=True,
            description="Завод фотонных интегральных схем, серийный выпуск с 2024 года.",
            products=[ProductSpec("Фотонная интегральная схема (приёмопередатчик)", "ЗНТЦ-ФИС-01", "ic.photonic",
                                  ready=datetime.date(2024, 1, 1),
                                  capacity=(20000, 50000, 100000, 150000, 200000, 200000))]),
]
PHOTONICS_INVENTED = [
    "Фотоника Лаб", "Лазерные системы", "Оптоволокно-М", "Фотодетектор", "Оптический модуль", "Квант-Оптика",
    "Интегральная фотоника", "Лидар Технологии", "Свет-Сенсор", "Оптолинк", "Фотон-Про", "Нанооптика",
    "Волоконные лазеры", "ФотоМетрология",
]
PHARMA_INVENTED = [
    "Фарм-Синтез", "БиоМед-Москва", "Субстанция-Про", "Вакцина-Тех", "Генерик-Фарм", "МедИзделия",
    "Фармацевтический завод", "БиоТехнологии", "Лекарства Столицы",
]

PASSWORDS = {
    "admin": ("demo-admin-2026", Role.ADMIN),
    "analyst": ("demo-analyst-2026", Role.ANALYST),
    "mosgortrans": ("demo-customer-2026", Role.CUSTOMER),
    "hospital": ("demo-customer-2026", Role.CUSTOMER),
    "battery": ("demo-maker-2026", Role.MANUFACTURER),
    "coordinator": ("demo-coordinator-2026", Role.COORDINATOR),
}


class _Identifiers:
    """A deterministic sequence of valid identifiers, so reloading finds the same organizations."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> tuple[str, str]:
        self.n += 1
        return self.at(self.n)

    @staticmethod
    def at(n: int) -> tuple[str, str]:
        return complete_inn10(f"77{n + 9100000:07d}"), complete_ogrn13(f"1267700{n:05d}")


@transaction.atomic
def load_demo() -> list[tuple[str, str, str, str]]:
    """Load the demo registry and users; returns (username, password, role, organization) per demo user."""
    reference_data_ensure()
    ids = _Identifiers()
    orgs: dict[str, Organization] = {}
    for spec in [DEPARTMENT, *CUSTOMERS]:
        orgs[spec.short_name] = _organization(spec, ids, orgs)
    office = _organization(CLUSTER_OFFICE, ids, orgs, number=CLUSTER_OFFICE_NUMBER)

    ev = _cluster("ev", "Кластер электромобилестроения", "Electric vehicle cluster", office,
                  "Около 40 научных и промышленных компаний; около половины — резиденты ОЭЗ «Технополис Москва». "
                  "Проекты: электрофургон на базе УАЗ, отечественные тяговые батареи.")
    photonics = _cluster("photonics", "Кластер фотоники", "Photonics cluster", orgs[DEPARTMENT.short_name],
                         "Более 40 компаний фотоники; завод фотонных интегральных схем ЗНТЦ, серийный выпуск с 2024 "
                         "года. В демонстрационных данных — 15 участников.")
    pharma = _cluster("pharma", "Фармацевтический кластер", "Pharmaceutical cluster", orgs[DEPARTMENT.short_name],
                      "Производители лекарственных средств и субстанций.")

    ev_specs = list(EV_NAMED)
    for i, (stem, competencies, product) in enumerate(EV_INVENTED):
        # Every other invented member is an SEZ resident, so that about half the cluster sits in the zone.
        site = SITES[i % len(SITES)] if i % 2 == 0 or i == 1 else None
        ev_specs.append(OrgSpec(f"ООО «{stem} (демо)»", f"Общество с ограниченной ответственностью «{stem} (демо)»",
                                competencies=competencies, site=site, products=[product] if product else []))
    for i, spec in enumerate(ev_specs):
        role = MembershipRole.ANCHOR if "Москвич" in spec.short_name else (
            MembershipRole.RESEARCH if spec.short_name.startswith("ООО «НИИ") else MembershipRole.INDUSTRIAL)
        _member(ev, _organization(spec, ids, orgs), role, datetime.date(2022, 9 + i % 4, 1 + i % 27))

    ph_specs = list(PHOTONICS) + [
        OrgSpec(f"ООО «{stem} (демо)»", f"Общество с ограниченной ответственностью «{stem} (демо)»",
                competencies=("photonic-ics", "optics-lasers") if i % 3 == 0 else ("optics-lasers",),
                site=("Зеленоград", "Алабушево")[i % 2] if i % 2 == 0 else None)
        for i, stem in enumerate(PHOTONICS_INVENTED)
    ]
    for i, spec in enumerate(ph_specs):
        role = MembershipRole.ANCHOR if i == 0 else MembershipRole.INDUSTRIAL
        _member(photonics, _organization(spec, ids, orgs), role, datetime.date(2022, 10, 1 + i))

    for i, stem in enumerate(PHARMA_INVENTED):
        spec = OrgSpec(f"АО «{stem} (демо)»", f"Акционерное общество «{stem} (демо)»",
                       competencies=("pharmaceuticals", "active-substances") if i % 2 else ("pharmaceuticals",),
                       site="Руднево" if i % 3 == 0 else None)
        _member(pharma, _organization(spec, ids, orgs), MembershipRole.INDUSTRIAL, datetime.date(2022, 11, 1 + i))

    return _users(orgs)


def _organization(
    spec: OrgSpec, ids: _Identifiers, orgs: dict[str, Organization], number: int | None = None
) -> Organization:
    if number is None:
        inn, ogrn = ids.next()
        number = ids.n
    else:
        inn, ogrn = ids.at(number)
    org, _ = Organization.objects.update_or_create(
        inn=inn,
        defaults={
            "ogrn": ogrn, "kpp": f"77{number % 100:02d}01001", "full_name": spec.full_name,
            "short_name": spec.short_name, "kind": spec.kind,
            "description": " ".join(p for p in (spec.description, DEMO_NOTE if spec.real else "") if p),
            "legal_address": "Москва", "parent": orgs.get(spec.parent) if spec.parent else None,
        },
    )
    org.competencies.set(Competency.objects.filter(code__in=spec.competencies))
    if spec.site:
        site = Site.objects.get(zone__code="technopolis-moscow", name=spec.site)
        Residency.objects.get_or_create(organization=org, site=site, defaults={"since": datetime.date(2021, 1, 1)})
    for product in spec.products:
        _product(org, product)
    orgs[spec.short_name] = org
    return org


def _product(org: Organization, spec: ProductSpec) -> None:
    product, _ = Product.objects.update_or_create(
        organization=org, part_number=spec.part_number, name=spec.name,
        defaults={"category": Category.objects.get(code=spec.category), "unit": spec.unit, "status": spec.status,
                  "readiness_date": spec.ready},
    )
    for year, quantity in zip(YEARS, spec.capacity, strict=False):
        Capacity.objects.update_or_create(product=product, year=year, defaults={"quantity": Decimal(quantity)})


def _cluster(code: str, name: str, name_en: str, coordinator: Organization, description: str) -> Cluster:
    cluster, _ = Cluster.objects.update_or_create(
        code=code,
        defaults={"name": name, "name_en": name_en, "coordinator": coordinator, "description": description,
                  "founded_on": datetime.date(2022, 6, 1), "short_name": name_en.split()[0]},
    )
    return cluster


def _member(cluster: Cluster, org: Organization, role: str, joined: datetime.date) -> None:
    Membership.objects.update_or_create(cluster=cluster, organization=org,
                                        defaults={"role": role, "joined_on": joined})


def _users(orgs: dict[str, Organization]) -> list[tuple[str, str, str, str]]:
    organization_of = {
        "admin": orgs[DEPARTMENT.short_name],
        "analyst": orgs[DEPARTMENT.short_name],
        "mosgortrans": orgs["ГУП «Мосгортранс»"],
        "hospital": orgs["ГКБ № 1 (демо)"],
        "battery": orgs["ООО «АККУМ-Тех (демо)»"],
        "coordinator": orgs[CLUSTER_OFFICE.short_name],
    }
    logins = []
    for username, (password, role) in PASSWORDS.items():
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.organization = organization_of[username]
        user.email = user.email or f"{username}@demo.example"  # reminders reach the console backend
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(password)
        user.save()
        logins.append((username, password, str(role.label), user.organization.short_name))
    return logins
