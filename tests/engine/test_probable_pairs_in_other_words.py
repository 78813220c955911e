"""Lines a person sees at once are one need in other words are proposed for review, with the reason, not merged
and not missed: a battery whose chemistry one line leaves unsaid, a resistor whose tolerance one line leaves out."""

from __future__ import annotations

import pytest

from cityorder.engine.consolidation.core import consolidate_lines
from cityorder.engine.records import LineRecord, LineStatus


def consolidated(*names: str):
    records = [
        LineRecord(file="a.xlsx", row=n, status=LineStatus.OK, name=name, unit="pcs", customer=f"c{n}",
                   quantities={2026: 10})
        for n, name in enumerate(names, start=1)
    ]
    return consolidate_lines(records)


@pytest.mark.parametrize(
    ("a", "b", "unsaid"),
    [
        ("Аккумулятор для ИБП 12 В 7 А·ч", "Аккумулятор свинцово-кислотный AGM 12 В 7 А·ч", "chemistry"),
        ("Аккумулятор 12 В 100 А·ч", "Аккумуляторная батарея LiFePO4 12 В 100 А·ч", "chemistry"),
        ("Резистор 10к 0805", "10 кОм 0805 1 %", "tolerance"),
    ],
)
def test_one_need_in_other_words_is_a_probable_match_with_its_reason(a: str, b: str, unsaid: str) -> None:
    result = consolidated(a, b)
    assert result.positions.num_rows == 2  # not merged: a person decides
    (match,) = result.matches
    assert not match.merged and match.reason.endswith(f"one line does not say: {unsaid}")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Аккумулятор AGM 12 В 7 А·ч", "Аккумулятор LiFePO4 12 В 7 А·ч"),  # two chemistries said
        ("Аккумулятор для ИБП 12 В 7 А·ч", "Аккумулятор для ИБП 12 В 9 А·ч"),  # another capacity
        ("Аккумулятор для ИБП 12 В 7 А·ч", "Аккумулятор 6 В 7 А·ч"),  # another voltage
    ],
)
def test_batteries_that_say_different_things_are_not_proposed(a: str, b: str) -> None:
    assert not consolidated(a, b).matches
