"""Where a sheet's header is and which column holds which field.

The header is the row (among the first rows, under any title rows) that names the most known fields;
when the row below it holds only years («Потребность, шт» over «2026 2027 2028»), both rows are one header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.headers import (
    AUX_FIELDS,
    FIELDS,
    YEAR_FIELD_PREFIX,
    HeaderLabel,
    field_year,
    header_text,
    is_unneeded_header,
    is_year_label,
    label_header,
    normalize_header,
    year_field,
)
from cityorder.engine.reading.tabular import Cell

DISTRIBUTOR_RANK = 2  # the rank of distributors' and CAD libraries' codes (headers.py)
SCAN_ROWS = 50  # a header lower than this is not a header a person would find either
_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")
_YEAR_KEY = re.compile(r"^(?:quantity[:_ ]?)?(\d{4})$")

NO_HEADER_FIRST_ROW = template(
    "sheet %(sheet)s has no recognisable header: row %(row)s taken as the header; "
    "name the columns (Наименование, Кол-во, …) or map them"
)
ALSO_LOOKS_LIKE = template(
    "column %(column)s «%(header)s» also looks like %(field)s; column %(used_column)s «%(used_header)s» is used"
)
NOT_READ_YEAR_COLUMNS = template(
    "column %(column)s «%(header)s» is not read: quantities are read from the year columns"
)
MAPPING_NOT_A_FIELD = template("mapping: «%(key)s» is not a field; use one of %(fields)s or a year")
MAPPING_COLUMN_MISSING = template("mapping: column «%(column)s» for %(field)s is not in the header; check its spelling")
# The fields a note names (a value of the notes above), each translatable on its own.
FIELD_WORDS = (
    template("customer"),
    template("name"),
    template("part_number"),
    template("manufacturer"),
    template("unit"),
    template("quantity"),
    template("year"),
    template("description"),
    template("value"),
    template("footprint"),
    template("designators"),
    template("supplier_code"),
    template("dnp"),
    template("index"),
    template("note"),
    template("drawing"),
    template("quantity:%(year)s"),
)


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    header: str  # the header text as found in the sheet
    letter: str  # «D»
    index: int  # 0-based
    how: str  # "synonym", "year", "two-row header", "mapping", "content"
    combined: bool = False  # the column holds the kind and the designation («Наименование и тип»)


@dataclass(slots=True)
class SheetLayout:
    header_row: int  # 1-based row of the field names
    header_rows: int  # 2 when a row of years sits under the field names
    columns: dict[str, ColumnMatch]
    recognised: bool  # False when no header was found and the first row was taken as one
    notes: list[str] = field(default_factory=list)
    # Columns whose header says no line needs them (prices, links): their cells never make a row non-blank.
    unneeded: frozenset[int] = frozenset()
    skipped_columns: list[int] = field(default_factory=list)  # recognised but not read; a note says why
    # field -> other columns named for it (not distributors' or libraries' codes): read where the chosen is empty
    alternatives: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # Every further distributor's code column (Digi-Key beside Mouser): all of them are read, none replaces another.
    more_supplier_codes: list[tuple[int, str]] = field(default_factory=list)

    @property
    def data_start(self) -> int:
        """0-based index of the first data row."""
        return self.header_row - 1 + self.header_rows

    @property
    def years(self) -> list[int]:
        return sorted(y for y in map(field_year, self.columns) if y is not None)

    @property
    def kind(self) -> str:
        if self.years:
            return "wide"
        if "year" in self.columns:
            return "long"
        if "designators" in self.columns:
            return "bom"
        return "long"


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_index(letter: str) -> int:
    index = 0
    for char in letter.upper():
        index = index * 26 + ord(char) - ord("A") + 1
    return index - 1


def find_layout(rows: Sequence[Sequence[Cell]], mapping: Mapping[str, str] | None = None) -> SheetLayout | None:
    """The header and columns of a sheet, or None when no row looks like a header."""
    mapped_texts = frozenset(normalize_header(v) for v in (mapping or {}).values() if v and not _LETTERS.match(v))
    scan = [list(row) for row in rows[:SCAN_ROWS]]
    labels = [[label_header(cell) for cell in row] for row in scan]
    best: tuple[int, int, int] | None = None  # (score, row index, header rows)
    for i, row in enumerate(scan):
        single = _score(row, labels[i], mapped_texts)
        candidates = [(single, 1)]
        if i + 1 < len(scan) and _is_year_row(scan[i + 1], labels[i + 1], labels[i]):
            candidates.append((single + _year_count(labels[i + 1]) + 1, 2))
        for score, height in candidates:
            if score > 0 and (best is None or score > best[0]):
                best = (score, i, height)
    if best is None:
        return None
    _, i, height = best
    layout = _layout_from(scan, labels, i, height)
    return apply_mapping(layout, scan, mapping) if mapping else layout


def fallback_layout(rows: Sequence[Sequence[Cell]], mapping: Mapping[str, str] | None, sheet: str) -> SheetLayout:
    """The first non-empty row as a header no field was recognised in: its rows are still all reported."""
    first = next(i for i, row in enumerate(rows) if any(header_text(c) for c in row))
    layout = SheetLayout(header_row=first + 1, header_rows=1, columns={}, recognised=False)
    layout.notes.append(msg(NO_HEADER_FIRST_ROW, sheet=sheet or "1", row=first + 1))
    scan = [list(row) for row in rows[: first + 1]]
    return apply_mapping(layout, scan, mapping) if mapping else layout


def _score(row: Sequence[Cell], labels: Sequence[HeaderLabel | None], mapped: frozenset[str]) -> int:
    """Distinct known fields a row names; a row of fewer than two cells is a title, not a header."""
    texts = [header_text(c) for c in row]
    if sum(1 for t in texts if t) < 2:
        return 0
    fields = {lab.field for lab in labels if lab is not None and lab.field not in AUX_FIELDS}
    extra = sum(1 for t, lab in zip(texts, labels, strict=False) if lab is None and normalize_header(t) in mapped)
    return len(fields) + extra


def _is_year_row(
    row: Sequence[Cell], labels: Sequence[HeaderLabel | None], above: Sequence[HeaderLabel | None]
) -> bool:
    """A row that holds years and nothing else but unit hints: the lower half of a two-row header.

    Its years sit under a quantity header («Потребность, шт» merged over them) or under empty cells, never
    under a column that names another field.
    """
    years = 0
    for j, (cell, label) in enumerate(zip(row, labels, strict=False)):
        if is_year_label(label):
            over = above[j] if j < len(above) else None
            if over is not None and over.field != "quantity" and not is_year_label(over):
                return False
            years += 1
        elif header_text(cell) and (label is None or label.field != "quantity"):
            return False
    return years > 0


def _year_count(labels: Sequence[HeaderLabel | None]) -> int:
    return sum(1 for label in labels if is_year_label(label))


def _layout_from(scan: list[list[Cell]], labels: list[list[HeaderLabel | None]], i: int, height: int) -> SheetLayout:
    width = max(len(scan[i]), len(scan[i + height - 1]))
    claims: dict[str, list[tuple[int, int, str, str]]] = {}  # field -> [(rank, column, header, how)]
    combined: set[int] = set()
    unneeded: set[int] = set()
    for j in range(width):
        label, text, how = _column_label(scan, labels, i, height, j)
        if label is not None:
            claims.setdefault(label.field, []).append((label.rank, j, text, how))
            if label.combined:
                combined.add(j)
        elif any(is_unneeded_header(scan[r][j]) for r in range(i, i + height) if j < len(scan[r])):
            unneeded.add(j)
    layout = SheetLayout(
        header_row=i + 1, header_rows=height, columns={}, recognised=True, unneeded=frozenset(unneeded)
    )
    for name, found in claims.items():
        rank, j, text, how = min(found)
        layout.columns[name] = ColumnMatch(text, column_letter(j), j, how, combined=j in combined)
        for other_rank, other, other_text, _ in sorted(found)[1:]:
            layout.skipped_columns.append(other)  # said in the note below, not warned about again
            if name == "supplier_code":
                layout.more_supplier_codes.append((other, other_text))
                continue
            if other_rank < DISTRIBUTOR_RANK:
                layout.alternatives.setdefault(name, []).append((other, other_text))
            layout.notes.append(
                msg(
                    ALSO_LOOKS_LIKE,
                    column=column_letter(other),
                    header=other_text,
                    field=name,
                    used_column=column_letter(j),
                    used_header=text,
                )
            )
    _drop_conflicts(layout)
    return layout


def _column_label(
    scan: list[list[Cell]], labels: list[list[HeaderLabel | None]], i: int, height: int, j: int
) -> tuple[HeaderLabel | None, str, str]:
    """A column's label: the year below wins over the merged «Потребность, шт» above it."""
    top = labels[i][j] if j < len(labels[i]) else None
    top_text = header_text(scan[i][j]) if j < len(scan[i]) else ""
    if height == 2:
        below = labels[i + 1][j] if j < len(labels[i + 1]) else None
        if is_year_label(below):
            return below, header_text(scan[i + 1][j]), "two-row header"
    how = "year" if is_year_label(top) else "synonym"
    return top, top_text, how


def _drop_conflicts(layout: SheetLayout) -> None:
    """A column per year makes a single quantity column and a year column redundant: say so, read years."""
    if not layout.years:
        return
    for name in ("quantity", "year"):
        match = layout.columns.pop(name, None)
        if match is not None:
            layout.skipped_columns.append(match.index)
            layout.notes.append(msg(NOT_READ_YEAR_COLUMNS, column=match.letter, header=match.header))


def apply_mapping(layout: SheetLayout, scan: list[list[Cell]], mapping: Mapping[str, str]) -> SheetLayout:
    """The user's choice of column for a field replaces what was recognised."""
    header_cells = [scan[r] for r in range(layout.header_row - 1, layout.data_start) if r < len(scan)]
    for key, target in mapping.items():
        name = _field_name(key)
        if name is None:
            layout.notes.append(msg(MAPPING_NOT_A_FIELD, key=key, fields=", ".join(FIELDS)))
            continue
        if not target:
            layout.columns.pop(name, None)
            continue
        j = _find_column(header_cells, target)
        if j is None:
            layout.notes.append(msg(MAPPING_COLUMN_MISSING, column=target, field=name))
            continue
        for other in [f for f, m in layout.columns.items() if m.index == j]:
            del layout.columns[other]
        text = next((header_text(row[j]) for row in reversed(header_cells) if j < len(row) and header_text(row[j])), "")
        layout.columns[name] = ColumnMatch(text, column_letter(j), j, "mapping")
    _drop_conflicts(layout)
    return layout


def _field_name(key: str) -> str | None:
    plain = key.strip().lower()
    if plain in FIELDS or plain in AUX_FIELDS:
        return plain
    year = _YEAR_KEY.match(plain.removeprefix(YEAR_FIELD_PREFIX))
    return year_field(int(year.group(1))) if year else None


def _find_column(header_cells: list[list[Cell]], target: str) -> int | None:
    wanted = normalize_header(target)
    for row in header_cells:
        for j, cell in enumerate(row):
            if normalize_header(header_text(cell)) == wanted:
                return j
    return column_index(target) if _LETTERS.match(target.strip()) else None
