"""The cross-reference index: both directions, families, Soviet prefixes; the identity rules it relies on."""

from __future__ import annotations

from cityorder.engine.identity import identify, normalize_part_number
from cityorder.engine.identity.parametric import params_from_key
from cityorder.engine.substitution import Xref, XrefIndex
from cityorder.engine.substitution.text_search import TextIndex
from cityorder.engine.substitution.xrefs import Match

INDEX = XrefIndex([
    Xref("NE555", "КР1006ВИ1", "functional"),
    Xref("LM317", "КР142ЕН12А", "pin"),
    Xref("142ЕН5А", "μA7805", "functional"),
    Xref("STM32F103", "К1986ВЕ92QI", "functional"),
    Xref("STM32F103C8", "К1986ВЕ92QI", "functional"),
    Xref("NE555", "КР1006ВИ1", "functional"),  # a repeat adds nothing
])


def found(code):
    return [(hit.analog_part_number, hit.match) for hit in INDEX.lookup(code)]


def test_both_directions():
    assert found("NE555") == [("КР1006ВИ1", Match.EXACT)]
    assert found("КР1006ВИ1") == [("NE555", Match.EXACT)]
    assert len(INDEX) == 5


def test_orderable_variants_of_a_family():
    assert found("NE555DR") == [("КР1006ВИ1", Match.FAMILY)]
    assert found("LM317T") == [("КР142ЕН12А", Match.FAMILY)]
    assert found("LM31") == [] and found("LM3170") == []
    # The longest family first: STM32F103C8 before STM32F103.
    assert [m for _a, m in found("STM32F103C8T6")] == [Match.FAMILY, Match.FAMILY]
    assert [hit.matched for hit in INDEX.lookup("STM32F103C8T6")] == ["STM32F103C8", "STM32F103"]


def test_soviet_types_under_another_prefix():
    assert found("КР142ЕН5А") == [("μA7805", Match.OTHER_PREFIX)]
    assert found("UA7805") == [("142ЕН5А", Match.EXACT)]


def test_the_micro_sign_is_u():
    assert normalize_part_number("μA741C") == "UA741C"
    assert normalize_part_number("µPD4364C") == "UPD4364C"
    assert identify(part_number="μA7805").key == "pn:UA7805"
    assert identify(part_number="10µF").kind != "part"  # a value in a part-number column stays a value


def test_parameters_back_from_a_parametric_key():
    key = identify(name="Резистор 10 кОм 5% 0805").key
    assert params_from_key(key) == {"type": "res", "value": "10000", "tolerance": "5", "size": "0805", "power": ""}
    assert params_from_key("pn:LM317T") is None and params_from_key("par:zzz|1") is None


def test_text_search_ranks_rare_shared_words_first():
    names = ["Датчик температуры цифровой", "Датчик давления цифровой", "Датчик давления аналоговый",
             "Датчик давления аналоговый"]  # the last two are one name, indexed once
    index = TextIndex(names, [10, 11, 12, 13])
    results = index.search("датчик давления аналоговый", limit=5)
    assert [number for number, _score in results][:2] == [12, 13]
    assert all(score >= 70 for _number, score in results)
    assert index.search("кабель силовой", limit=5) == []
