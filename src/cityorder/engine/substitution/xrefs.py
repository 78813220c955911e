"""Cross-references «this part can replace that one», known in both directions, and their variant-aware index.

A cross-reference may name a family (NE555 ↔ КР1006ВИ1) and then applies to the family's orderable variants
(NE555P, NE555DR; see families.py). Soviet/Russian designations are also found under another prefix: a table
row for 142ЕН5А speaks of the same chip as К142ЕН5А and КР142ЕН5А (the prefix is the package and acceptance
grade), so such a hit is reported as found «under another prefix» and scored lower.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from cityorder.engine.identity import normalize_part_number, parse_soviet, part_key
from cityorder.engine.messages import template
from cityorder.engine.substitution.families import family_cuts

# The compatibilities of a cross-reference as texts name them («Cross-reference NE555 ↔ КР1006ВИ1 (pin)»,
# «row 3 gives this pair as functional»): each word is declared so that such a text is shown with the word
# translated. The same strings as Compatibility's values, which the texts are filled with.
COMPATIBILITY_WORDS = (template("pin"), template("functional"), template("parametric"))


class Compatibility(StrEnum):
    """How an analog replaces a part: the order is the order of preference."""

    SAME = "same"  # the position is itself a domestic product of the catalog
    PIN = "pin"  # drop-in: same package and pinout
    FUNCTIONAL = "functional"  # same function, another package or pinout
    PARAMETRIC = "parametric"  # the same parameters (value, voltage, capacity …)
    TEXT = "text"  # only the names are alike: a suggestion to check


XREF_COMPATIBILITIES = (Compatibility.PIN, Compatibility.FUNCTIONAL, Compatibility.PARAMETRIC)


@dataclass(frozen=True, slots=True)
class Xref:
    part_number: str
    analog_part_number: str
    compatibility: str  # one of XREF_COMPATIBILITIES
    note: str = ""
    source: str = ""  # where it was read: «xref.csv, row 12»


class Match(StrEnum):
    EXACT = "exact"
    FAMILY = "family"  # the cross-reference names a family of the part
    OTHER_PREFIX = "other prefix"  # the same Soviet type under another prefix (К / КР / КМ …)


@dataclass(frozen=True, slots=True)
class XrefHit:
    xref: Xref
    matched: str  # the part number of the cross-reference's side that matched the query
    analog_part_number: str  # the other side
    analog_key: str
    match: Match


@lru_cache(maxsize=262144)
def code_key(part_number: str) -> str:
    """The comparison key of a part number, by the engine's one rule (identity.normalize_part_number)."""
    return part_key(normalize_part_number(part_number))


@lru_cache(maxsize=262144)
def soviet_core(key: str) -> str:
    """A Soviet/Russian designation without its prefix (КР142ЕН5А → 142ЕН5А); '' for any other key."""
    parsed = parse_soviet(key)
    if parsed is None:
        return ""
    return f"{parsed.series}{parsed.function_code}{parsed.number}{parsed.variant}"


class XrefIndex:
    """Cross-references by the key of either side; ``lookup`` is variant-aware."""

    def __init__(self, xrefs: Iterable[Xref]) -> None:
        self.xrefs: list[Xref] = []
        # key → (xref number, True when the key is the xref's part_number side)
        self._by_key: dict[str, list[tuple[int, bool]]] = {}
        self._by_core: dict[str, list[tuple[int, bool, str]]] = {}
        seen: set[tuple[str, str, str]] = set()
        for xref in xrefs:
            if xref.compatibility not in XREF_COMPATIBILITIES:
                raise ValueError(f"{xref.source or xref}: compatibility «{xref.compatibility}» is not one of "
                                 f"{', '.join(XREF_COMPATIBILITIES)}")
            key, analog = code_key(xref.part_number), code_key(xref.analog_part_number)
            if not key or not analog or key == analog or (key, analog, xref.compatibility) in seen:
                continue
            seen.add((key, analog, xref.compatibility))
            number = len(self.xrefs)
            self.xrefs.append(xref)
            for side_key, forward in ((key, True), (analog, False)):
                self._by_key.setdefault(side_key, []).append((number, forward))
                core = soviet_core(side_key)
                if core:
                    self._by_core.setdefault(core, []).append((number, forward, side_key))

    def __len__(self) -> int:
        return len(self.xrefs)

    def lookup(self, key: str) -> list[XrefHit]:
        """Cross-references of a part key: its own, its families' (longest first), then other prefixes' (Soviet)."""
        hits = [self._hit(n, forward, Match.EXACT) for n, forward in self._by_key.get(key, ())]
        for family in family_cuts(key):
            hits.extend(self._hit(n, forward, Match.FAMILY) for n, forward in self._by_key.get(family, ()))
        core = soviet_core(key)
        if core:
            hits.extend(self._hit(n, forward, Match.OTHER_PREFIX)
                        for n, forward, side_key in self._by_core.get(core, ()) if side_key != key)
        return hits

    def _hit(self, number: int, forward: bool, match: Match) -> XrefHit:
        xref = self.xrefs[number]
        matched, other = (
            (xref.part_number, xref.analog_part_number) if forward else (xref.analog_part_number, xref.part_number)
        )
        return XrefHit(xref=xref, matched=matched, analog_part_number=other, analog_key=code_key(other), match=match)


def as_index(xrefs: XrefIndex | Iterable[Xref]) -> XrefIndex:
    return xrefs if isinstance(xrefs, XrefIndex) else XrefIndex(xrefs)
