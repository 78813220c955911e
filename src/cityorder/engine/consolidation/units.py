"""Units of measure as consolidation compares them: the reader's unit codes, so «шт.» and «pcs» meet."""

from __future__ import annotations

from cityorder.engine.reading.units import PIECES, parse_unit


def normalize_unit(unit: str) -> str:
    """The unit code a position groups on; an empty unit counts as pieces, as demand forms assume.

    A spelling the reader does not know, or one with a factor («тыс. шт») that a raw table did not apply
    to its quantities, stays as written: such lines form their own position rather than a wrong sum.
    """
    if not unit.strip():
        return PIECES
    parsed = parse_unit(unit)
    if parsed is None or parsed.factor != 1.0:
        return " ".join(unit.split())
    return parsed.code
