"""The cross-reference file: part_number, analog_part_number, compatibility, note — one pair per row.

compatibility is pin (drop-in), functional (other package or pinout) or parametric; Russian words and
SiliconExpert's letters are read too (A pin-to-pin drop-in → pin; B minor differences and D similar function
in another package or pinout → functional; C major differences → parametric). Either side may name a family
(NE555, LM317): it then applies to its orderable variants. Each pair is known in both directions.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from cityorder.engine.messages import msg, template
from cityorder.engine.records import ROW_REF
from cityorder.engine.substitution.sheets import Record, RowError, SourceFileError, Table, read_table
from cityorder.engine.substitution.xrefs import Compatibility, Xref, code_key

PAIR_TWICE = template("row %(row)s gives this pair as %(compatibility)s; keep one row per pair")
NOT_A_COMPATIBILITY = template("«%(value)s» is not a compatibility; write pin, functional or parametric")
THE_PART_ITSELF = template("is the part itself; write another part")
EMPTY_CODE = template("is empty; write a part number")
NOT_A_CODE = template("«%(value)s» is not a part number; write one code such as NE555 or КР1006ВИ1")
NOTHING_LEFT = template("«%(value)s» has nothing of a part number left once normalized; write the code itself")

REQUIRED = ("part_number", "analog_part_number", "compatibility", "note")
# The fields as a message names them (the columns a file lacks), each translatable on its own.
FIELD_WORDS = (template("part_number"), template("analog_part_number"), template("compatibility"), template("note"))
ALIASES: dict[str, tuple[str, ...]] = {
    "part_number": ("part number", "pn", "mpn", "артикул", "обозначение", "оригинал", "original"),
    "analog_part_number": ("analog", "analogue", "analog part number", "аналог", "обозначение аналога",
                           "replacement"),
    "compatibility": ("type", "совместимость", "тип совместимости", "тип"),
    "note": ("notes", "comment", "примечание", "комментарий"),
}
_COMPATIBILITY = {
    "pin": Compatibility.PIN, "pin-to-pin": Compatibility.PIN, "pin to pin": Compatibility.PIN,
    "drop-in": Compatibility.PIN, "a": Compatibility.PIN, "по выводам": Compatibility.PIN,
    "полная": Compatibility.PIN, "functional": Compatibility.FUNCTIONAL, "function": Compatibility.FUNCTIONAL,
    "b": Compatibility.FUNCTIONAL, "d": Compatibility.FUNCTIONAL, "функциональная": Compatibility.FUNCTIONAL,
    "функциональный": Compatibility.FUNCTIONAL, "parametric": Compatibility.PARAMETRIC,
    "c": Compatibility.PARAMETRIC, "параметрическая": Compatibility.PARAMETRIC,
    "по параметрам": Compatibility.PARAMETRIC,
}
MAX_CODE_LENGTH = 40


def read_xrefs(source: str | Path | bytes | BinaryIO, filename: str | None = None) -> list[Xref]:
    """Every cross-reference of a file; raises SourceFileError listing every row that cannot be used."""
    xrefs, errors = parse_xrefs(source, filename)
    if errors:
        raise SourceFileError(errors)
    return xrefs


def parse_xrefs(source: str | Path | bytes | BinaryIO, filename: str | None = None
                ) -> tuple[list[Xref], list[RowError]]:
    """The cross-references that can be used and the errors of the rows that cannot.

    A row repeating an earlier pair with the same compatibility adds nothing and is not an error; the same pair
    with another compatibility is (which one holds?)."""
    table = read_table(source, filename, ALIASES, REQUIRED)
    xrefs: list[Xref] = []
    errors: list[RowError] = []
    seen: dict[frozenset[str], tuple[int, str]] = {}
    for record in table.records:
        xref, problems = _xref(table, record)
        if xref is None:
            errors.extend(problems)
            continue
        pair = frozenset((code_key(xref.part_number), code_key(xref.analog_part_number)))
        earlier = seen.get(pair)
        if earlier is None:
            seen[pair] = (record.row, xref.compatibility)
            xrefs.append(xref)
        elif earlier[1] != xref.compatibility:
            errors.append(_error(table, record, "compatibility",
                                 msg(PAIR_TWICE, row=earlier[0], compatibility=earlier[1])))
    return xrefs, errors


def _error(table: Table, record: Record, field: str, message: str) -> RowError:
    return RowError(table.file, record.row, table.headers.get(field, field), message)


def _xref(table: Table, record: Record) -> tuple[Xref | None, list[RowError]]:
    cells = record.cells
    problems = [_error(table, record, field, problem) for field in ("part_number", "analog_part_number")
                if (problem := code_problem(cells[field]))]
    compatibility = _COMPATIBILITY.get(cells["compatibility"].strip().lower())
    if compatibility is None:
        problems.append(_error(table, record, "compatibility",
                               msg(NOT_A_COMPATIBILITY, value=cells["compatibility"])))
    if not problems and code_key(cells["part_number"]) == code_key(cells["analog_part_number"]):
        problems.append(_error(table, record, "analog_part_number", msg(THE_PART_ITSELF)))
    if problems or compatibility is None:
        return None, problems
    return Xref(cells["part_number"], cells["analog_part_number"], compatibility, cells["note"],
                msg(ROW_REF, place=table.file, row=record.row)), []


def code_problem(text: str) -> str:
    """What is wrong with a part number of a cross-reference, or ''. Bare numbers (8086, 2764) are codes too."""
    if not text:
        return msg(EMPTY_CODE)
    if len(text) > MAX_CODE_LENGTH or len(text.split()) > 2 or not any(ch.isdigit() for ch in text):
        return msg(NOT_A_CODE, value=text)
    if not code_key(text):
        return msg(NOTHING_LEFT, value=text)
    return ""
