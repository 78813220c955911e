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
