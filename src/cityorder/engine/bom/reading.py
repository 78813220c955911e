"""Reading a multi-level bill of materials from any file the demand reader opens.

Two layouts people keep: an indented list with a level column (1 under the product, 2 under the level-1
line above, …; a level-0 first row names the product), or parent/child columns (each line names the part
it goes into). A file with neither is a single-level BOM (KiCad, Altium, EasyEDA exports, ПЭ3 lists), read by
the demand reader (bom.flat): every line is under the product. Every problem is a RowError naming file,
row and column; when there is one, the whole BOM is refused (BomError) and the caller stores nothing.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from cityorder.engine.bom.flat import read_flat_bom
from cityorder.engine.bom.headers import label_bom_header
from cityorder.engine.bom.model import PRODUCT, Bom, BomLine, children_by_level, exact
from cityorder.engine.identity import identify
from cityorder.engine.identity.partnumbers import looks_like_part_number
from cityorder.engine.messages import msg, template
from cityorder.engine.reading import NotAQuantity, parse_quantity
from cityorder.engine.reading.headers import header_text
from cityorder.engine.reading.tabular import Cell, Sheet, UnreadableFile, read_tables
from cityorder.engine.reading.units import PIECES, parse_unit
from cityorder.engine.substitution.sheets import RowError, SourceFileError, cell_text

NO_BOM_HEADER = template(
    "no header row with a quantity column («Кол-во на ед.», «Количество», «Qty per») and a part number or name "
    "column in the first %(rows)s rows; add them"
)
LEVEL_NOT_A_NUMBER = template("«%(value)s» is not a level; write 1 for a line under the product, 2 under it, …")
LEVEL_JUMP = template(
    "the level jumps from %(previous)s to %(level)s; a line of level %(level)s must stand under a line of level "
    "%(parent)s"
)
FIRST_LEVEL = template("the first line is at level %(level)s; the first line under the product is at level 1")
PRODUCT_ROW_NOT_FIRST = template("a level-0 line is the product itself and can only be the first line")
NO_QTY_PER = template("no quantity per parent; write how many go into one unit of the line above")
BAD_QTY_PER = template("%(reason)s; write how many go into one unit of the line above")
BAD_ATTRITION = template("«%(value)s» is not an attrition in percent; write a number from 0 to 100, e.g. 2,5")
NO_PART = template("no part number and no name; name the part or delete the row")
UNKNOWN_PARENT = template(
    "«%(parent)s» is not a line of this BOM and not its product «%(product)s»; write the part number of the "
    "assembly this line goes into"
)
PARENT_CYCLE = template("«%(part)s» goes, through its parents, into itself; fix the parent column")
UNIT_CONFLICT = template(
    "the part «%(part)s» is counted in %(unit)s here and in %(other)s at row %(other_row)s; use one unit"
)

HEADER_SEARCH_ROWS = 30  # a title block (drawing number, approvals) often stands above a BOM's header
_DOTS = re.compile(r"^\.+")
_OUTLINE = re.compile(r"^\d+(?:\.\d+)+$")
_WHOLE = re.compile(r"^\d+\.0+$")  # «2.0»: a depth some exporters write as a float


class BomError(SourceFileError):
    """A bill of materials that cannot be used as it is; ``errors`` names every row to fix."""


def read_bom(source: str | Path | bytes | BinaryIO, filename: str | None = None) -> Bom:
    """The BOM of the first sheet that has a BOM header; raises BomError listing every problem."""
    name = Path(filename or (str(source) if isinstance(source, (str, Path)) else "file")).name
    data = source if isinstance(source, bytes) else (
        Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read())
    try:
        sheets = read_tables(data, name)
    except UnreadableFile as exc:
        raise BomError([RowError(name, 0, "", str(exc))]) from exc
    for sheet in sheets:
        header = _find_header(sheet)
        if header is not None and ({"level", "parent"} & header[1].keys()):
            return _read_sheet(name, sheet, *header)
    # No level and no parent column: a single-level BOM, read by the demand reader like any parts list.
    try:
        bom, errors = read_flat_bom(data, name)
    except UnreadableFile as exc:
        raise BomError([RowError(name, 0, "", str(exc))]) from exc
    if errors:
        raise BomError(sorted(errors, key=lambda e: e.row))
    if not bom.lines:
        raise BomError([RowError(name, 0, "", msg(NO_BOM_HEADER, rows=HEADER_SEARCH_ROWS))])
    _check_units_of(name, bom.lines)
    return bom


def _find_header(sheet: Sheet) -> tuple[int, dict[str, tuple[int, str]]] | None:
    """(row index, field → (column, header as written)) of the first row naming a quantity and a part."""
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        best: dict[str, tuple[int, int, str]] = {}
        for column, cell in enumerate(row):
            label = label_bom_header(cell)
            if label is None:
                continue
            known = best.get(label.field)
            if known is None or label.rank < known[0]:
                best[label.field] = (label.rank, column, header_text(cell))
        if "qty_per" in best and ({"part_number", "name", "child"} & best.keys()):
            return index, {field: (column, text) for field, (_r, column, text) in best.items()}
    return None


class _Rows:
    """The cells of one sheet by field, and the errors found while reading them."""

    def __init__(self, file: str, columns: dict[str, tuple[int, str]]) -> None:
        self.file = file
        self.columns = columns
        self.errors: list[RowError] = []

    def cell(self, row: list[Cell], field: str) -> Cell:
        found = self.columns.get(field)
        return row[found[0]] if found and found[0] < len(row) else None

    def text(self, row: list[Cell], field: str) -> str:
        return cell_text(self.cell(row, field))

    def error(self, row: int, field: str, message: str) -> None:
        column = self.columns[field][1] if field in self.columns else ""
        self.errors.append(RowError(self.file, row, column, message))


def _read_sheet(file: str, sheet: Sheet, header_row: int, columns: dict[str, tuple[int, str]]) -> Bom:
    rows = _Rows(file, columns)
    lines: list[BomLine] = []
    product = ""
    outline = "level" in columns and _is_outline(rows, sheet.rows[header_row + 1:])
    for index in range(header_row + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        number = index + 1
        if not any(cell_text(c) for c in cells):
            continue
        level = _level(rows, cells, number, outline=outline) if "level" in columns else 1
        if level == 0:
            if lines or product:
                rows.error(number, "level", msg(PRODUCT_ROW_NOT_FIRST))
            else:
                product = rows.text(cells, "part_number") or rows.text(cells, "child") or rows.text(cells, "name")
            continue
        line = _line(rows, cells, number, level or 1)
        if line is not None:
            lines.append(line)
    if "level" in columns:
        _check_levels(rows, lines)
    _check_units(rows, lines)
    if "parent" in columns and not rows.errors:
        children, product = _children_by_parent(rows, lines, product)
    else:
        children = children_by_level(lines) if not rows.errors else {}
    if rows.errors:
        raise BomError(sorted(rows.errors, key=lambda e: e.row))
    return Bom(file=file, lines=lines, children=children, product=product)


def _is_outline(rows: _Rows, body: list[list[Cell]]) -> bool:
    """Whether the level column numbers its lines as an outline («1», «1.1», «1.1.2», «2»), not by depth."""
    texts = (rows.text(cells, "level").strip() for cells in body)
    return any(_OUTLINE.match(text) and not _WHOLE.match(text) for text in texts)


def _level(rows: _Rows, cells: list[Cell], number: int, *, outline: bool = False) -> int | None:
    """1, «1», 2.0, SAP's «..2» and an outline number «1.2.3» (three levels deep); None after an error.

    In an outline a plain number is a line under the product: «2» is the second such line, not level 2.
    """
    raw = rows.cell(cells, "level")
    text = cell_text(raw).strip()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer() and raw >= 0:
        return min(int(raw), 1) if outline else int(raw)
    if _WHOLE.match(text) and not outline:
        return int(float(text))
    if _OUTLINE.match(text):
        parts = text.split(".")
        while len(parts) > 1 and not parts[-1].strip("0"):
            parts.pop()  # «1.2.0» (a WBS heading) stands where «1.2» does
        return len(parts)
    plain = _DOTS.sub("", text)
    if plain.isdigit():
        return min(int(plain), 1) if outline and plain == text else int(plain)
    rows.error(number, "level", msg(LEVEL_NOT_A_NUMBER, value=text))
    return None


def _line(rows: _Rows, cells: list[Cell], number: int, level: int) -> BomLine | None:
    part_number = rows.text(cells, "part_number") or rows.text(cells, "child")
    # An English BOM often names its parts in a «Description» column and has no «Name»: that is the name then.
    name = rows.text(cells, "name") or rows.text(cells, "description")
    if not part_number and not name:
        rows.error(number, "part_number" if "part_number" in rows.columns else "name", msg(NO_PART))
        return None
    qty = _qty_per(rows, cells, number)
    unit = _unit(rows.text(cells, "unit"), qty[1])
    attrition = _attrition(rows, cells, number)
    if qty[0] is None or attrition is None:
        return None
    return BomLine(
        row=number, level=level, part_number=part_number, name=name, qty_per=qty[0], unit=unit,
        attrition=attrition, key=part_identity(part_number, name, rows.text(cells, "manufacturer")),
        manufacturer=rows.text(cells, "manufacturer"), designators=rows.text(cells, "designators"),
        alternates=rows.text(cells, "alternates"), note=rows.text(cells, "note"), parent=rows.text(cells, "parent"),
    )


def part_identity(part_number: str, name: str, manufacturer: str = "") -> str:
    """The key that makes two BOM lines one part: the engine's identity, as for demand lines.

    A real part number alone decides the key (identify reads the name only without one), so the name is left
    out then: the same part under many assemblies with differently worded names is identified once.
    """
    if looks_like_part_number(part_number):
        return identify(part_number=part_number, manufacturer=manufacturer).key
    return identify(part_number=part_number, name=name, manufacturer=manufacturer).key


def _qty_per(rows: _Rows, cells: list[Cell], number: int) -> tuple[Decimal | None, str]:
    parsed = parse_quantity(rows.cell(cells, "qty_per"))
    if isinstance(parsed, NotAQuantity):
        message = msg(NO_QTY_PER) if parsed.empty else msg(BAD_QTY_PER, reason=parsed.reason)
        rows.error(number, "qty_per", message)
        return None, ""
    return exact(parsed.value), parsed.unit.code if parsed.unit else ""


def _unit(text: str, from_quantity: str) -> str:
    if not text:
        return from_quantity or PIECES
    unit = parse_unit(text)
    return unit.code if unit else " ".join(text.lower().split())


def _attrition(rows: _Rows, cells: list[Cell], number: int) -> Decimal | None:
    raw = rows.cell(cells, "attrition")
    text = cell_text(raw).replace("%", "").strip()
    if not text:
        return Decimal(0)
    parsed = parse_quantity(text)
    if isinstance(parsed, NotAQuantity) or parsed.unit is not None or parsed.value > 100:
        rows.error(number, "attrition", msg(BAD_ATTRITION, value=cell_text(raw)))
        return None
    return exact(parsed.value)


def _check_levels(rows: _Rows, lines: list[BomLine]) -> None:
    previous = 0
    for line in lines:
        if previous == 0 and line.level != 1:
            rows.error(line.row, "level", msg(FIRST_LEVEL, level=line.level))
        elif line.level > previous + 1:
            rows.error(line.row, "level", msg(LEVEL_JUMP, previous=previous, level=line.level, parent=line.level - 1))
        previous = line.level


def _check_units_of(file: str, lines: list[BomLine]) -> None:
    rows = _Rows(file, {})
    _check_units(rows, lines)
    if rows.errors:
        raise BomError(rows.errors)


def _check_units(rows: _Rows, lines: list[BomLine]) -> None:
    """One part, one unit: quantities of a part in pieces and in metres cannot be summed."""
    first: dict[str, BomLine] = {}
    for line in lines:
        seen = first.setdefault(line.key, line)
        if seen.unit != line.unit:
            rows.error(line.row, "unit", msg(UNIT_CONFLICT, part=line.label, unit=line.unit, other=seen.unit,
                                             other_row=seen.row))


def _children_by_parent(rows: _Rows, lines: list[BomLine], product: str) -> tuple[dict[int, list[int]], str]:
    """The tree of a parent/child list: a line goes under every line that is the part its parent column names.

    A parent that is no line of the list is the product (the first such one when no level-0 row named it);
    an empty parent is the product too.
    """
    by_key: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        by_key.setdefault(_ref(line.part_number or line.name), []).append(index)
    product_key = _ref(product) if product else ""
    children: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        if not line.parent:
            children.setdefault(PRODUCT, []).append(index)
            continue
        parent_key = _ref(line.parent)
        if parent_key in by_key:
            for parent in by_key[parent_key]:
                children.setdefault(parent, []).append(index)
            continue
        if not product_key:
            product, product_key = line.parent, parent_key
        if parent_key == product_key:
            children.setdefault(PRODUCT, []).append(index)
        else:
            rows.error(line.row, "parent", msg(UNKNOWN_PARENT, parent=line.parent, product=product))
    for index in _in_cycles(children, len(lines)):
        rows.error(lines[index].row, "parent", msg(PARENT_CYCLE, part=lines[index].label))
    return children, product


def _ref(text: str) -> str:
    """How a parent column and a part number column name the same assembly (КР142ЕН5А = KR142EN5A)."""
    return identify(part_number=text).key


def _in_cycles(children: dict[int, list[int]], count: int) -> list[int]:
    """Lines on a cycle (a line that goes, through its parents, into itself) and lines a cycle cuts off."""
    state = [0] * count  # 0 not seen, 1 on the current path, 2 done
    bad: list[int] = []
    stack: list[tuple[int, int]] = [(PRODUCT, 0)]
    while stack:
        node, position = stack.pop()
        under = children.get(node, [])
        if position < len(under):
            stack.append((node, position + 1))
            child = under[position]
            if state[child] == 1:
                bad.append(child)
            elif state[child] == 0:
                state[child] = 1
                stack.append((child, 0))
        elif node != PRODUCT:
            state[node] = 2
    return sorted(set(bad) | {i for i in range(count) if state[i] == 0})
