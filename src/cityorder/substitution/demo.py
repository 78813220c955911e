"""Demo import substitution: the registry's products as the domestic catalog, a few foreign originals, the
cross-references between them, and the analogs of the published demo order."""

from __future__ import annotations

from decimal import Decimal

from cityorder.engine.substitution import Xref
from cityorder.order.models import CityOrder
from cityorder.substitution import services
from cityorder.substitution.models import CatalogItem, Origin

FOREIGN = [
    ("STM32F103C8T6", "STMicroelectronics", "Микроконтроллер ARM Cortex-M3, 64 КБ", "ic.mcu"),
    ("L7805CV", "STMicroelectronics", "Линейный стабилизатор 5 В 1,5 А", "ic.regulator"),
    ("LM317T", "Texas Instruments", "Регулируемый линейный стабилизатор 1,5 А", "ic.regulator"),
    ("NE555P", "Texas Instruments", "Таймер", "ic.timer"),
    ("LM358DR", "Texas Instruments", "Сдвоенный операционный усилитель", "ic.opamp"),
    ("TJA1050T", "NXP", "Приёмопередатчик CAN", "ic.interface"),
]
# Demo cross-references from the foreign originals to the demo producers' products (invented, marked «демо»).
XREFS = [
    Xref("STM32F103", "МЭЗ-32F103", "functional", "демо: совместим по системе команд и периферии"),
    Xref("L7805", "СМЭ-1142ЕН5", "pin", "демо: прямая замена в корпусе TO-220"),
]
# Demo unit prices of domestic products, RUB (invented): coverage by value is counted where a price is known.
PRICES = {
    "РТ-0805-103-1": Decimal("0.85"),
    "КМ-0603-104-50": Decimal("0.60"),
    "СМЭ-1142ЕН5": Decimal("38"),
    "МЭЗ-32F103": Decimal("420"),
    "AT-LFP-12-100": Decimal("62000"),
    "ЗТ-ЭЗС-150": Decimal("6500000"),
    "ЭБС-12": Decimal("48000000"),
}


def load_substitution_demo(order: CityOrder) -> int:
    """Catalog, cross-references and analogs for ``order``; returns the number of analogs found."""
    services.catalog_sync_registry()
    for part_number, price in PRICES.items():
        CatalogItem.objects.filter(part_number=part_number, origin=Origin.DOMESTIC).update(price=price)
    for part_number, maker, name, category in FOREIGN:
        key = services.catalog_key(part_number=part_number, manufacturer=maker)
        CatalogItem.objects.update_or_create(
            key=key, manufacturer=maker,
            defaults={"part_number": part_number, "name": name, "category": category, "origin": Origin.FOREIGN,
                      "source": "demo"},
        )
    services.xrefs_store(XREFS, source="demo")
    return len(services.match_order(order))
