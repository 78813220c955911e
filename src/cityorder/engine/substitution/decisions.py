"""Analysts' verdicts on proposed analogs: a rejected pair never comes back, a confirmed one ranks first."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cityorder.engine.consolidation.decisions import MISSING_COLUMNS
from cityorder.engine.identity import canonical_manufacturer
from cityorder.engine.messages import msg, template
from cityorder.engine.reading.tabular import decode_text
from cityorder.engine.substitution.sheets import ROW_COLUMN_PROBLEM
from cityorder.engine.substitution.xrefs import code_key

NOT_A_DECISION = template("«%(value)s» is not a decision; write confirmed or rejected")
FILE_LACKS_COLUMNS = template("%(file)s lacks the column(s) %(columns)s")


class AnalogVerdict(StrEnum):
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


_WORDS = {
    "confirmed": AnalogVerdict.CONFIRMED, "confirm": AnalogVerdict.CONFIRMED, "yes": AnalogVerdict.CONFIRMED,
    "да": AnalogVerdict.CONFIRMED, "подтверждён": AnalogVerdict.CONFIRMED, "подтвержден": AnalogVerdict.CONFIRMED,
    "rejected": AnalogVerdict.REJECTED, "reject": AnalogVerdict.REJECTED, "no": AnalogVerdict.REJECTED,
    "нет": AnalogVerdict.REJECTED, "отклонён": AnalogVerdict.REJECTED, "отклонен": AnalogVerdict.REJECTED,
}


class AnalogDecisionError(ValueError):
    """A decision that cannot be used; the message names the row and what to write."""


@dataclass(frozen=True, slots=True)
class AnalogDecision:
    position: str  # the position's id (P…) or its identity key (pn:…), so a verdict outlives order versions
    part_number: str  # the analog's part number, or its identity key
    verdict: str  # AnalogVerdict
    manufacturer: str = ""  # the analog's maker, when the verdict is about one maker's product only

    @property
    def item_key(self) -> str:
        if self.part_number.startswith(("pn:", "par:", "txt:")):
            return self.part_number
        return "pn:" + code_key(self.part_number)

    def names_maker(self, manufacturer: str) -> bool:
        if not self.manufacturer.strip():
            return True
        return _maker(self.manufacturer) == _maker(manufacturer)


def _maker(name: str) -> str:
    return canonical_manufacturer(name) or " ".join(name.lower().split())


def parse_analog_verdict(word: str) -> AnalogVerdict | None:
    """The verdict a cell means; None when empty (not decided)."""
    plain = word.strip().lower()
    if not plain:
        return None
    if plain not in _WORDS:
        raise AnalogDecisionError(msg(NOT_A_DECISION, value=word))
    return _WORDS[plain]


class Verdicts:
    """Decisions by position (id or key) for quick look-up while matching."""

    def __init__(self, decisions: Iterable[AnalogDecision]) -> None:
        self._by_position: dict[str, list[AnalogDecision]] = {}
        for decision in decisions:
            if parse_analog_verdict(decision.verdict) is None:
                continue
            self._by_position.setdefault(decision.position.strip(), []).append(decision)

    def of(self, position_id: str, key: str) -> list[AnalogDecision]:
        return [*self._by_position.get(position_id, ()), *self._by_position.get(key, ())]


def load_analog_decisions(source: str | Path | bytes) -> list[AnalogDecision]:
    """Decisions from a CSV with position_id, part_number, manufacturer and decision columns (analogs.csv with
    its decision column filled works)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = "" if isinstance(source, bytes) else Path(source).name
    reader = csv.DictReader(io.StringIO(decode_text(data, name), newline=""))
    missing = {"position_id", "part_number", "decision"} - set(reader.fieldnames or ())
    if missing:
        columns = ", ".join(sorted(missing))
        raise AnalogDecisionError(msg(FILE_LACKS_COLUMNS, file=name, columns=columns) if name
                                  else msg(MISSING_COLUMNS, columns=columns))
    decisions = []
    for number, row in enumerate(reader, start=2):
        try:
            verdict = parse_analog_verdict(row["decision"] or "")
        except AnalogDecisionError as exc:
            raise AnalogDecisionError(msg(ROW_COLUMN_PROBLEM, file=name, row=number, column="decision",
                                          message=str(exc))) from exc
        if verdict is not None and row["position_id"] and row["part_number"]:
            decisions.append(AnalogDecision(row["position_id"].strip(), row["part_number"].strip(), verdict,
                                            (row.get("manufacturer") or "").strip()))
    return decisions
