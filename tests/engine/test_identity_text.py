"""Text helpers of identity: the fast forms give exactly what the plain regex forms give, and a gated search
never misses a match of its pattern."""

from __future__ import annotations

import re
from importlib import import_module

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityorder.engine.identity import kinds, parametric
from cityorder.engine.identity.text import DASHES, GatedPattern, clean, fold, necessary_literals, uniform_dashes

# Characters where a shortcut could part from the regex: every kind of space and dash, and the letters the regex
# engine matches case-insensitively as others (dotless ı, long ſ, old Cyrillic ᲂ and ᲄ, capital İ, final sigma).
_TRICKY = " \t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u1680\u2009\u202f\u2028\u3000\u2010\u2012\u2014\u2212\ufe63\uff0d-_"
_CASES = "ıIiİſsSᲂоОᲄтТᲀвВΣσςµμΜKkKΩωΩ"
_TEXT = st.text(alphabet=st.sampled_from(list(_TRICKY + _CASES + "аБвZz09 ,.%/")) | st.characters(), max_size=30)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


@given(_TEXT)
def test_clean_is_the_regex_substitution(text):
    assert clean(text) == _SPACES.sub(" ", text.translate(DASHES)).strip()
    assert uniform_dashes(text) == text.translate(DASHES)


@given(_TEXT)
def test_fold_squeezes_spaces_as_the_regex_did(text):
    lowered = clean(text).lower().replace("ё", "е").replace("_", " ")
    if "х" in lowered or "×" in lowered:
        lowered = re.sub(r"(?<=\d)\s*[хx×*]\s*(?=\d)", "x", lowered)
    assert fold(text) == _SPACES.sub(" ", re.sub(r"[^\w%.,/+#-]+", " ", lowered)).strip()


def _gated_patterns() -> list[GatedPattern]:
    return [value for value in vars(parametric).values() if isinstance(value, GatedPattern)]


def _literal_pieces(pattern: str) -> list[str]:
    """Bits of a pattern's own text, so that generated texts often hold (or nearly hold) what it looks for."""
    return [piece for piece in re.split(r"[\\()|?*+\[\]{}^$]+", pattern) if piece]


_PATTERNS = [
    *_gated_patterns(),
    *(GatedPattern(p) for p, _ in import_module("cityorder.engine.identity.classify")._WORDS),
    *(GatedPattern(p) for p, _ in kinds._KIND_PATTERNS),
]


@pytest.mark.parametrize("gated", _PATTERNS, ids=lambda g: g.pattern[:30])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_a_gated_search_finds_what_the_pattern_finds(gated, data):
    pieces = _literal_pieces(gated.pattern)
    word = st.sampled_from(pieces) | _TEXT
    # Pieces in any case, with look-alike letters swapped in, and odd characters around them.
    parts = data.draw(st.lists(st.tuples(word, st.sampled_from(["", "upper", "title", "odd"])), max_size=6))
    text = ""
    for piece, how in parts:
        if how == "upper":
            piece = piece.upper()
        elif how == "title":
            piece = piece.title()
        elif how == "odd":
            piece = piece.translate(str.maketrans("isоaтвI", "ıſᲂаᲄᲀİ"))
        text += piece + data.draw(st.sampled_from(["", " ", "1", "-", "Σ"]))
    expected = gated._pattern.search(text)
    found = gated.search(text)
    assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"\bcpu\b|микропроцессор", ("cpu", "микропроцессор")),
        (r"a(?i:bc)d", ("a",)),  # a group of its own flags is no literal
        (r"x+yy|z{2,}w", ("yy", "z")),
        (r"(ab|c)d*(?:efg|hij)", ("efg", "hij")),
        (r"(?<!\bс )интерфейс", ("интерфейс",)),
        (r"\d+|abc", None),  # an alternative without literals: any text can match
        (r"abc", ("abc",)),
    ],
)
def test_necessary_literals(pattern, literals):
    assert necessary_literals(re.compile(pattern)) == literals


def test_case_insensitive_literals_are_in_lower_case_with_look_alikes_as_one():
    assert necessary_literals(re.compile("ТУ", re.I)) is None  # not for callers comparing texts as written
    gated = GatedPattern(re.compile("Резист|OHM", re.I))
    assert gated.search("РЕЗИСТОР") and gated.search("резиᲃтор")  # ᲃ is с to the regex engine
    assert gated.search("10 Ohm") and gated.search("10 ohm")
    assert gated.search("PİN") is None and gated.search("конденсатор") is None
