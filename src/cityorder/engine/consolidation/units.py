"""Units of measure as consolidation compares them: one spelling per unit, so «шт.» and «pcs» meet."""

from __future__ import annotations

import re

# Spellings seen in demand files for the same unit; the value is the spelling a position shows.
_ALIASES: dict[str, str] = {
    "": "шт",
    "шт": "шт",
    "штук": "шт",
    "штука": "шт",
    "штуки": "шт",
    "pcs": "шт",
    "pc": "шт",
    "pce": "шт",
    "ea": "шт",
    "each": "шт",
    "piece": "шт",
    "pieces": "шт",
    "компл": "компл",
    "комплект": "компл",
    "set": "компл",
    "м": "м",
    "m": "м",
    "метр": "м",
    "кг": "кг",
    "kg": "кг",
    "л": "л",
    "l": "л",
    "уп": "уп",
    "упак": "уп",
    "pack": "уп",
}

_SPACES = re.compile(r"\s+")


def normalize_unit(unit: str) -> str:
    """The spelling of a unit consolidation groups on; an empty unit counts as pieces, as demand forms assume."""
    plain = _SPACES.sub(" ", unit.strip().lower()).rstrip(".").strip()
    return _ALIASES.get(plain, plain)
