"""The quantity parser, units and designator counting, by example and by property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityorder.engine.reading.designators import count_designators
from cityorder.engine.reading.quantities import NotAQuantity, Quantity, parse_number, parse_quantity
from cityorder.engine.reading.units import Unit, parse_unit


@pytest.mark.parametrize(
    ("cell", "value", "unit"),
    [
        ("10 000", 10000, None),
        ("10\u00a0000", 10000, None),
        ("10\u202f000", 10000, None),
        ("1,5", 1.5, None),
        ("1.5", 1.5, None),
        ("1.234,5", 1234.5, None),
        ("1,234.5", 1234.5, None),
        ("1 234 567,25", 1234567.25, None),
        ("10'000", 10000, None),
        ("10 тыс.", 10000, None),
        ("1,5 тыс", 1500, None),
        ("2 тысячи", 2000, None),
        ("3 млн", 3_000_000, None),
        ("10 тыс. шт", 10000, "pcs"),
        ("100 шт.", 100, "pcs"),
        ("5 штук", 5, "pcs"),
        ("12 pcs", 12, "pcs"),
        ("3 компл.", 3, "set"),
        ("2 комплекта", 2, "set"),
        ("4 set", 4, "set"),
        ("150 кВт·ч", 150, "kwh"),
        ("150 kWh", 150, "kwh"),
        ("7,5 кг", 7.5, "kg"),
        ("120 м", 120, "m"),
        ("0,500", 0.5, None),
        (12.0, 12, None),
        (0.1 + 0.2, 0.3, None),
        (7, 7, None),
    ],
)
def test_quantity_forms(cell: object, value: float, unit: str | None) -> None:
    parsed = parse_quantity(cell)  # type: ignore[arg-type]
    assert isinstance(parsed, Quantity), parsed
    assert parsed.value == value
    assert (parsed.unit.code if parsed.unit else None) == unit


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("по потребности", "«по потребности» is not a number"),
        ("10 коробок", "«10 коробок» is not a number"),
        ("1.2.3,4,5", "«1.2.3,4,5» is not a number"),
        ("-3", "«-3» is negative"),
        (-2.0, "«-2» is negative"),
        (-2.5, "«-2.5» is negative"),
        (float("nan"), "«nan» is not a number"),
        (True, "«True» is not a number"),
        ("", "no quantity"),
        (None, "no quantity"),
    ],
)
def test_not_quantities(cell: object, reason: str) -> None:
    parsed = parse_quantity(cell)  # type: ignore[arg-type]
    assert isinstance(parsed, NotAQuantity)
    assert parsed.reason == reason


def test_units() -> None:
    assert parse_unit("Шт.") == Unit("pcs")
    assert parse_unit("тыс. шт") == Unit("pcs", 1000.0)
    assert parse_unit("тыс.шт.") == Unit("pcs", 1000.0)
    assert parse_unit("кВт·ч") == Unit("kwh")
    assert parse_unit("ea") == Unit("pcs")
    assert parse_unit("компл.") == Unit("set")
    assert parse_unit("бочка") is None
    assert parse_unit("") is None


@pytest.mark.parametrize(
    ("text", "count"),
    [("R1", 1), ("R1, R2, R5-R8", 6), ("C1 C2 C3", 3), ("R5 - R8", 4), ("R10-R1", 2), ("U1;U2", 2), ("", 0)],
)
def test_designator_count(text: str, count: int) -> None:
    assert count_designators(text) == count


SEPARATORS = st.sampled_from([" ", "\u00a0", "\u202f", "\u2009", ".", ",", "'", ""])


@given(st.integers(min_value=0, max_value=10**12), SEPARATORS)
def test_integer_with_any_thousands_separator_reads_back(number: int, separator: str) -> None:
    text = f"{number:,}".replace(",", separator)
    parsed = parse_quantity(text)
    assert isinstance(parsed, Quantity), (text, parsed)
    assert parsed.value == number


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=9), st.sampled_from([" ", "."]))
def test_decimal_comma_with_grouped_thousands(whole: int, tenth: int, separator: str) -> None:
    text = f"{whole:,}".replace(",", separator) + f",{tenth}"
    assert parse_number(text) == pytest.approx(whole + tenth / 10)


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    parsed = parse_quantity(text)
    assert isinstance(parsed, (Quantity, NotAQuantity))
    if isinstance(parsed, Quantity):
        assert parsed.value >= 0


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_never_raises(value: float) -> None:
    parsed = parse_quantity(value)
    assert isinstance(parsed, Quantity) == (value >= 0 and value != float("inf"))
