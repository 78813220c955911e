"""Which keys become one position: the analyst's «same» decisions, then automatic merges that no «different» forbids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cityorder.engine.consolidation.decisions import Decision, Verdict
from cityorder.engine.consolidation.matching import Candidate
from cityorder.engine.consolidation.union_find import KeyGroups
from cityorder.engine.messages import msg, template

DECIDED_APART_BUT_JOINED = template(
    "«%(key_a)s» and «%(key_b)s» were decided different but are joined by «same» decisions through other keys"
)


def merge_keys(
    keys: Iterable[str], decisions: Sequence[Decision], candidates: Sequence[Candidate]
) -> tuple[dict[str, str], list[str]]:
    """Each key mapped to the key that names its group, and notes on decisions that could not all hold."""
    groups = KeyGroups()
    for decision in decisions:
        if decision.verdict is Verdict.SAME:
            groups.union(decision.key_a, decision.key_b)
    apart = [(d.key_a, d.key_b) for d in decisions if d.verdict is Verdict.DIFFERENT]
    for candidate in candidates:
        if candidate.auto_merge and not _would_join_apart(groups, candidate.key_a, candidate.key_b, apart):
            groups.union(candidate.key_a, candidate.key_b)
    notes = [
        msg(DECIDED_APART_BUT_JOINED, key_a=a, key_b=b)
        for a, b in apart
        if groups.find(a) == groups.find(b)
    ]
    return _named_by_present_keys(groups, keys), notes


def _named_by_present_keys(groups: KeyGroups, keys: Iterable[str]) -> dict[str, str]:
    """Each key mapped to the smallest key of its group that has lines: decisions may name keys absent this run."""
    roots = groups.canonical(keys)
    name: dict[str, str] = {}
    for key, root in roots.items():
        if root not in name or key < name[root]:
            name[root] = key
    return {key: name[root] for key, root in roots.items()}


def _would_join_apart(groups: KeyGroups, a: str, b: str, apart: Sequence[tuple[str, str]]) -> bool:
    roots = {groups.find(a), groups.find(b)}
    return len(roots) == 2 and any({groups.find(x), groups.find(y)} == roots for x, y in apart)
