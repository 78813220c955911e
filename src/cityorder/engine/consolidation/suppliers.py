"""Distributors' codes as evidence of identity: the lines that give one distributor's same code are one part.

LCSC's C25744 on a line «10k 0402» of one file and beside 0402WGF1002TCE on a line of another is the same
resistor: their keys are merged automatically. A code joins part keys only, and never two keys named by
different makers' part numbers: such a pair (and a code shared with a line read by its parameters or words) goes
to the review queue with its reason, for a person to decide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cityorder.engine.consolidation.matching import Candidate
from cityorder.engine.consolidation.union_find import KeyGroups
from cityorder.engine.identity.partnumbers import normalize_part_number
from cityorder.engine.identity.suppliers import order_code, supplier_keys
from cityorder.engine.messages import msg, template

SAME_SUPPLIER_CODE = template("the same %(distributor)s code %(code)s")
SAME_CODE_PARTS_DIFFER = template(
    "the same %(distributor)s code %(code)s, but the part numbers differ: «%(part_a)s» / «%(part_b)s»"
)
SAME_CODE_NOT_A_PART = template("the same %(distributor)s code %(code)s; one line is read by its description only")

MERGED_SCORE, REVIEW_SCORE = 100, 90


@dataclass(slots=True)
class SupplierEvidence:
    """Per key, the distributors' codes its lines give, and whether a maker's part number names the key."""

    codes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_maker: set[str] = field(default_factory=set)  # keys some line names by the maker's own part number

    def add(self, identity: Any, supplier_code: str) -> None:
        """What one distinct raw description with codes says: its key, its codes, and whether its key is the
        code itself (a line known only by C25744) or a maker's part number (given, or found in the text)."""
        key = identity.key
        self.codes[key].update(supplier_keys(supplier_code))
        if identity.kind == "part" and identity.part_number != normalize_part_number(order_code(supplier_code)):
            self.by_maker.add(key)


def supplier_candidates(
    evidence: SupplierEvidence, identities: Mapping[str, Any], different: frozenset[frozenset[str]] = frozenset()
) -> list[Candidate]:
    """Pairs of keys that share a code: automatic merges, or probable matches where something says otherwise."""
    keys_by_code: dict[str, set[str]] = defaultdict(set)
    for key, codes in evidence.codes.items():
        for code in codes:
            keys_by_code[code].add(key)
    groups = KeyGroups()
    makers: dict[str, set[str]] = {}  # group root -> the maker-named keys in it
    candidates = []
    for code, keys in sorted(keys_by_code.items()):
        if len(keys) < 2:
            continue
        distributor, _, written = code.partition(":")
        ordered = sorted(keys)
        first = ordered[0]
        for other in ordered[1:]:
            a, b = first, other
            if frozenset((a, b)) in different or groups.find(a) == groups.find(b):
                continue
            if identities[a].kind != "part" or identities[b].kind != "part":
                candidates.append(Candidate(a, b, REVIEW_SCORE, msg(SAME_CODE_NOT_A_PART, distributor=distributor,
                                                                    code=written)))
                continue
            named = _makers(groups, makers, evidence, a) | _makers(groups, makers, evidence, b)
            if len(named) > 1:
                part_a, part_b = sorted(named)[:2]
                candidates.append(Candidate(a, b, REVIEW_SCORE, msg(
                    SAME_CODE_PARTS_DIFFER, distributor=distributor, code=written,
                    part_a=identities[part_a].part_number, part_b=identities[part_b].part_number)))
                continue
            groups.union(a, b)
            makers[groups.find(a)] = named
            candidates.append(Candidate(a, b, MERGED_SCORE, msg(SAME_SUPPLIER_CODE, distributor=distributor,
                                                                code=written), auto_merge=True))
    return candidates


def _makers(groups: KeyGroups, makers: dict[str, set[str]], evidence: SupplierEvidence, key: str) -> set[str]:
    root = groups.find(key)
    if root not in makers:
        makers[root] = {key} if key in evidence.by_maker else set()
    return makers[root]
