"""Columns judged by what they hold where the header does not say, and columns that hold data nobody reads.

A BOM whose designators stand under «Part» (Eagle) or whose part numbers stand under «MP», «DesignItemId» or
no header at all still has them: a column whose cells look like designators or like part numbers is used as
such, and the mapping says it was chosen by content. A column that holds data and that nothing used is named
as a warning, so a person can map it; it is never silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from cityorder.engine.identity.partnumbers import looks_like_part_number
from cityorder.engine.messages import msg, template
from cityorder.engine.reading.headers import header_text
from cityorder.engine.reading.layout import ColumnMatch, SheetLayout, column_letter
from cityorder.engine.reading.quantities import parse_number
from cityorder.engine.reading.tabular import Cell

SAMPLE_ROWS = 200  # enough rows to judge a column by; a sheet of a million rows is judged by its top
CHOSEN_BY_CONTENT = template(
    "column %(column)s «%(header)s» is read as %(field)s: its cells look like %(what)s; map it otherwise if wrong"
)
EMPTY_COLUMN_REPLACED = template(
    "column %(column)s «%(header)s» is empty: %(field)s is read from column %(used_column)s «%(used_header)s»"
)
LOOK_DESIGNATORS = template("reference designators")
LOOK_PART_NUMBERS = template("part numbers")
LOOK_VALUES = template("the parts' values or types, and no other column names the part")
IDENTITY_FIELDS = frozenset({"name", "part_number", "value", "description"})
COLUMN_NOT_READ = template(
    "column %(column)s «%(header)s» holds data (e.g. «%(example)s») but is not read; map it to a field if it matters"
)
UNTITLED_NOT_READ = template(
    "column %(column)s has no header but holds data (e.g. «%(example)s») and is not read; map it to a field if "
    "it matters"
)

# One designator or a range of them: R1, C12, DD10, XS1, LED3, R1-R4, DD10..14, С2-С14 (Cyrillic С as typed).
_DESIGNATOR = r"[A-ZА-ЯЁ][A-ZА-ЯЁ_]{0,4}\d{1,4}[A-Z]?"
_DESIGNATORS = re.compile(
    rf"^{_DESIGNATOR}(?:\s*(?:[-–—…]|\.{{2,3}})\s*(?:{_DESIGNATOR}|\d{{1,4}}))?"
    rf"(?:\s*[,;\s]\s*{_DESIGNATOR}(?:\s*(?:[-–—…]|\.{{2,3}})\s*(?:{_DESIGNATOR}|\d{{1,4}}))?)*[,;]?$"
)
_VALUE = re.compile(r"^\d+(?:[.,]\d+)?\s*[a-zа-яµμΩ]{0,4}$", re.IGNORECASE)  # 100nF, 4.7K, 10 кОм
_TOLERANCE = re.compile(r"\s*±\s*\d+(?:[.,]\d+)?\s*%?$")
DESIGNATOR_SHARE = 0.8
UNIQUE_SHARE = 0.9
PART_NUMBER_SHARE = 0.5


def looks_like_designators(text: str) -> bool:
    return bool(_DESIGNATORS.match(text.upper()))


def _designator_column(sample: list[list[Cell]], j: int) -> bool:
    """Cells shaped like designators, and (a part is placed once) nearly all different: «К10-17» on two rows
    is a capacitor type, not the designators of two parts."""
    texts = [t for row in sample if (t := _text(row, j))]
    if len(texts) < 2 or len(set(texts)) < UNIQUE_SHARE * len(texts):
        return False
    return _share(sample, j, looks_like_designators) >= DESIGNATOR_SHARE


def _looks_like_part_number(cell: str) -> bool:
    # A domestic type written in Latin letters ends in its tolerance: «R1-112-0W125-302±5» is still a code.
    text = _TOLERANCE.sub("", cell)
    return (
        looks_like_part_number(text)
        and not _VALUE.match(text)
        and not looks_like_designators(text)
        and parse_number(text) is None
    )


def _names_something(text: str) -> bool:
    """A text with letters in it (47p, 1K, BZX84-C8V2), not a line number or a price."""
    return any(c.isalpha() for c in text)


def _part_number_column(sample: list[list[Cell]], j: int) -> bool:
    return _share(sample, j, _looks_like_part_number) >= PART_NUMBER_SHARE


def choose_by_content(
    layout: SheetLayout, rows: Sequence[Sequence[Cell]], chosen: Collection[str] = ()
) -> None:
    """Designators and part numbers from columns the header left unnamed (or named wrongly); says so in notes.

    Fields in ``chosen`` were mapped by a person (a column, or none): their choice stands.
    """
    sample = [list(rows[i]) for i in range(layout.data_start, min(len(rows), layout.data_start + SAMPLE_ROWS))]
    if not sample:
        return
    headers = _headers(layout, rows)
    _prefer_filled(layout, sample)
    part_number = layout.columns.get("part_number")
    if (
        "designators" not in layout.columns
        and "designators" not in chosen
        and part_number is not None
        and part_number.how != "mapping"
    ):
        # «Обозначение» of a specification where the designators were typed: it holds R1, DD2-DD5, not types.
        if _designator_column(sample, part_number.index):
            del layout.columns["part_number"]
            _choose(layout, "designators", part_number.index, part_number.header, LOOK_DESIGNATORS)
    free = [j for j in range(max(map(len, sample))) if j not in _used(layout)]
    for name, test, what in (
        ("designators", _designator_column, LOOK_DESIGNATORS),
        ("part_number", _part_number_column, LOOK_PART_NUMBERS),
    ):
        if name in layout.columns or name in chosen:
            continue
        found = next((j for j in free if test(sample, j)), None)
        if found is not None:
            _choose(layout, name, found, headers.get(found, ""), what)
            free.remove(found)
    if not IDENTITY_FIELDS & (set(layout.columns) | set(chosen)):
        # OrCAD's «Part» (47p, 10u, BZX84-C8V2): nothing else names the part, so the column of texts does.
        found = next((j for j in free if _share(sample, j, _names_something) >= PART_NUMBER_SHARE), None)
        if found is not None:
            _choose(layout, "value", found, headers.get(found, ""), LOOK_VALUES)


class UnreadColumns:
    """A warning for each column that holds data no field reads (prices, links and totals are not worth one),
    found while the data rows go by one at a time: the first text of each such column is kept, nothing else."""

    def __init__(self, layout: SheetLayout, head: Sequence[Sequence[Cell]]) -> None:
        self.layout, self.head = layout, head  # head: the sheet's first rows, the header and the sample among them
        self.skipped = _used(layout) | layout.unneeded
        self.width = 0
        self.waiting: list[int] = []  # columns not read whose first text is still to come
        self.examples: dict[int, str] = {}

    def see(self, row: Sequence[Cell]) -> None:
        if len(row) > self.width:
            self.waiting.extend(j for j in range(self.width, len(row)) if j not in self.skipped)
            self.width = len(row)
        if not self.waiting:
            return
        for j in [j for j in self.waiting if j < len(row)]:
            text = _text(row, j)
            if text:
                self.examples[j] = text
                self.waiting.remove(j)

    def warnings(self) -> list[str]:
        headers = _headers(self.layout, self.head)
        start = self.layout.data_start
        warnings = []
        for j, example in sorted(self.examples.items()):
            if j not in headers and _numbers_the_lines(self.head, start, len(self.head), j):
                continue
            example = example if len(example) <= 40 else example[:39] + "…"
            header = headers.get(j, "")
            template_ = COLUMN_NOT_READ if header else UNTITLED_NOT_READ
            warnings.append(msg(template_, column=column_letter(j), header=header, example=example))
        return warnings


def unread_columns(layout: SheetLayout, rows: Sequence[Sequence[Cell]], end: int) -> list[str]:
    """UnreadColumns over the data rows of a sheet held whole."""
    unread = UnreadColumns(layout, rows)
    for i in range(layout.data_start, end):
        unread.see(rows[i])
    return unread.warnings()


def _numbers_the_lines(rows: Sequence[Sequence[Cell]], start: int, end: int, j: int) -> bool:
    """An untitled column of 1, 2, 3…: the lines' numbers, which nobody needs to be warned about."""
    numbers = [t for i in range(start, min(end, start + SAMPLE_ROWS)) if (t := _text(rows[i], j))]
    if not all(n.isdigit() for n in numbers):
        return False
    values = [int(n) for n in numbers]
    return all(b > a for a, b in zip(values, values[1:], strict=False))


def _prefer_filled(layout: SheetLayout, sample: list[list[Cell]]) -> None:
    """Of two columns named for one field, an empty one yields to one that holds data («ValueTechReq» to
    «ValueType»)."""
    for name, others in layout.alternatives.items():
        chosen = layout.columns.get(name)
        if chosen is None or chosen.how == "mapping" or any(_text(row, chosen.index) for row in sample):
            continue
        filled = next(((j, text) for j, text in others if any(_text(row, j) for row in sample)), None)
        if filled is not None:
            j, text = filled
            layout.skipped_columns.append(chosen.index)
            layout.columns[name] = ColumnMatch(text, column_letter(j), j, "content")
            layout.notes.append(msg(EMPTY_COLUMN_REPLACED, column=chosen.letter, header=chosen.header,
                                    field=msg(name), used_column=column_letter(j), used_header=text))


def _choose(layout: SheetLayout, name: str, j: int, header: str, what: str) -> None:
    layout.columns[name] = ColumnMatch(header, column_letter(j), j, "content")
    layout.notes.append(
        msg(CHOSEN_BY_CONTENT, column=column_letter(j), header=header, field=msg(name), what=msg(what))
    )


def _used(layout: SheetLayout) -> set[int]:
    return {m.index for m in layout.columns.values()} | set(layout.skipped_columns)


def _headers(layout: SheetLayout, rows: Sequence[Sequence[Cell]]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for r in range(layout.header_row - 1, min(layout.data_start, len(rows))):
        for j, cell in enumerate(rows[r]):
            text = header_text(cell)
            if text:
                texts[j] = text
    return texts


def _text(row: Sequence[Cell], j: int) -> str:
    if j >= len(row):
        return ""
    cell = row[j]
    if cell is None or isinstance(cell, bool):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _share(sample: list[list[Cell]], j: int, test: Callable[[str], bool]) -> float:
    """The share of a column's filled cells that pass ``test``; 0 for a column with fewer than two."""
    texts = [t for row in sample if (t := _text(row, j))]
    if len(texts) < 2:
        return 0.0
    return sum(1 for t in texts if test(t)) / len(texts)
