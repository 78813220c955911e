"""Quantities as people type them into demand forms: «10 000», «1,5», «1.234,5», «10 тыс. шт», Excel floats."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.tabular import Cell
from cityorder.engine.reading.units import Unit, parse_unit

NO_QUANTITY = template("no quantity")
NOT_A_NUMBER = template("«%(value)s» is not a number")
NEGATIVE = template("«%(value)s» is negative")


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: Unit | None = None  # a unit written in the cell itself («100 шт»), already applied to ``value``


@dataclass(frozen=True, slots=True)
class NotAQuantity:
    reason: str  # completes «<column>: ...», e.g. "«по потребности» is not a number"
    empty: bool = False
    negative: bool = False


# Every space Excel, Word and 1C put between digit groups, and the apostrophe of Swiss-style «10'000».
_GROUP_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007'’]+")
_NUMBER_THEN_REST = re.compile(r"^([+\-−]?)(\d[\d\s\u00a0\u202f\u2009\u2007'’.,]*)(.*)$", re.DOTALL)
_THOUSANDS_GROUPS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_MULTIPLIER = re.compile(r"^(тыс|k|млн)(?:\.|яч[аи]?)?\s*(.*)$")
_MULTIPLIERS = {"тыс": 1e3, "k": 1e3, "млн": 1e6}


def parse_quantity(cell: Cell) -> Quantity | NotAQuantity:
    """A quantity from one cell; never raises, whatever the cell holds."""
    if cell is None:
        return NotAQuantity(msg(NO_QUANTITY), empty=True)
    if isinstance(cell, bool):
        return NotAQuantity(msg(NOT_A_NUMBER, value=cell))
    if isinstance(cell, (int, float)):
        shown = str(int(cell)) if isinstance(cell, int) or cell.is_integer() else str(cell)
        return _checked(float(cell), shown, None)
    text = cell.strip()
    if not text:
        return NotAQuantity(msg(NO_QUANTITY), empty=True)
    return _parse_text(text)


def _parse_text(text: str) -> Quantity | NotAQuantity:
    match = _NUMBER_THEN_REST.match(text.lower())
    if not match:
        return NotAQuantity(msg(NOT_A_NUMBER, value=text))
    sign, digits, rest = match.groups()
    number = parse_number(digits.strip().rstrip(".,"))
    if number is None:
        return NotAQuantity(msg(NOT_A_NUMBER, value=text))
    factor, unit, ok = _multiplier_and_unit(rest.strip())
    if not ok:
        return NotAQuantity(msg(NOT_A_NUMBER, value=text))
    value = number * factor * (unit.factor if unit else 1.0)
    return _checked(-value if sign in ("-", "−") else value, text, unit)


def _multiplier_and_unit(rest: str) -> tuple[float, Unit | None, bool]:
    """«тыс. шт» is 1000 pieces, «тыс.» alone 1000 of the column's unit, «шт» a unit with no multiplier."""
    if not rest:
        return 1.0, None, True
    unit = parse_unit(rest)
    if unit is not None:
        return 1.0, unit, True
    multiplier = _MULTIPLIER.match(rest)
    if not multiplier:
        return 1.0, None, False
    word, after = multiplier.groups()
    factor = _MULTIPLIERS[word]
    if not after.strip():
        return factor, None, True
    unit = parse_unit(after)
    return (factor, unit, True) if unit is not None else (1.0, None, False)


def parse_number(digits: str) -> float | None:
    """Digits with any group separator and a decimal comma or point; None when it is not one number.

    A single «,» or «.» before exactly three digits («1,500», «10.000») is read as a thousands separator:
    demand is counted in pieces, and a quantity with three decimals is far rarer than a thousand.
    """
    plain = _GROUP_SPACES.sub("", digits)
    if not plain or not plain[0].isdigit():
        return None
    if "," in plain and "." in plain:
        decimal = "," if plain.rfind(",") > plain.rfind(".") else "."
        group = "." if decimal == "," else ","
        whole, _, fraction = plain.rpartition(decimal)
        if not _THOUSANDS_GROUPS.match(whole.replace(group, ",")) and group in whole:
            return None
        plain = whole.replace(group, "") + "." + fraction
    elif _THOUSANDS_GROUPS.match(plain) and not plain.startswith("0"):
        plain = plain.replace(",", "").replace(".", "")
    elif plain.count(",") + plain.count(".") > 1:
        return None
    try:
        return float(plain.replace(",", "."))
    except ValueError:
        return None


def _checked(value: float, shown: str, unit: Unit | None) -> Quantity | NotAQuantity:
    if math.isnan(value) or math.isinf(value):
        return NotAQuantity(msg(NOT_A_NUMBER, value=shown))
    if value < 0:
        return NotAQuantity(msg(NEGATIVE, value=shown), negative=True)
    if value.is_integer():
        return Quantity(value, unit)
    # Excel floats carry binary noise (0.1 * 3); six decimals are more than any demand needs.
    return Quantity(round(value, 6), unit)
