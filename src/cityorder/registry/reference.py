"""Reference data every installation needs: nomenclature categories, competencies, the SEZ and its sites."""

from __future__ import annotations

from django.db import transaction

from cityorder.engine import nomenclature
from cityorder.registry.models import Category, Competency, Site, Zone

# code, Russian name, English name
COMPETENCIES: tuple[tuple[str, str, str], ...] = (
    ("batteries", "Аккумуляторные батареи", "Batteries"),
    ("electric-drives", "Электроприводы", "Electric drives"),
    ("power-electronics", "Силовая электроника", "Power electronics"),
    ("power-units", "Силовые агрегаты", "Power units"),
    ("on-board-systems", "Бортовые системы", "On-board systems"),
    ("interface-elements", "Элементы интерфейса", "Interface elements"),
    ("body-interior", "Детали кузова и салона", "Body and interior parts"),
    ("microelectronics", "Микроэлектроника", "Microelectronics"),
    ("sensors", "Датчики", "Sensors"),
    ("signal-processing", "Системы обработки сигналов", "Signal-processing systems"),
    ("microassemblies", "Микросборки", "Microassemblies"),
    ("composites", "Композитные материалы", "Composites"),
    ("plastic-parts", "Изделия из пластика", "Plastic parts"),
    ("charging-stations", "Зарядные станции", "Charging stations"),
    ("electric-vehicles", "Электротранспорт", "Electric vehicles"),
    ("photonic-ics", "Фотонные интегральные схемы", "Photonic ICs"),
    ("optics-lasers", "Оптика и лазеры", "Optics and lasers"),
    ("pharmaceuticals", "Лекарственные препараты", "Pharmaceuticals"),
    ("active-substances", "Фармацевтические субстанции (АФИ)", "Active pharmaceutical ingredients (API)"),
    ("medical-devices", "Медицинские изделия", "Medical devices"),
    ("software", "Программное обеспечение", "Software"),
    ("testing-certification", "Испытания и сертификация", "Testing and certification"),
)

TECHNOPOLIS = ("technopolis-moscow", "ОЭЗ «Технополис Москва»", "SEZ Technopolis Moscow")
# name, English name, address
TECHNOPOLIS_SITES: tuple[tuple[str, str, str], ...] = (
    ("Печатники", "Pechatniki", "Москва, Волгоградский проспект, 42"),
    ("Алабушево", "Alabushevo", "Москва, Зеленоград, Алабушево"),
    ("Руднево", "Rudnevo", "Москва, ул. Рудневка"),
    ("Зеленоград", "Zelenograd", "Москва, Зеленоград, ул. Конструктора Лукина"),
    ("Старое Крюково", "Staroye Kryukovo", "Москва, Зеленоград, Старое Крюково"),
)


@transaction.atomic
def reference_data_ensure() -> None:
    """Create or refresh the reference data; safe to run any number of times."""
    _ensure_categories()
    for code, name, name_en in COMPETENCIES:
        Competency.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})
    code, name, name_en = TECHNOPOLIS
    zone, _ = Zone.objects.update_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "region": "Москва"}
    )
    for site_name, site_en, address in TECHNOPOLIS_SITES:
        Site.objects.update_or_create(zone=zone, name=site_name, defaults={"name_en": site_en, "address": address})


def _ensure_categories() -> None:
    by_code: dict[str, Category] = {}
    # Parents come first in the table (shorter codes), so each parent exists before its children.
    for cat in sorted(nomenclature.CATEGORIES, key=lambda c: c.code.count(".")):
        parent = by_code.get(cat.parent_code) if cat.parent_code else None
        obj, _ = Category.objects.update_or_create(
            code=cat.code,
            defaults={"name": cat.name_ru, "name_en": cat.name_en, "okpd2": cat.okpd2, "parent": parent},
        )
        by_code[cat.code] = obj
