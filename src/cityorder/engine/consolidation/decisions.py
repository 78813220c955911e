"""An analyst's decisions on pairs of keys: «same» merges them, «different» keeps them apart for good."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.tabular import decode_text

# Errors in a decisions file an analyst uploads.
NOT_A_DECISION = template("«%(word)s» is not a decision; write same or different")
MISSING_COLUMNS = template("the decisions file lacks the column(s) %(columns)s")
IN_ROW = template("row %(row)s: %(error)s")


class Verdict(StrEnum):
    SAME = "same"
    DIFFERENT = "different"


# Words an analyst may type in the decision column of matches.csv; anything else is an error, not a guess.
_WORDS: dict[str, Verdict] = {
    "same": Verdict.SAME,
    "merge": Verdict.SAME,
    "одна": Verdict.SAME,
    "одно": Verdict.SAME,
    "same position": Verdict.SAME,
    "different": Verdict.DIFFERENT,
    "split": Verdict.DIFFERENT,
    "разные": Verdict.DIFFERENT,
}


class DecisionError(ValueError):
    """A decisions file that cannot be used; the message names the row."""


@dataclass(frozen=True, slots=True)
class Decision:
    key_a: str
    key_b: str
    verdict: Verdict

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.key_a, self.key_b))


def parse_verdict(word: str) -> Verdict | None:
    """The verdict a cell means; None for an empty cell (a pair not decided yet)."""
    plain = word.strip().lower()
    if not plain:
        return None
    if plain not in _WORDS:
        raise DecisionError(msg(NOT_A_DECISION, word=word))
    return _WORDS[plain]


def load_decisions(source: str | Path | bytes) -> list[Decision]:
    """Decisions from a CSV with columns key_a, key_b, decision (matches.csv with its decision column filled works)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    reader = csv.DictReader(io.StringIO(decode_text(data, str(source)[:200]), newline=""))
    missing = {"key_a", "key_b", "decision"} - set(reader.fieldnames or ())
    if missing:
        raise DecisionError(msg(MISSING_COLUMNS, columns=", ".join(sorted(missing))))
    decisions = []
    for number, row in enumerate(reader, start=2):
        try:
            verdict = parse_verdict(row["decision"] or "")
        except DecisionError as exc:
            raise DecisionError(msg(IN_ROW, row=number, error=exc)) from exc
        if verdict is not None and row["key_a"] and row["key_b"]:
            decisions.append(Decision(row["key_a"].strip(), row["key_b"].strip(), verdict))
    return decisions


def as_decisions(items: Iterable[Decision | tuple[str, str, str]]) -> list[Decision]:
    """Decisions given as objects or as (key_a, key_b, word) tuples."""
    result = []
    for item in items:
        if isinstance(item, Decision):
            result.append(item)
            continue
        key_a, key_b, word = item
        verdict = parse_verdict(word)
        if verdict is not None:
            result.append(Decision(key_a, key_b, verdict))
    return result
