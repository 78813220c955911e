"""Probable matches between positions: blocked fuzzy comparison, each pair with a reason a person can read.

Only positions sharing a block key (``block_keys`` of their identities) are compared, so the work grows
with the sizes of blocks, not with the square of all positions. Two tests find pairs:
- part numbers one edit apart (or equal under different manufacturers), unless the edit swaps an
  ordering suffix (LM358N / LM358D are two packages, not a typo);
- comparison texts with a high token_sort_ratio (word order and spacing do not count), where one side
  is free text (part numbers and parameters decide the other pairs).
Near-identical free-text positions of one category are merged automatically; the rest are only reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from cityorder.engine.consolidation.identity_service import IdentityService
from cityorder.engine.messages import msg, template

# Notes of a consolidation run.
BLOCK_CHUNKED = template(
    "block «%(block)s» holds %(count)s positions; compared within sorted chunks of %(chunk)s, "
    "so pairs across chunks were not compared"
)
PAIRS_NOT_REPORTED = template("%(count)s weaker probable pairs not reported (at most %(limit)s per position)")
# Why two positions are probably one (a text pair's reason is two texts joined with «; »).
SAME_PART_NUMBER = template("same part number «%(part_number)s», manufacturers differ: «%(maker_a)s» / «%(maker_b)s»")
DIFFER_IN_CHARACTER = template(
    "part numbers differ only in character %(position)s: «%(char_a)s» in «%(part_a)s», «%(char_b)s» in «%(part_b)s»"
)
DIFFER_BY_CHARACTER = template(
    "part numbers differ only by «%(char)s» at character %(position)s of «%(part)s» (absent in «%(other)s»)"
)
SAYS_LESS = template("the same kind and value, and nothing contradicts; one line does not say: %(fields)s")
PART_NUMBER_ENCODES_LINE = template("part number %(part_number)s encodes the parameters of «%(other)s»")
TEXTS_SIMILAR = template("token_sort_ratio %(score)s within block %(block)s")
SAME_WORDS = template("the same words in another order or spacing")
DIFFER_IN_WORDS = template("differ in «%(words_a)s» / «%(words_b)s»")

PART, TEXT, PARAMETRIC = "part", "text", "parametric"
# Below this many members a block is scored pair by pair: cheaper than setting up a cdist matrix.
_SMALL_BLOCK = 12


@dataclass(frozen=True, slots=True)
class MatchSettings:
    report_threshold: int = 90  # token_set_ratio from which two texts are reported as a probable match
    auto_merge_threshold: int = 97  # plain ratio from which two free-text positions of one category are merged
    block_cap: int = 1000  # larger blocks are cut into sorted chunks of this size
    reports_per_position: int = 5  # a person reviews the best few; automatic merges are always listed


DEFAULT_SETTINGS = MatchSettings()


@dataclass(frozen=True, slots=True)
class Candidate:
    key_a: str
    key_b: str
    score: int
    reason: str
    auto_merge: bool = False


@dataclass(slots=True)
class MatchOutcome:
    candidates: list[Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    identity: Any
    text: str
    numbers: str  # the numbers of the text in order: texts with other numbers name other items


_NUMBER = re.compile(r"\d+")


def _numbers(text: str) -> str:
    return " ".join(_NUMBER.findall(text))


def find_candidates(
    identities: Sequence[tuple[str, Any]],
    service: IdentityService,
    settings: MatchSettings = DEFAULT_SETTINGS,
    different: frozenset[frozenset[str]] = frozenset(),
) -> MatchOutcome:
    """Probable pairs among ``(key, identity)`` entries, best first; pairs decided «different» are left out."""
    entries = []
    for key, identity in identities:
        text = service.comparison_text(identity)
        entries.append(_Entry(key, identity, text, _numbers(text)))
    outcome = MatchOutcome()
    best: dict[tuple[str, str], Candidate] = {}
    for block, members in sorted(_blocks(entries, service).items()):
        if len(members) < 2:
            continue
        if len(members) > settings.block_cap:
            outcome.notes.append(msg(BLOCK_CHUNKED, block=block, count=len(members), chunk=settings.block_cap))
        for chunk in _chunks(members, entries, settings.block_cap):
            for candidate in _score_chunk(block, [entries[i] for i in chunk], settings):
                pair = (candidate.key_a, candidate.key_b)
                if frozenset(pair) in different:
                    continue
                if pair not in best or candidate.score > best[pair].score:
                    best[pair] = candidate
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.key_a, c.key_b))
    outcome.candidates = _best_per_position(ranked, settings.reports_per_position)
    if len(outcome.candidates) < len(ranked):
        outcome.notes.append(msg(PAIRS_NOT_REPORTED, count=len(ranked) - len(outcome.candidates),
                                 limit=settings.reports_per_position))
    return outcome


def _best_per_position(ranked: list[Candidate], limit: int) -> list[Candidate]:
    kept, counts = [], Counter[str]()
    for candidate in ranked:
        if candidate.auto_merge or (counts[candidate.key_a] < limit and counts[candidate.key_b] < limit):
            kept.append(candidate)
            counts[candidate.key_a] += 1
            counts[candidate.key_b] += 1
    return kept


def _blocks(entries: Sequence[_Entry], service: IdentityService) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(entries):
        for block in service.block_keys(entry.identity):
            blocks[block].append(index)
    return blocks


def _chunks(members: list[int], entries: Sequence[_Entry], cap: int) -> Iterator[list[int]]:
    """The block itself, or, when over the cap, chunks of neighbours in text order (near texts sort together)."""
    if len(members) <= cap:
        yield members
        return
    ordered = sorted(members, key=lambda i: entries[i].text)
    for start in range(0, len(ordered), cap):
        yield ordered[start : start + cap]


def _score_chunk(block: str, chunk: list[_Entry], settings: MatchSettings) -> Iterator[Candidate]:
    yield from _part_number_pairs(chunk)
    yield from _text_pairs(block, chunk, settings)
    if block.startswith("par:"):
        yield from _parameter_pairs(chunk)


def _parameter_pairs(chunk: list[_Entry]) -> Iterator[Candidate]:
    """Lines of one kind and value where one says less than the other and nothing contradicts.

    «10k» on R_0603 and «Резистор 10 кОм 0603 1%» (no tolerance on one side), or a generic line and a part
    number that encodes the same parameters. Two part numbers are never paired here: another maker's code of
    the same values is another orderable part. Lines are grouped by what they say, so a block of thousands of
    spellings costs the square of its few distinct parameter sets, not of its lines.
    """
    groups: dict[frozenset[tuple[str, str]], list[_Entry]] = defaultdict(list)
    for entry in chunk:
        fields = _fields_of(entry.identity)
        if fields:
            groups[frozenset(fields.items())].append(entry)
    said = [(dict(items), members) for items, members in groups.items()]
    for i, (fields_a, members_a) in enumerate(said):
        for fields_b, members_b in said[i:]:
            if fields_a.get("type") != fields_b.get("type") or fields_a.get("value") != fields_b.get("value"):
                continue
            if any(fields_b.get(name, value) != value for name, value in fields_a.items()):
                continue  # 33K 0.1 % / 33K 1 %, 0402 16 V / 0805 50 V: said on both sides and different
            unsaid = sorted(fields_a.keys() ^ fields_b.keys())
            same = members_a is members_b
            for x, a in enumerate(members_a):
                for b in members_a[x + 1:] if same else members_b:
                    if a.identity.kind == PART and b.identity.kind == PART and not (
                            _by_distributor(a) or _by_distributor(b)):
                        continue
                    if not unsaid and a.identity.kind == b.identity.kind:
                        continue
                    yield _parameter_candidate(a, b, unsaid)


def _parameter_candidate(a: _Entry, b: _Entry, unsaid: list[str]) -> Candidate:
    part = a if a.identity.kind == PART else b if b.identity.kind == PART else None
    if part is not None and not unsaid:
        other = b if part is a else a
        reason = msg(PART_NUMBER_ENCODES_LINE, part_number=part.identity.part_number, other=other.identity.display_name)
    else:
        reason = msg(SAYS_LESS, fields=", ".join(unsaid))
    return _candidate(a, b, max(70, 92 - 4 * len(unsaid)), reason, auto_merge=False)


def _by_distributor(entry: _Entry) -> bool:
    """A line known only by a distributor's code: the one kind of part number paired with another by values."""
    return bool((getattr(entry.identity, "params", None) or {}).get("distributor"))


def _fields_of(identity: Any) -> dict[str, str]:
    """Parameters that tell parts apart, without empty ones; {} for an identity without them."""
    params = getattr(identity, "params", None) or {}
    fields = {name: value for name, value in params.items() if value and name not in ("kind", "distributor")}
    if params.get("type") == "bat" and params.get("capacity_ah"):
        fields["value"] = params["capacity_ah"]  # a battery is named by its capacity as a resistor by its ohms
    return fields if "type" in fields and fields.get("value") else {}


def _passing(
    queries: list[str], choices: list[str], scorer: Any, cutoff: int, near: bool, pairs_once: bool = False
) -> Iterator[tuple[int, int, int]]:
    """(query, choice, score) for every cell whose score passes: ≤ cutoff for distances, ≥ cutoff for similarities.

    With ``pairs_once`` (queries and choices are the same list) each unordered pair is given once, i < j.
    """
    if len(queries) * len(choices) < _SMALL_BLOCK**2:
        for i, query in enumerate(queries):
            for j in range(i + 1 if pairs_once else 0, len(choices)):
                score = scorer(query, choices[j], score_cutoff=cutoff)
                if (score <= cutoff) if near else (score >= cutoff):
                    yield i, j, int(score)
        return
    matrix = process.cdist(queries, choices, scorer=scorer, score_cutoff=cutoff, dtype=np.int32, workers=-1)
    mask = matrix <= cutoff if near else matrix >= cutoff
    if pairs_once:
        mask = np.triu(mask, k=1)
    for i, j in zip(*np.nonzero(mask), strict=True):
        yield int(i), int(j), int(matrix[i, j])


def _part_number_pairs(chunk: list[_Entry]) -> Iterator[Candidate]:
    parts = [e for e in chunk if e.identity.kind == PART and e.identity.part_number]
    numbers = [e.identity.part_number.upper() for e in parts]
    for i, j, distance in _passing(numbers, numbers, Levenshtein.distance, 1, near=True, pairs_once=True):
        a, b = parts[i], parts[j]
        reason = _part_number_reason(numbers[i], numbers[j], distance, a.identity, b.identity)
        if reason:
            score = 95 if distance == 0 else int(round(fuzz.ratio(numbers[i], numbers[j])))
            yield _candidate(a, b, score, reason, auto_merge=False)


def _part_number_reason(a: str, b: str, distance: int, ident_a: Any, ident_b: Any) -> str:
    """Why two part numbers are probably one part; '' when the difference means another part."""
    if distance == 0:
        return msg(SAME_PART_NUMBER, part_number=a, maker_a=ident_a.manufacturer or "—",
                   maker_b=ident_b.manufacturer or "—")
    op = next(iter(Levenshtein.editops(a, b)))
    if op.tag == "replace":
        if a[op.src_pos].isdigit() and b[op.dest_pos].isdigit():
            return ""  # LM317 / LM337, ERJ…103 / ERJ…104: a digit for a digit names another part or value
        if _in_ordering_suffix(a, op.src_pos) and _in_ordering_suffix(b, op.dest_pos):
            return ""  # LM358N / LM358D: another package of the same die is another orderable part
        return msg(DIFFER_IN_CHARACTER, position=op.src_pos + 1, char_a=a[op.src_pos], part_a=a,
                   char_b=b[op.dest_pos], part_b=b)
    longer, at = (a, op.src_pos) if op.tag == "delete" else (b, op.dest_pos)
    if longer[at].isdigit() and _digit_beside(longer, at):
        return ""  # RC0402FR-07100KL / -0710KL: a digit more in a number is another value, not a typo
    if op.tag == "delete":
        return msg(DIFFER_BY_CHARACTER, char=a[op.src_pos], position=op.src_pos + 1, part=a, other=b)
    return msg(DIFFER_BY_CHARACTER, char=b[op.dest_pos], position=op.dest_pos + 1, part=b, other=a)


def _digit_beside(text: str, at: int) -> bool:
    return (at > 0 and text[at - 1].isdigit()) or (at + 1 < len(text) and text[at + 1].isdigit())


def _in_ordering_suffix(number: str, position: int) -> bool:
    """Whether a character lies in the trailing letters after the last digit, where package codes live."""
    return not any(ch.isdigit() for ch in number[position:]) and any(ch.isdigit() for ch in number[:position])


def _text_pairs(block: str, chunk: list[_Entry], settings: MatchSettings) -> Iterator[Candidate]:
    """Free-text positions against the positions of the chunk whose texts hold the same numbers.

    Numbers name items (М6 / М8 bolts, 2,5 / 4 mm² cable), so texts whose numbers differ are not compared.
    Pairs without a free text are left out too: part numbers or parameters already decide those.
    """
    by_numbers: dict[str, list[_Entry]] = defaultdict(list)
    for entry in chunk:
        by_numbers[entry.numbers].append(entry)
    for group in by_numbers.values():
        if len(group) > 1:
            yield from _text_pairs_within(block, group, settings)


def _text_pairs_within(block: str, group: list[_Entry], settings: MatchSettings) -> Iterator[Candidate]:
    queries = [index for index, e in enumerate(group) if e.identity.kind == TEXT]
    if not queries:
        return
    texts = [e.text for e in group]
    query_texts = [texts[i] for i in queries]
    for q, j, score in _passing(query_texts, texts, fuzz.token_sort_ratio, settings.report_threshold, near=False):
        i = queries[q]
        if i == j or (group[j].identity.kind == TEXT and j < i):
            continue  # itself, or a text pair already met from the other side
        a, b = group[i], group[j]
        yield _candidate(a, b, score, _text_reason(block, score, a.text, b.text), _auto_merges(a, b, settings))


def _auto_merges(a: _Entry, b: _Entry, settings: MatchSettings) -> bool:
    """Two free texts of one category, as many words each, differing by a typo's worth of characters.

    A word more or less («5%», «SMD») often names another item, so only same-length wordings merge.
    """
    if a.identity.kind != TEXT or b.identity.kind != TEXT or a.identity.category != b.identity.category:
        return False
    if len(a.text.split()) != len(b.text.split()):
        return False
    return fuzz.ratio(a.text, b.text) >= settings.auto_merge_threshold


def _text_reason(block: str, score: int, a: str, b: str) -> str:
    return f"{msg(TEXTS_SIMILAR, score=score, block=block)}; {_token_difference(a, b)}"


def _token_difference(a: str, b: str) -> str:
    only_a = sorted(set(a.split()) - set(b.split()))
    only_b = sorted(set(b.split()) - set(a.split()))
    if not only_a and not only_b:
        return msg(SAME_WORDS)
    return msg(DIFFER_IN_WORDS, words_a=" ".join(only_a) or "—", words_b=" ".join(only_b) or "—")


def _candidate(a: _Entry, b: _Entry, score: int, reason: str, auto_merge: bool) -> Candidate:
    """A pair in key order, so the same two positions give the same row on every run.

    Reasons name both sides explicitly, so they stay true when the pair is swapped.
    """
    if b.key < a.key:
        a, b = b, a
    return Candidate(a.key, b.key, score, reason, auto_merge)
