"""Russian designations beyond microcircuits, codes inside names and supply documents (rows from real files)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityorder.engine.identity import (
    code_from_text,
    find_code,
    identify,
    parse_discrete,
    parse_series,
    supply_documents,
)
from cityorder.engine.identity.text import has_cyrillic, has_latin


@pytest.mark.parametrize(("text", "designation", "category"), [
    ("КД522Б", "КД522Б", "semi.diode"),
    ("2Д522Б", "2Д522Б", "semi.diode"),
    ("КТ315Б", "КТ315Б", "semi.transistor"),
    ("2Т3130А-9", "2Т3130А-9", "semi.transistor"),
    ("КС133А", "КС133А", "semi.diode"),
    ("АЛ307Б", "АЛ307Б", "semi.led"),
    ("2ДШ2123В94", "2ДШ2123В94", "semi.diode"),  # DocGOST ПЭ3, row 18
    ("2ПЕ203Б9", "2ПЕ203Б9", "semi.transistor"),  # nikandrew, ValueName
    # nikandrew's DesignItemId column spells them in Latin
    ("KD522B", "КД522Б", "semi.diode"),
    ("2D510A", "2Д510А", "semi.diode"),
    ("2S212ZH", "2С212Ж", "semi.diode"),
    ("2T665A91", "2Т665А91", "semi.transistor"),
    ("2PE203B9", "2ПЕ203Б9", "semi.transistor"),
    ("KC133A", "КС133А", "semi.diode"),
])
def test_discrete_designations_parse_in_both_alphabets(text, designation, category):
    parsed = parse_discrete(text)
    assert parsed is not None and parsed.designation == designation and parsed.category == category


def test_the_acceptance_grade_is_part_of_the_identity():
    assert identify(part_number="2Д522Б").key != identify(part_number="КД522Б").key
    assert identify(part_number="KD522B").key == identify(name="Диод КД522Б").key
    assert identify(part_number="2PE203B9").key == identify(name="Транзистор 2ПЕ203Б9 АЕЯР.432140.665ТУ").key


@pytest.mark.parametrize("code", [
    "1N4148", "2N7002", "2N2222A", "AP2112K", "AL8805W8-7", "2SC1815", "AO3400", "KT0603R", "BC847B", "1SS355",
])
def test_foreign_codes_are_not_read_as_russian(code):
    assert parse_discrete(code) is None
    assert not has_cyrillic(identify(part_number=code).part_number)


@pytest.mark.parametrize("code", ["0603YD105KAT2A", "1206YC104KAT2A", "04025C103KAT2A"])
def test_avx_capacitors_are_not_soviet_opamps(code):
    identity = identify(part_number=code)
    assert identity.part_number == code and identity.category != "ic.opamp"


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("K1986BE92QI", "К1986ВЕ92QI"),
    ("1564TL2", "1564ТЛ2"),  # nikandrew DesignItemId
    ("544UD16U3", "544УД16У3"),
    ("SNP346-3VP21-1", "СНП346-3ВП21-1"),
])
def test_latin_spellings_meet_the_cyrillic_ones(latin, cyrillic):
    assert identify(part_number=latin).key == identify(part_number=cyrillic).key


@pytest.mark.parametrize(("text", "series", "category"), [
    ("СНП346-10ВП31-2", "СНП", "connector"),  # DocGOST ПЭ3, row 23
    ("СНЦ23-7/18Р-1-В", "СНЦ", "connector"),
    ("2РМ18КПН4Г1В1", "2РМ", "connector"),
    ("РЭС49", "РЭС", "electromech.relay"),
    ("РК374МД-6ВС", "РК", "passive.crystal"),
])
def test_named_series(text, series, category):
    parsed = parse_series(text)
    assert parsed is not None and parsed.series == series and parsed.category == category
    assert identify(part_number=text).category == category


# РС10 in Cyrillic look-alikes is PC10 in Latin as much as a connector: read alike in both, as neither.
@pytest.mark.parametrize("code", ["RES10K", "SHR-02V-S", "RS485", "RPM3000", "РС10", "PC10"])
def test_latin_words_are_not_russian_series(code):
    assert parse_series(code) is None


@pytest.mark.parametrize(("text", "code"), [
    ("L 7805 CV", "L7805CV"),
    ("Транзистор КТ 315Б", "КТ315Б"),
    ("Микросхема КР142ЕН5А", "КР142ЕН5А"),
    ("Розетка СНП392-4РО21-1 РЮМК.430420.037ТУ", "СНП392-4РО21-1"),  # DocGOST ПЭ3, row 19
    ("Диод 1N4148", "1N4148"),
    ("Конденсатор 10 UF 16 V", ""),
    ("CAP 100 NF 50 V", ""),
    ("Лепесток 1-1-4,3x14-03 ГОСТ 22376-77", ""),
    ("Датчик с интерфейсом RS-485", ""),
])
def test_code_from_text(text, code):
    assert code_from_text(text) == code


def test_find_code_says_where_the_code_stands():
    text = "Стабилизатор L 7805 CV TO-220"
    found = find_code(text)
    assert found is not None and found.code == "L7805CV" and text[found.start:found.end] == "L 7805 CV"


@pytest.mark.parametrize(("text", "documents"), [
    ("Диод 2Д522Б АЕЯР.431200.424-06ТУ", ["АЕЯР.431200.424-06ТУ"]),
    ("Микросхема 1564ТЛ2 бК0.347.364-01ТУ", ["бК0.347.364-01ТУ"]),
    ("Вставка плавкая ВП1-1 2А ОЮ0.480.003ТУ-Р", ["ОЮ0.480.003ТУ"]),
    ("Лепесток 1-1-4,3x14-03 ГОСТ 22376-77", ["ГОСТ 22376-77"]),
])
def test_supply_documents_are_found(text, documents):
    assert supply_documents(text) == documents


def test_a_supply_document_is_kept_but_not_part_of_the_key():
    with_doc = identify(name="Диод 2Д522Б АЕЯР.431200.424-06ТУ")
    assert with_doc.supply_document == "АЕЯР.431200.424-06ТУ"
    assert with_doc.key == identify(name="Диод 2Д522Б").key
    # DocGOST: the same LED grades under one ТУ stay apart
    leds = {identify(name=f"Светодиод ИПД132В2-{g} АЕЯР.432220.320ТУ").key for g in "КЛЖ"}
    assert len(leds) == 3


def test_a_name_in_the_part_number_column_gives_its_code():
    assert identify(part_number="Диод 2Д522Б").key == identify(part_number="2Д522Б").key


@given(st.text(alphabet="ABCDEKMHOPTXYZ0123456789АБВГДЕКМНОПРСТУХ-_. /QI", max_size=24))
def test_no_part_key_mixes_the_two_alphabets(text):
    key = identify(part_number=text).key
    if key.startswith("pn:"):
        assert not (has_cyrillic(key) and has_latin(key[3:])), key


@given(st.text(max_size=40))
def test_code_rules_never_raise(text):
    parse_discrete(text)
    parse_series(text)
    found = find_code(text)
    assert found is None or 0 <= found.start < found.end <= len(text)
    supply_documents(text)


def test_a_text_naming_only_a_kind_is_never_merged_or_compared():
    # issue 12: «Микросхема» + «Microchip» made ATMEGA328P-AU, ATMEGA328P-PU and КР142ЕН5А one position
    from cityorder.engine.consolidation import consolidate_lines
    from cityorder.engine.identity import block_keys
    from cityorder.engine.records import LineRecord, LineStatus

    def line(row: int, **fields: str) -> LineRecord:
        return LineRecord(file="f.xlsx", row=row, status=LineStatus.OK, customer="c", unit="шт",
                          quantities={2026: 1.0}, **fields)

    kind = identify(name="Микросхема", manufacturer="Microchip")
    assert block_keys(kind) == () and "names only a kind" in kind.note
    assert kind.key != identify(name="Микросхема").key != identify(name="Диод").key
    result = consolidate_lines([
        line(2, name="Микросхема", manufacturer="Microchip", part_number="ATMEGA328P-AU"),
        line(3, name="Микросхема", manufacturer="Microchip", part_number="ATMEGA328P-PU"),
        line(4, name="Микросхема", part_number="КР142ЕН5А"),
        line(5, name="Микросхема", manufacturer="Microchip"),
        line(6, name="Микросхема"),
        line(7, name="Микросхемы"),
    ])
    assert len(result.position_list()) == 6
    assert result.matches == []
