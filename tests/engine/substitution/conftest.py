"""A small catalog of real parts: domestic products that replace foreign ones, and foreign ones for reference."""

from __future__ import annotations

import pytest

from cityorder.engine.substitution import CatalogItem, Origin, Xref

D, F = Origin.DOMESTIC, Origin.FOREIGN


def domestic(part_number, maker, name, category, **more):
    return CatalogItem(part_number, maker, name, category, D, **more)


@pytest.fixture
def catalog() -> list[CatalogItem]:
    return [
        domestic("КР1006ВИ1", "Интеграл", "Таймер", "ic.timer", registry_no="РЭП-1006", capacity={2026: 1000}),
        domestic("КР142ЕН12А", "Интеграл", "Стабилизатор напряжения регулируемый 1,2–37 В 1,5 А", "ic.regulator"),
        domestic("КР142ЕН5А", "Интеграл", "Стабилизатор напряжения 5 В 1,5 А", "ic.regulator"),
        domestic("К1157ЕН5А", "Интеграл", "Стабилизатор напряжения 5 В 0,1 А", "ic.regulator"),
        domestic("КР142ЕН8Б", "Интеграл", "Стабилизатор напряжения 12 В 1,5 А", "ic.regulator"),
        domestic("К140УД7", "Интеграл", "Операционный усилитель", "ic.opamp"),
        domestic("LFP-12100", "Лиотех", "Аккумуляторная батарея LiFePO4 12,8 В 100 А·ч", "battery.lfp"),
        domestic("LFP-12120", "Лиотех", "Аккумуляторная батарея LiFePO4 12,8 В 120 А·ч", "battery.lfp"),
        domestic("LFP-25100", "Лиотех", "Аккумуляторная батарея LiFePO4 25,6 В 100 А·ч", "battery.lfp"),
        domestic("Р1-12-0,125-10К-1%-0805", "Резистор", "Резистор Р1-12 0,125 Вт 10 кОм ±1% 0805", "passive.resistor"),
        domestic("Р1-12-0,125-10К-5%-1206", "Резистор", "Резистор Р1-12 0,125 Вт 10 кОм ±5% 1206", "passive.resistor"),
        domestic("Р1-12-0,125-4К7-5%-0805", "Резистор", "Резистор Р1-12 0,125 Вт 4,7 кОм ±5% 0805", "passive.resistor"),
        domestic("К10-79-0,1МКФ-100В", "Позитрон", "Конденсатор К10-79 0,1 мкФ 100 В X7R 0603", "passive.capacitor"),
        domestic("ПКД-24", "Кулон", "Датчик температуры цифровой с интерфейсом 1-Wire", "sensor"),
        CatalogItem("NE555P", "Texas Instruments", "Timer", "ic.timer", F),
        CatalogItem("LM317T", "Texas Instruments", "Adjustable regulator", "ic.regulator", F),
    ]


@pytest.fixture
def xrefs() -> list[Xref]:
    return [
        Xref("NE555", "КР1006ВИ1", "functional", source="xref.csv, row 2"),
        Xref("КР142ЕН12А", "LM317", "pin", source="xref.csv, row 3"),  # written the other way round
        Xref("L7805", "КР142ЕН5А", "functional", source="xref.csv, row 4"),
        Xref("UA741", "140УД7", "functional", source="xref.csv, row 5"),  # names no prefix
    ]
