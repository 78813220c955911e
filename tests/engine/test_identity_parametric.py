from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityorder.engine.identity import identify, parse_parametric

SAME = [
    ("Резистор 10 кОм 0805 5%", "RES 10K 5% 0805"),
    ("Резистор 4,7 кОм 0603 1%", "RES 4K7 1% 0603"),
    ("Аккумуляторная батарея LiFePO4 12,8 В 100 А·ч", "Battery LiFePO4 12.8V 100Ah"),
    ("Конденсатор 100 нФ 50 В X7R 0603", "CAP 0.1uF 50V X7R 0603"),
    ("Конденсатор 104 50В X7R 0603", "Cap 100nF 50V X7R 0603"),
    ("Аккумулятор литий-железо-фосфатный 3,2 В 280 Ач", "LFP cell 3.2 V 280 Ah battery"),
    ("Дроссель 22 мкГн 2,2 А", "Inductor 22uH 2.2A"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_russian_and_english_descriptions_meet(a, b):
    first, second = identify(name=a), identify(name=b)
    assert first.kind == second.kind == "parametric"
    assert first.key == second.key


DIFFERENT = [
    ("Резистор 10 кОм 0805 5%", "Резистор 1 кОм 0805 5%"),
    ("Резистор 10 кОм 0805 5%", "Резистор 10 кОм 0603 5%"),
    ("Battery LiFePO4 12.8V 100Ah", "Battery LiFePO4 12.8V 200Ah"),
    ("Battery LiFePO4 12.8V 100Ah", "Battery Li-ion 12.8V 100Ah"),
    ("Конденсатор 100 нФ 50 В X7R 0603", "Конденсатор 100 нФ 16 В X7R 0603"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_values_stay_different(a, b):
    assert identify(name=a).key != identify(name=b).key


@pytest.mark.parametrize(("text", "category"), [
    ("Аккумуляторная батарея LiFePO4 12,8 В 100 А·ч", "battery.lfp"),
    ("АКБ свинцово-кислотная AGM 12 В 200 Ач", "battery.leadacid"),
    ("Тяговая батарея LTO 600 В 40 кВт·ч", "battery.lto"),
    ("Li-ion NMC 3,7 В 50 А·ч", "battery.liion"),
])
def test_battery_chemistry_sets_the_category(text, category):
    assert identify(name=text).category == category


def test_kicad_value_fields_are_read_with_their_footprint():
    cap = identify(value="0805, 1uF, 10V, X5R, 20%", part_number="ANY", footprint="C_0805_2012Metric")
    assert cap.key == "par:cap|0.000001|10|X5R|0805"
    res = identify(value="24k", footprint="w_smd_resistors:r_0402")
    assert res.key == "par:res|24000||0402|"


def test_a_real_part_number_wins_over_the_description():
    ident = identify(part_number="GRM155R71H104KE14J", value="0.1uf/50V", footprint="r_0402")
    assert ident.kind == "part" and ident.key == "pn:GRM155R71H104KE14J"
    assert ident.category == "passive.capacitor"
    assert ident.params["value"] == "0.0000001"


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["", "к", "К", "k", "K", "М", "M"]))
def test_resistor_notations_agree(number, multiplier):
    ohm = {"": "Ом", "к": "кОм", "К": "кОм", "k": "kOhm", "K": "kOhm", "М": "МОм", "M": "MOhm"}[multiplier]
    short = {"": "R", "к": "к", "К": "К", "k": "k", "K": "K", "М": "М", "M": "M"}[multiplier]
    a = identify(name=f"Резистор {number} {ohm} 0805 1%")
    b = identify(name=f"RES {number}{short} 1% 0805" if short != "R" else f"RES {number}R 1% 0805")
    assert a.key == b.key


@given(st.text(max_size=80), st.text(max_size=20))
def test_parse_never_raises(text, footprint):
    parse_parametric(text, footprint)


@pytest.mark.parametrize(("name", "category"), [
    ("Микросхема КР142ЕН5А", "ic.regulator"),
    ("Микроконтроллер STM32F103C8T6", "ic.mcu"),
    ("Транзистор КТ315Б", "semi.transistor"),
    ("Диод КД522Б", "semi.diode"),
    ("Разъём USB Type-C", "connector"),
    ("Электробус 12 м с динамической подзарядкой", "product.ebus"),
    ("Зарядная станция 150 кВт", "product.charger"),
    ("Электрофургон на базе УАЗ", "product.ev"),
    ("Кварцевый резонатор 8 МГц", "passive.crystal"),
    ("Реле 12 В", "electromech.relay"),
])
def test_classification(name, category):
    assert identify(name=name).category == category


def test_real_nomenclature_classifies_without_crashing(shared_data):
    with (shared_data / "ru_nomenclature_sample.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 472
    identities = {r["id"]: identify(name=f"{r['name']} {r['type']}".strip()) for r in rows}
    # Hand-checked rows of the real list (id → category).
    expected = {"30": "connector", "15": "pcb", "24": "pcb", "43": "connector", "115": "ic.logic", "223": "semi.diode",
                "232": "semi.diode", "241": "passive.capacitor", "250": "passive.capacitor", "304": "electromech.relay",
                "313": "semi.led", "322": "semi.diode", "349": "semi.transistor", "358": "passive.inductor",
                "385": "passive.capacitor", "403": "passive.resistor", "466": "passive.resistor"}
    for row_id, category in expected.items():
        assert identities[row_id].category == category, (row_id, identities[row_id])
    assert sum(1 for i in identities.values() if i.category != "other") > 0.3 * len(rows)
