"""Reference designators of a BOM row («R1, R2, R5-R8»): their count is the row's quantity."""

from __future__ import annotations

import re

# «R1-R4», «R1 – R4», «R1…R4», «DD10..14»: a range; ПЭ3 and specifications write all four.
_RANGE_DASH = re.compile(r"\s*(?:[-–—]|\.{2,3}|…)\s*")
_SEPARATORS = re.compile(r"[,;\s]+")
_RANGE = re.compile(r"^([A-Za-zА-Яа-я_]*)(\d+)-([A-Za-zА-Яа-я_]*)(\d+)$")


def count_designators(text: str) -> int:
    """How many parts a designator list names; a range «R5-R8» counts each part in it."""
    tokens = [t for t in _SEPARATORS.split(_RANGE_DASH.sub("-", text.strip())) if t]
    return sum(_token_count(token) for token in tokens)


def _token_count(token: str) -> int:
    match = _RANGE.match(token)
    if not match:
        return 1
    prefix, start, end_prefix, end = match.groups()
    first, last = int(start), int(end)
    if (end_prefix and end_prefix != prefix) or last < first or last - first > 10_000:
        # Not a range of one kind of part: «R10-R1» names two parts, «X1-2» one pin-style name.
        return 2 if end_prefix else 1
    return last - first + 1
