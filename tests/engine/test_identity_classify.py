"""Classification: table order of the word rules, and family prefixes that must not over-reach."""

from __future__ import annotations

import pytest

from cityorder.engine.identity import identify


@pytest.mark.parametrize(("name", "category"), [
    ("Аккумуляторная батарея для электробуса", "product.ebus"),  # the product before its battery
    ("Модуль реле 4 канала", "electromech.relay"),
    ("IC REG LINEAR 3.3V", "ic.regulator"),
    ("Ионистор 1 Ф 5,5 В", "passive.capacitor"),
    ("Фиговина непонятная", "other"),
    ("Датчик температуры с интерфейсом RS-485", "sensor"),  # the interface only describes the sensor
    ("Sensor with interface CAN", "sensor"),
    ("Микросхема интерфейса", "ic.interface"),
])
def test_words_classify(name, category):
    assert identify(name=name).category == category


@pytest.mark.parametrize(("part_number", "category"), [
    ("LT1763CS8#PBF", "ic.regulator"),  # a Latin code, not a Soviet «ЛТ1763СС8»
    ("CM300DY-24H", "semi.power_module"),
    ("CM453232-560KL", "other"),  # a TDK inductor, not a Mitsubishi IGBT module
])
def test_families_classify(part_number, category):
    identity = identify(part_number=part_number)
    assert identity.category == category
    assert "Russian" not in identity.note


@pytest.mark.parametrize("name", [
    "Датчик температуры с интерфейсом RS-485",
    "Преобразователь интерфейса RS-485/USB",
    "Модуль RS232",
    "Корпус IP65 с разъёмом DB-9",
])
def test_standard_codes_in_a_name_are_not_part_numbers(name):
    identity = identify(name=name)
    assert identity.kind == "text"
    assert identity.part_number == ""


def test_a_part_number_beside_a_standard_code_is_taken():
    identity = identify(name="Приемопередатчик RS-485 MAX485ESA")
    assert (identity.part_number, identity.category) == ("MAX485ESA", "ic.interface")
