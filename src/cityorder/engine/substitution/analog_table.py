"""Import of a Soviet/Russian ↔ foreign IC analog table (series, soviet, foreign), such as
../shared/data/soviet_foreign_ic_analogs.csv, into cross-references.

The keys are messy: ranges (КР142ЕН8А-Г), lists (537РУ3А,Б; К170АП2,2В), Latin look-alike letters (564ЛА7B),
the letter З for the digit 3; foreign sides with the micro sign (µA741 is UA741) or lists (SAS560/570).
Each row is expanded (designations.py) and every guess is reported as a doubtful row that was still imported.
The table gives no compatibility; Soviet analogs of the period share function and usually pinout but not the
package (metric pitch, other cases), so every pair is imported as ``functional``.

Rows that contradict the rest of the table are doubtful and *not* imported: in logic families a function
and number (ЛА3) stand for one 54/74 or 4000-series type across series (ЛА3 = xx00), so a row that names
another type (КР1564ЛА3 → MM74HC20, where 14 other rows say xx00) is most likely an error of the table.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from cityorder.engine.identity import parse_soviet
from cityorder.engine.messages import msg, template
from cityorder.engine.records import ROW_REF
from cityorder.engine.substitution.designations import expand_designations
from cityorder.engine.substitution.sheets import read_table
from cityorder.engine.substitution.xref_file import code_problem
from cityorder.engine.substitution.xrefs import Compatibility, Xref, code_key

ALIASES: dict[str, tuple[str, ...]] = {
    "soviet": ("отечественная", "отечественный", "советская", "ссср"),
    "foreign": ("зарубежная", "зарубежный", "аналог", "analog"),
    "series": ("серия",),
}
_NONE = frozenset({"", "-", "—", "–", "нет", "none", "n/a"})
_SERIES = re.compile(r"(\d{3,4})")
_TTL = re.compile(r"^[A-Z]{0,3}(?:54|74)[A-Z]{0,4}(\d{2,3})[A-Z]{0,2}\d?$")
_CMOS = re.compile(r"^(?:CD|HEF|HCF|TC|MC1)(4\d{3})")
# A majority needs this many rows and twice the rows of the contradicting type to overrule a row.
_MAJORITY_ROWS = 3

FOREIGN_SIDE = template("foreign side: %(problem)s")
OTHER_SERIES = template("listed under series %(series)s, but %(designations)s is of series %(others)s")
CONTRADICTED = template("%(type)s is %(usual)s in %(rows)s other rows, but this row gives %(foreign)s: probably an "
                        "error of the table, not imported")


class DoubtfulRow(NamedTuple):
    row: int  # as the spreadsheet shows it (the header is row 1)
    reason: str
    imported: bool  # the row's pairs were imported as read after the guesses in ``reason``


@dataclass(slots=True)
class XrefImport:
    xrefs: list[Xref]
    doubtful: list[DoubtfulRow]
    no_analog: list[int] = field(default_factory=list)  # rows whose foreign side says there is none («-»)
    rows: int = 0


@dataclass(slots=True)
class _Row:
    row: int
    designations: tuple[str, ...]
    foreign: list[str]
    doubts: list[str]


def read_analog_table(path: str | Path, *, compatibility: str = Compatibility.FUNCTIONAL) -> XrefImport:
    """Cross-references from an analog table; every row ends as pairs, a doubtful row or a row with no analog."""
    table = read_table(path, None, ALIASES, ("soviet", "foreign"))
    result = XrefImport(xrefs=[], doubtful=[], rows=len(table.records))
    rows: list[_Row] = []
    for record in table.records:
        foreign_cell = record.cells["foreign"].strip()
        if foreign_cell.lower() in _NONE:
            result.no_analog.append(record.row)
            continue
        expansion = expand_designations(record.cells["soviet"])
        doubts = list(expansion.doubts)
        doubts.extend(_series_doubts(record.cells.get("series", ""), expansion.designations))
        foreign, foreign_doubts = expand_foreign(foreign_cell)
        doubts.extend(foreign_doubts)
        if not expansion.designations or not foreign:
            result.doubtful.append(DoubtfulRow(record.row, "; ".join(doubts), False))
            continue
        rows.append(_Row(record.row, expansion.designations, foreign, doubts))
    contradicted = _contradictions(rows)
    for row in rows:
        if row.row in contradicted:
            result.doubtful.append(DoubtfulRow(row.row, "; ".join([*row.doubts, contradicted[row.row]]), False))
            continue
        if row.doubts:
            result.doubtful.append(DoubtfulRow(row.row, "; ".join(row.doubts), True))
        source = msg(ROW_REF, place=table.file, row=row.row)
        result.xrefs.extend(Xref(soviet, foreign, compatibility, "", source)
                            for soviet in row.designations for foreign in row.foreign)
    result.doubtful.sort()
    return result


def expand_foreign(cell: str) -> tuple[list[str], list[str]]:
    """Foreign part numbers of a cell: SAS560/570 is SAS560 and SAS570 (a short item replaces the end)."""
    head, *tails = [part.strip() for part in cell.split("/")]
    codes = [head]
    for tail in tails:
        codes.append(head[:len(head) - len(tail)] + tail if 0 < len(tail) < len(head) else tail)
    problems = [msg(FOREIGN_SIDE, problem=problem) for code in codes if (problem := code_problem(code))]
    return ([], problems) if problems else (list(dict.fromkeys(codes)), [])


def _series_doubts(series_cell: str, designations: tuple[str, ...]) -> list[str]:
    match = _SERIES.search(series_cell)
    if not match:
        return []
    series = match.group(1)
    others = sorted({p.series for d in designations if (p := parse_soviet(d)) is not None and p.series != series})
    return [msg(OTHER_SERIES, series=series, designations=", ".join(designations), others=", ".join(others))] \
        if others else []


def _type_of(foreign: str) -> str:
    """The logic type a foreign part number names («74:00» for SN74LS00, «40:4011» for CD4011A), or ''."""
    key = code_key(foreign)
    if (match := _CMOS.match(key)) is not None:
        return f"40:{match.group(1)}"
    if (match := _TTL.match(key)) is not None:
        return f"74:{match.group(1)}"
    return ""


def _contradictions(rows: list[_Row]) -> dict[int, str]:
    """Rows whose foreign logic type contradicts what most rows give for the same function and number.

    TTL-like series (155, 555, 1533, 1564 …) and CMOS 4000-like ones (176, 561, 564) number their types apart
    (К155ЛА3 = 7400, К561ЛА7 = 4011), so each family is compared only with itself."""
    groups: dict[tuple[str, str, str], list[tuple[_Row, str]]] = defaultdict(list)
    for row in rows:
        parsed = parse_soviet(row.designations[0])
        types = {_type_of(f) for f in row.foreign} - {""}
        if parsed is not None and len(types) == 1:
            kind = types.pop()
            groups[(parsed.function_code, parsed.number, kind.split(":")[0])].append((row, kind))
    found: dict[int, str] = {}
    for (function, number, _family), members in groups.items():
        counts = Counter(kind for _row, kind in members)
        majority, votes = counts.most_common(1)[0]
        for row, kind in members:
            if kind != majority and votes >= _MAJORITY_ROWS and votes >= 2 * counts[kind]:
                family, core = majority.split(":")
                shown = f"xx{core}" if family == "74" else core
                found[row.row] = msg(CONTRADICTED, type=f"{function}{number}", usual=shown, rows=votes,
                                     foreign="/".join(row.foreign))
    return found
