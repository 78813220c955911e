"""Which cross-reference keys name which orderable variants."""

from __future__ import annotations

import pytest

from cityorder.engine.substitution import names_variant
from cityorder.engine.substitution.families import family_cuts
from cityorder.engine.substitution.xrefs import code_key


@pytest.mark.parametrize(("family", "part"), [
    ("NE555", "NE555P"),
    ("NE555", "NE555DR"),
    ("LM317", "LM317T"),
    ("LM317", "LM317T/NOPB"),
    ("L7805", "L7805CV"),
    ("STM32F103", "STM32F103C8T6"),
    ("STM32F103C", "STM32F103C8T6"),
    ("UA741", "UA741CN"),
    ("КР142ЕН8", "КР142ЕН8А"),
    ("NE555", "NE555"),
])
def test_a_family_names_its_variants(family, part):
    assert names_variant(code_key(family), code_key(part))


@pytest.mark.parametrize(("family", "part"), [
    ("LM31", "LM317"),  # the cut splits a number
    ("NE555", "NE5550"),
    ("LM3", "LM317T"),
    ("UA741C", "UA741CN"),  # a letter followed by letters is not a cut
    ("L78", "L7805CV"),
    ("NE555", "LM555"),
    ("STM32F1", "STM32F103C8T6"),
])
def test_a_prefix_that_is_not_a_family_does_not(family, part):
    assert not names_variant(code_key(family), code_key(part))


def test_cuts_are_longest_first():
    assert list(family_cuts("NE555DR")) == ["NE555"]
    cuts = list(family_cuts("STM32F103C8T6"))
    assert cuts.index("STM32F103C8") < cuts.index("STM32F103")
