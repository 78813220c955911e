"""Domestic analogs for positions of the order, ranked.

For each position, in this order of trust:
1. the position itself, when the catalog lists its part number as a domestic product (compatibility «same»,
   score 100): it needs no substitution, and coverage counts its own producers' capacity;
2. cross-references of the part, variant-aware and in both directions (NE555P finds NE555 ↔ КР1006ВИ1),
   resolved to domestic products of the catalog (pin 95, functional 85, parametric 75; a family match or
   another Soviet prefix costs a few points, and another prefix makes a pin-compatible analog functional,
   since the prefix is the package);
3. domestic products of the same parametric signature (a 5 V regulator, a 12.8 V LiFePO4 battery, a 10 kΩ
   0805 resistor; at most 80, see signatures.py);
4. only when none of these found anything and the position has no parameters to compare (those that do were
   compared and did not fit): names alike in the same category (at most 60: a suggestion to check).
A cross-reference to a part no catalog product answers to is not an analog: analogs are products someone
makes. Rejected pairs are dropped, confirmed ones come first whatever their score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from cityorder.engine.consolidation import ConsolidationResult
from cityorder.engine.identity import normalize_part_number, part_key
from cityorder.engine.messages import msg, template
from cityorder.engine.substitution.catalog import Catalog, as_catalog
from cityorder.engine.substitution.decisions import AnalogDecision, AnalogVerdict, Verdicts, parse_analog_verdict
from cityorder.engine.substitution.items import CatalogItem, make_item_id
from cityorder.engine.substitution.positions import PositionRow, PositionsLike, position_rows
from cityorder.engine.substitution.signatures import Signature, signature
from cityorder.engine.substitution.xrefs import Compatibility, Match, Xref, XrefHit, XrefIndex, as_index, soviet_core

_XREF_SCORES = {Compatibility.PIN: 95, Compatibility.FUNCTIONAL: 85, Compatibility.PARAMETRIC: 75}
_MATCH_PENALTY = {Match.EXACT: 0, Match.FAMILY: 3, Match.OTHER_PREFIX: 5}
_TEXT_WEIGHT = 0.6  # a name 100 % alike scores 60: below any parametric or cross-referenced analog
_ORDER = {c: n for n, c in enumerate(Compatibility)}

OWN_PRODUCT = template("The position is itself a domestic product: %(part_number)s by %(manufacturer)s.")
OWN_REGISTERED_PRODUCT = template("The position is itself a domestic product: %(part_number)s by %(manufacturer)s, "
                                  "registry entry %(registry_no)s.")
NAMED_FAMILY = template("%(product)s is an orderable variant of %(family)s, which the position names.")
OTHER_PREFIX = template("The same Soviet/Russian type %(type)s in another package or acceptance grade "
                        "(%(code)s / %(product)s).")
NAMES_ALIKE = template("Only the name is alike (%(similarity)s%% similar, same category): check before use.")
CONFIRMED = template("%(reason)s Confirmed by an analyst.")
CONFIRMED_UNPROPOSED = template("Confirmed by an analyst; the matcher had not proposed it.")
# A cross-reference's reason, by (how the cross-reference matched the position, how its analog matched the
# product): each with nothing more, its source, a note, both. Values: part, analog (the cross-reference's two
# sides), compatibility, code (the position's part key), product (the catalog's part number), source, note.
XREF_REASONS: dict[tuple[Match, Match], tuple[str, str, str, str]] = {
    (Match.EXACT, Match.EXACT): (
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s) (from %(source)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s); note: %(note)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s) (from %(source)s); note: %(note)s."),
    ),
    (Match.EXACT, Match.FAMILY): (
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s); %(product)s is an orderable variant "
                 "of %(analog)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s); %(product)s is an orderable variant "
                 "of %(analog)s (from %(source)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s); %(product)s is an orderable variant "
                 "of %(analog)s; note: %(note)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s); %(product)s is an orderable variant "
                 "of %(analog)s (from %(source)s); note: %(note)s."),
    ),
    (Match.EXACT, Match.OTHER_PREFIX): (
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s); %(product)s is the same type under "
                 "another prefix."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s); %(product)s is the same type under "
                 "another prefix (from %(source)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s); %(product)s is the same type under "
                 "another prefix; note: %(note)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s); %(product)s is the same type under "
                 "another prefix (from %(source)s); note: %(note)s."),
    ),
    (Match.FAMILY, Match.EXACT): (
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s "
                 "(from %(source)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s; "
                 "note: %(note)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s "
                 "(from %(source)s); note: %(note)s."),
    ),
    (Match.FAMILY, Match.FAMILY): (
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s; "
                 "%(product)s is an orderable variant of %(analog)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s; "
                 "%(product)s is an orderable variant of %(analog)s (from %(source)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s; "
                 "%(product)s is an orderable variant of %(analog)s; note: %(note)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s; "
                 "%(product)s is an orderable variant of %(analog)s (from %(source)s); note: %(note)s."),
    ),
    (Match.FAMILY, Match.OTHER_PREFIX): (
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s; "
                 "%(product)s is the same type under another prefix."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s; "
                 "%(product)s is the same type under another prefix (from %(source)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s; "
                 "%(product)s is the same type under another prefix; note: %(note)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), which names the family of %(code)s; "
                 "%(product)s is the same type under another prefix (from %(source)s); note: %(note)s."),
    ),
    (Match.OTHER_PREFIX, Match.EXACT): (
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix (from %(source)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix; note: %(note)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix (from %(source)s); note: %(note)s."),
    ),
    (Match.OTHER_PREFIX, Match.FAMILY): (
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix; %(product)s is an orderable variant of %(analog)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix; %(product)s is an orderable variant of %(analog)s "
                 "(from %(source)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix; %(product)s is an orderable variant of %(analog)s; "
                 "note: %(note)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix; %(product)s is an orderable variant of %(analog)s "
                 "(from %(source)s); note: %(note)s."),
    ),
    (Match.OTHER_PREFIX, Match.OTHER_PREFIX): (
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix; %(product)s is the same type under another prefix."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix; %(product)s is the same type under another prefix "
                 "(from %(source)s)."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix; %(product)s is the same type under another prefix; "
                 "note: %(note)s."),
        template("Cross-reference %(part)s ↔ %(analog)s (%(compatibility)s), written for the same Soviet/Russian "
                 "type as %(code)s under another prefix; %(product)s is the same type under another prefix "
                 "(from %(source)s); note: %(note)s."),
    ),
}


class FoundBy:
    SELF = "self"
    XREF = "xref"
    PARAMETERS = "parameters"
    TEXT = "text"
    DECISION = "decision"


@dataclass(frozen=True, slots=True)
class Analog:
    position_id: str
    rank: int  # 1 = best
    part_number: str
    manufacturer: str
    compatibility: str  # Compatibility
    score: int  # 0–100
    reason: str  # a sentence a person can check, in English (the app translates)
    item_key: str = ""  # the product's identity key (pn:…), as the catalog and the app store it
    item_id: str = ""  # key@maker: the product, for coverage (see items.item_id)
    registry_no: str = ""
    category: str = ""
    found_by: str = ""  # FoundBy
    confirmed: bool = False


@dataclass(slots=True)
class _Candidate:
    number: int
    compatibility: Compatibility
    score: int
    reason: str
    found_by: str
    confirmed: bool = False


def match_analogs(positions: PositionsLike, catalog: Catalog | Iterable[CatalogItem],
                  xrefs: XrefIndex | Iterable[Xref], *, limit: int = 5,
                  decisions: Iterable[AnalogDecision] = ()) -> list[Analog]:
    """Ranked domestic analogs of every position (at most ``limit`` each, plus any confirmed beyond it)."""
    products, index, verdicts = as_catalog(catalog), as_index(xrefs), Verdicts(decisions)
    analogs: list[Analog] = []
    for position in position_rows(positions):
        candidates = _candidates(position, products, index, limit)
        ranked = _decided(position, candidates, products, verdicts)
        analogs.extend(_ranked(position, ranked, products, limit))
    return analogs


def analogs_for_result(result: ConsolidationResult, catalog: Catalog | Iterable[CatalogItem],
                       xrefs: XrefIndex | Iterable[Xref], decisions: Iterable[AnalogDecision] = (),
                       *, limit: int = 5) -> list[Analog]:
    """Analogs of a consolidation's positions: what ``cityorder consolidate --catalog --xref`` writes."""
    return match_analogs(result.positions, catalog, xrefs, limit=limit, decisions=decisions)


def _candidates(position: PositionRow, catalog: Catalog, xrefs: XrefIndex, limit: int) -> dict[int, _Candidate]:
    found: dict[int, _Candidate] = {}
    codes = _codes(position)
    own = [n for code in codes for n in catalog.with_key(f"pn:{code}")]
    _add_own(found, own, catalog)
    for code in codes:
        _add_relatives(found, code, catalog)
        for hit in xrefs.lookup(code):
            _add_xref(found, code, hit, catalog)
    need, category = _need(position, own, catalog)
    if need is not None:
        for number, fit in catalog.parametric(need, limit):
            _keep(found, _Candidate(number, Compatibility.PARAMETRIC, fit.score, fit.reason, FoundBy.PARAMETERS))
    if not found and need is None and category not in ("", "other"):
        for number, similarity in catalog.similar_names(category, position.name or position.part_number, limit):
            reason = msg(NAMES_ALIKE, similarity=similarity)
            _keep(found, _Candidate(number, Compatibility.TEXT, round(similarity * _TEXT_WEIGHT), reason,
                                    FoundBy.TEXT))
    return found


def _codes(position: PositionRow) -> list[str]:
    """The part keys of a position: its own and those of keys merged into it."""
    codes = [key[3:] for key in (position.key, *position.merged_keys) if key.startswith("pn:")]
    if not codes and position.part_number:
        code = part_key(normalize_part_number(position.part_number, position.manufacturer))
        codes = [code] if code else []
    return list(dict.fromkeys(codes))


def _add_own(found: dict[int, _Candidate], own: list[int], catalog: Catalog) -> None:
    """The position's own part, when a domestic producer makes it."""
    for number in own:
        item = catalog.items[number]
        if item.domestic:
            reason = msg(OWN_REGISTERED_PRODUCT if item.registry_no else OWN_PRODUCT, part_number=item.part_number,
                         manufacturer=item.manufacturer, registry_no=item.registry_no)
            _keep(found, _Candidate(number, Compatibility.SAME, 100, reason, FoundBy.SELF))


def _add_relatives(found: dict[int, _Candidate], code: str, catalog: Catalog) -> None:
    """Domestic variants of a family the position names (LM317 → LM317T) and its Soviet type under another
    prefix (К142ЕН5А → КР142ЕН5А)."""
    for number, match in catalog.domestic_for(code):
        item = catalog.items[number]
        if match == Match.FAMILY:
            reason = msg(NAMED_FAMILY, product=item.part_number, family=code)
        elif match == Match.OTHER_PREFIX:
            reason = msg(OTHER_PREFIX, type=soviet_core(code), code=code, product=item.part_number)
        else:
            continue
        _keep(found, _Candidate(number, Compatibility.FUNCTIONAL, 90, reason, FoundBy.SELF))


def _add_xref(found: dict[int, _Candidate], code: str, hit: XrefHit, catalog: Catalog) -> None:
    for number, resolved in catalog.domestic_for(hit.analog_key):
        compatibility = Compatibility(hit.xref.compatibility)
        if Match.OTHER_PREFIX in (hit.match, resolved) and compatibility == Compatibility.PIN:
            compatibility = Compatibility.FUNCTIONAL
        score = _XREF_SCORES[Compatibility(hit.xref.compatibility)] - _MATCH_PENALTY[hit.match] \
            - _MATCH_PENALTY[resolved]
        _keep(found, _Candidate(number, compatibility, score, _xref_reason(code, hit, resolved, catalog, number),
                                FoundBy.XREF))


def _xref_reason(code: str, hit: XrefHit, resolved: Match, catalog: Catalog, number: int) -> str:
    xref = hit.xref
    declared = XREF_REASONS[hit.match, resolved][bool(xref.source) + 2 * bool(xref.note)]
    return msg(declared, part=hit.matched, analog=hit.analog_part_number, compatibility=xref.compatibility, code=code,
               product=catalog.items[number].part_number, source=xref.source, note=xref.note)


def _need(position: PositionRow, own: list[int], catalog: Catalog) -> tuple[Signature | None, str]:
    """The parametric signature a position needs, and its category (a catalog entry of its own part may tell
    both when the demand line did not)."""
    category = position.category
    for number in own:
        if category in ("", "other"):
            category = catalog.categories[number]
        known = catalog.signature_of(number)
        if known is not None:
            return known, category
    code = normalize_part_number(position.part_number, position.manufacturer) if position.part_number else ""
    return signature(category=category, key=position.key, code=code, text=position.name), category


def _keep(found: dict[int, _Candidate], candidate: _Candidate) -> None:
    """One candidate per product: the most trusted way it was found."""
    held = found.get(candidate.number)
    if held is None or (candidate.score, -_ORDER[candidate.compatibility]) > (held.score, -_ORDER[held.compatibility]):
        found[candidate.number] = candidate


def _decided(position: PositionRow, found: dict[int, _Candidate], catalog: Catalog,
             verdicts: Verdicts) -> list[_Candidate]:
    decisions = verdicts.of(position.position_id, position.key)
    if not decisions:
        return list(found.values())
    kept = dict(found)
    for decision in decisions:
        verdict = parse_analog_verdict(decision.verdict)
        for number in catalog.with_key(decision.item_key):
            if not decision.names_maker(catalog.items[number].manufacturer):
                continue
            if verdict == AnalogVerdict.REJECTED:
                kept.pop(number, None)
            elif number in kept:
                held = kept[number]
                kept[number] = replace(held, confirmed=True, reason=msg(CONFIRMED, reason=held.reason))
            else:
                reason = msg(CONFIRMED_UNPROPOSED)
                kept[number] = _Candidate(number, Compatibility.FUNCTIONAL, 100, reason, FoundBy.DECISION, True)
    return list(kept.values())


def _ranked(position: PositionRow, candidates: list[_Candidate], catalog: Catalog, limit: int) -> list[Analog]:
    candidates.sort(key=lambda c: (not c.confirmed, -c.score, _ORDER[c.compatibility],
                                   catalog.items[c.number].part_number, c.number))
    keep = max(limit, sum(1 for c in candidates if c.confirmed))
    analogs = []
    for rank, candidate in enumerate(candidates[:keep], start=1):
        item = catalog.items[candidate.number]
        key = catalog.keys[candidate.number]
        analogs.append(Analog(
            position_id=position.position_id, rank=rank, part_number=item.part_number,
            manufacturer=item.manufacturer, compatibility=str(candidate.compatibility), score=candidate.score,
            reason=candidate.reason, item_key=key, item_id=make_item_id(key, item.manufacturer),
            registry_no=item.registry_no, category=catalog.categories[candidate.number],
            found_by=candidate.found_by, confirmed=candidate.confirmed,
        ))
    return analogs
