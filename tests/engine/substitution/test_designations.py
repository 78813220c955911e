"""Ranges and lists of Soviet designations as reference tables write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityorder.engine.identity import parse_soviet
from cityorder.engine.identity.soviet import FUNCTIONS
from cityorder.engine.substitution import expand_designations
from cityorder.engine.substitution.designations import VARIANT_LETTERS


@pytest.mark.parametrize(("cell", "expected"), [
    ("КР142ЕН8А-Г", ("КР142ЕН8А", "КР142ЕН8Б", "КР142ЕН8В", "КР142ЕН8Г")),
    ("537РУ3А,Б", ("537РУ3А", "537РУ3Б")),
    ("К155ЛН3А,В", ("К155ЛН3А", "К155ЛН3В")),
    ("К170АП2,2В", ("К170АП2", "К170АП2В")),
    ("К174УР3,3М", ("К174УР3", "К174УР3М")),
    ("КР1630РУ1А-Л", tuple(f"КР1630РУ1{v}" for v in "АБВГДЕЖИКЛ")),  # no З, no Й
    ("КР565РУ5Б-Д", ("КР565РУ5Б", "КР565РУ5В", "КР565РУ5Г", "КР565РУ5Д")),
    ("КР140УД7", ("КР140УД7",)),
    ("KR142EN5A", ("КР142ЕН5А",)),  # typed in Latin letters: read back to Cyrillic
    ("К1986ВЕ92QI", ("К1986ВЕ92QI",)),  # Milandr's Latin suffix stays
])
def test_cells_expand_to_designations(cell, expected):
    expansion = expand_designations(cell)
    assert expansion.designations == expected
    assert expansion.doubts == ()


@pytest.mark.parametrize(("cell", "expected", "doubt"), [
    ("564ЛА7,7B", ("564ЛА7", "564ЛА7В"), "Latin B read as Cyrillic В"),
    ("КН154УД1Б,Б", ("КН154УД1Б",), "listed twice"),
    ("К157ХАЗ", ("К157ХА3",), "З/О read as the digits"),
])
def test_guesses_are_reported(cell, expected, doubt):
    expansion = expand_designations(cell)
    assert expansion.designations == expected
    assert any(doubt in d for d in expansion.doubts), expansion.doubts


@pytest.mark.parametrize("cell", ["КР142ЕН8Г-А", "КР142ЕН8А-Я", "LM317T", "", "Резистор"])
def test_what_cannot_be_read_names_nothing_and_says_why(cell):
    expansion = expand_designations(cell)
    assert expansion.designations == ()
    assert expansion.doubts


_PREFIXES = st.sampled_from(["", "К", "КР", "КМ", "КФ", "Н", "М"])
_SERIES = st.integers(100, 1999).map(str)
_FUNCTION = st.sampled_from(sorted(FUNCTIONS))
_NUMBER = st.integers(1, 99).map(str)


@given(_PREFIXES, _SERIES, _FUNCTION, _NUMBER, st.integers(0, len(VARIANT_LETTERS) - 2), st.data())
def test_a_range_of_n_letters_yields_n_designations(prefix, series, function, number, first, data):
    last = data.draw(st.integers(first + 1, len(VARIANT_LETTERS) - 1))
    base = f"{prefix}{series}{function}{number}"
    expansion = expand_designations(f"{base}{VARIANT_LETTERS[first]}-{VARIANT_LETTERS[last]}")
    assert len(expansion.designations) == last - first + 1
    assert expansion.doubts == ()
    for designation in expansion.designations:
        parsed = parse_soviet(designation)
        assert parsed is not None
        assert (parsed.prefix, parsed.series, parsed.function_code, parsed.number) == (prefix, series, function,
                                                                                        number)


@given(_PREFIXES, _SERIES, _FUNCTION, _NUMBER,
       st.lists(st.sampled_from(VARIANT_LETTERS), min_size=1, max_size=6, unique=True))
def test_a_list_of_n_distinct_variants_yields_n_designations(prefix, series, function, number, letters):
    base = f"{prefix}{series}{function}{number}"
    expansion = expand_designations(base + ",".join(letters))
    assert expansion.designations == tuple(f"{base}{letter}" for letter in letters)
    assert all(parse_soviet(d) is not None for d in expansion.designations)


@given(st.text(max_size=30))
def test_it_never_raises(cell):
    expansion = expand_designations(cell)
    assert expansion.designations or expansion.doubts
