"""Units of measure as demand files spell them, reduced to the unit codes a LineRecord carries."""

from __future__ import annotations

import re
from dataclasses import dataclass

PIECES = "pcs"


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    factor: float = 1.0  # «тыс. шт» is a unit of 1000 pieces: quantities are multiplied into the base unit


_CODES: dict[str, str] = {
    "шт": PIECES,
    "штук": PIECES,
    "штука": PIECES,
    "штуки": PIECES,
    "pcs": PIECES,
    "pc": PIECES,
    "pce": PIECES,
    "piece": PIECES,
    "pieces": PIECES,
    "ea": PIECES,
    "each": PIECES,
    "компл": "set",
    "комплект": "set",
    "комплекта": "set",
    "комплектов": "set",
    "кмп": "set",
    "set": "set",
    "sets": "set",
    "kit": "set",
    "квт·ч": "kwh",
    "квт*ч": "kwh",
    "квтч": "kwh",
    "квт ч": "kwh",
    "квт-ч": "kwh",
    "квт.ч": "kwh",
    "kwh": "kwh",
    "kw·h": "kwh",
    "kw*h": "kwh",
    "кг": "kg",
    "kg": "kg",
    "м": "m",
    "m": "m",
    "метр": "m",
    "метров": "m",
    "пог. м": "m",
    "уп": "pack",
    "упак": "pack",
    "упаковка": "pack",
    "pack": "pack",
    "pk": "pack",
}

# «тыс. шт», «тыс.шт», «тысяч штук»: a thousand of a unit.
_THOUSAND_PREFIX = re.compile(r"^(?:тыс(?:\.|яч[аи]?)?|k)\s*")
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    plain = _SPACES.sub(" ", text.strip().lower().replace("ё", "е")).strip()
    return plain.rstrip(".").strip()


def parse_unit(text: str) -> Unit | None:
    """The unit a spelling names, or None when it is not one this reader knows."""
    plain = _plain(text)
    if not plain:
        return None
    if plain in _CODES:
        return Unit(_CODES[plain])
    thousands = _THOUSAND_PREFIX.match(plain)
    if thousands and thousands.end() < len(plain):
        rest = _plain(plain[thousands.end() :])
        if rest in _CODES:
            return Unit(_CODES[rest], 1000.0)
    return None
