"""One source row into one LineRecord: ok, skipped with the reason, or an error that says what to fix."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cityorder.engine.identity.codes import find_code
from cityorder.engine.identity.kinds import kind_in, kind_only
from cityorder.engine.identity.suppliers import SEPARATOR as SUPPLIER_SEPARATOR
from cityorder.engine.identity.suppliers import supplier_entry
from cityorder.engine.identity.text import is_placeholder
from cityorder.engine.messages import msg, template
from cityorder.engine.reading.designators import count_designators
from cityorder.engine.reading.forms import MADE_TO_DRAWING, NOT_BOUGHT, not_bought, own_drawing
from cityorder.engine.reading.headers import MAX_YEAR, MIN_YEAR, distributor_named, field_year, year_field
from cityorder.engine.reading.layout import SheetLayout
from cityorder.engine.reading.quantities import NO_QUANTITY, NotAQuantity, Quantity, parse_quantity
from cityorder.engine.reading.tabular import Cell
from cityorder.engine.reading.units import PIECES, Unit, parse_unit
from cityorder.engine.records import LineRecord, LineStatus

TEXT_FIELDS = ("name", "part_number", "manufacturer", "description", "value", "footprint", "designators")
# The fields a continuation row of a parts list may add to: the rest of a name, a designation, a remark.
CONTINUED_FIELDS = ("name", "part_number", "description", "value", "note", "designators")

_TOTAL = re.compile(r"^(?:итого|всего|total|grand total|subtotal|в том числе)\b", re.IGNORECASE)
_SECTION = re.compile(r"^(?:раздел|подраздел|глава|section|часть)\b", re.IGNORECASE)
_DNP_MARK = re.compile(r"(?:^|[\s(\[])(?:dnp|dni|не устанавл\w*)(?:$|[\s)\]])", re.IGNORECASE)
_NO_DNP = frozenset({"", "0", "no", "n", "false", "нет", "-", "fitted"})
_YEAR_TEXT = re.compile(r"^(\d{4})\s*(?:г\.?|год[ау]?)?$")
_NUMBER_LIKE = re.compile(r"^[\d\s.,\u00a0\u202f+\-−]+$")
PIECES_WORD = template("pieces")
_UNIT_WORDS = {
    "pcs": PIECES_WORD,
    "set": template("sets"),
    "kwh": template("kWh"),
    "kg": template("kg"),
    "m": template("metres"),
    "pack": template("packs"),
}

BLANK_ROW = template("blank row")
TOTAL_ROW = template("total row «%(text)s»: totals are computed from the lines, not read")
NO_QUANTITY_SOURCE = template(
    "no quantity column: the sheet has no column «Кол-во», «Количество» or a year; add one or map a column to quantity"
)
HEADER_REPEATED = template("the header repeated (a page break in the original)")
SECTION_TITLE = template("section title «%(text)s»; if it is a line of demand, enter its quantity")
DNP_IN_COLUMN = template("not fitted (DNP): «%(mark)s» in column «%(column)s»")
DNP_IN_TEXT = template("not fitted (DNP): «%(text)s»")
DNP_PART_NUMBER = template("not fitted (DNP): part number «%(part_number)s»")
COLUMN_PROBLEM = template("%(column)s: %(problem)s")
NO_QUANTITY_IN_YEARS = template(
    "no quantity in any year column (%(columns)s); enter the quantity for at least one year"
)
ZERO_EVERY_YEAR = template("zero quantity in every year")
ZERO_QUANTITY = template("zero quantity")
NO_QUANTITY_COLUMN = template("no quantity column: add a column «Кол-во» or map a column to quantity")
NOT_A_YEAR = template(
    "%(column)s: «%(value)s» is not a year between %(min)s and %(max)s; enter the year of delivery, e.g. 2026"
)
NO_YEAR = template("%(column)s: no year; enter the year of delivery, e.g. 2026")
QUANTITY_NOT_DESIGNATORS = template(
    "%(column)s says %(quantity)s but %(count)s designators are listed; %(quantity)s is used, check the row"
)
NO_IDENTITY = template("%(column)s: no name or part number; enter what is needed")
KIND_ONLY = template(
    "%(column)s: «%(text)s» names only the kind of part; enter its type or designation (e.g. %(example)s) so it "
    "can be ordered"
)

ENTER_NON_NEGATIVE = template("%(problem)s; enter a quantity of 0 or more")
ENTER_IN_UNIT = template("%(problem)s; enter the quantity in %(unit)s")


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # part numbers and codes typed as numbers: «1234», not «1234.0»
    return str(cell).strip()


@dataclass(frozen=True, slots=True)
class _Column:
    index: int
    header: str


class RowReader:
    """Reads the data rows of one sheet whose layout is known."""

    def __init__(
        self, layout: SheetLayout, *, file: str, sheet: str, customer: str, default_year: int, form: bool = False
    ) -> None:
        self.file, self.sheet, self.customer, self.default_year = file, sheet, customer, default_year
        self.kind = layout.kind
        # A parts list or a drawing's specification: what it cites by its own drawing number is made, not bought.
        self.form = form or self.kind == "bom"
        self.columns = {name: _Column(m.index, m.header or m.letter) for name, m in layout.columns.items()}
        self.year_columns = [
            (year, self.columns[name]) for name in layout.columns if (year := field_year(name)) is not None
        ]
        index = self.columns.get("index")
        self.index_column = index.index if index else -1
        self.ignored = frozenset({self.index_column, *layout.unneeded})
        self.has_quantity_source = bool(self.year_columns) or bool({"quantity", "designators"} & set(self.columns))
        self.quantity_indices = tuple(
            c.index for name, c in self.columns.items() if name == "quantity" or field_year(name) is not None
        )
        name = layout.columns.get("name")
        # A name column that holds the designation too (its header says so, or a parts list or specification
        # puts it there): the kind stays the name, the code becomes the part number when the row gives none.
        self.split_name = name is not None and (
            name.combined or self.form or ("designators" in layout.columns
                                            and not {"part_number", "supplier_code"} & set(layout.columns))
        )
        codes = layout.columns.get("supplier_code")
        # Each distributor's code column with the distributor its header names (LCSC Part #, mouser#).
        self.supplier_columns = tuple(
            (j, distributor_named(header))
            for j, header in ([(codes.index, codes.header)] if codes else []) + layout.more_supplier_codes
        )
        self.fallbacks = {
            name: [j for j, _ in others] for name, others in layout.alternatives.items() if name in TEXT_FIELDS
        }
        self.unit_problems: dict[str, int] = {}  # a unit cell that is no unit («0») -> rows that held it

    def lacks_part_numbers(self) -> bool:
        """No column gives the lines a part number: none of its own, no name column that holds the designation,
        no BOM's value (where CAD tools put the part's type)."""
        return "part_number" not in self.columns and not self.split_name and self.kind != "bom"

    def texts(self, cells: Sequence[Cell]) -> list[str]:
        return [cell_text(c) for c in cells]

    def filled(self, texts: Sequence[str]) -> list[int]:
        """Columns of a row that hold something a line could be made of (not its number, price or link)."""
        return [j for j, t in enumerate(texts) if t and j not in self.ignored]

    def field_text(self, texts: Sequence[str], name: str) -> str:
        """The text a row holds for a field, '' when the sheet has no such column."""
        return self._text(texts, name)

    def names_a_part(self, texts: Sequence[str]) -> bool:
        """The row lists designators or a quantity: a line of the list, not a stamp or a heading."""
        return bool(self._text(texts, "designators")) or any(
            i < len(texts) and texts[i] for i in self.quantity_indices
        )

    def continues(self, texts: Sequence[str], above: Sequence[Cell]) -> bool:
        """A row of a parts list or specification that carries on the part above it: only more text in the name
        or the remarks (ПЭ3 writes long names so, the designation or the ТУ often on the second row), or only
        more designators under a list that ends in a comma («R29A,» then «R30C,R30B,R30A»)."""
        if not self.form:
            return False
        column = self.columns.get("designators")
        if column is not None and self._text(texts, "designators"):
            ran_on = cell_text(above[column.index] if column.index < len(above) else None).endswith((",", ";"))
            return ran_on and self.filled(texts) == [column.index]
        if "name" not in self.columns or self.names_a_part(texts):
            return False
        continued = {self.columns[f].index for f in CONTINUED_FIELDS if f in self.columns}
        filled = self.filled(texts)
        return bool(filled) and all(j in continued for j in filled)

    def joined(self, above: Sequence[Cell], below: Sequence[Cell]) -> list[Cell]:
        """The cells of a part written over two rows: texts run on, a quantity is taken where there was none."""
        cells = list(above) + [None] * max(0, len(below) - len(above))
        for name in CONTINUED_FIELDS:
            column = self.columns.get(name)
            if column is None or column.index >= len(below):
                continue
            more = cell_text(below[column.index])
            if more:
                first = cell_text(cells[column.index])
                cells[column.index] = f"{first} {more}" if first else more
        return cells

    def read(
        self, cells: Sequence[Cell], row: int, kind: str = "", texts: list[str] | None = None
    ) -> LineRecord:
        """One row; ``kind`` is the kind its group heading names («Резистор» under «Резисторы»).

        ``texts`` are the cells as text when the caller has them already.
        """
        texts = self.texts(cells) if texts is None else texts
        record = self._record(texts, row)
        filled = [texts[j] for j in self.filled(texts)]
        if not filled:
            return _skip(record, msg(BLANK_ROW))
        total = next((t for t in filled[:2] if _TOTAL.match(t)), None)
        if total is not None:
            return _skip(record, msg(TOTAL_ROW, text=total))
        if not self.has_quantity_source:
            return _error(record, msg(NO_QUANTITY_SOURCE))
        if self._repeats_header(texts):
            return _skip(record, msg(HEADER_REPEATED))
        if self._is_section_title(filled, texts):
            # Said in full: a demand line whose quantity was forgotten looks the same as a title.
            return _skip(record, msg(SECTION_TITLE, text=filled[0]))
        dnp = self._dnp_reason(texts, record)
        if dnp:
            return _skip(record, dnp)
        if kind and not any(kind_in(t) for t in (record.name, record.value, record.description) if t):
            record.name = f"{kind} {record.name}".strip()
        if self.split_name and record.name and not record.part_number:
            record.name, record.part_number = split_designation(record.name)
        return self._with_quantities(record, cells, texts)

    def _record(self, texts: list[str], row: int) -> LineRecord:
        record = LineRecord(file=self.file, row=row, status=LineStatus.OK, sheet=self.sheet)
        for name in TEXT_FIELDS:
            column = self.columns.get(name)
            if column is not None and column.index < len(texts):
                setattr(record, name, texts[column.index])
        for name, others in self.fallbacks.items():
            # Altium's «Comment» where «Value» is empty on this row: the other column named for the field.
            if not getattr(record, name):
                setattr(record, name, next((texts[j] for j in others if j < len(texts) and texts[j]), ""))
        if self.supplier_columns:
            found = (supplier_entry(texts[j], distributor)
                     for j, distributor in self.supplier_columns if j < len(texts))
            record.supplier_code = SUPPLIER_SEPARATOR.join(dict.fromkeys(e for e in found if e))
        record.customer = self._text(texts, "customer") or self.customer
        return record

    def _text(self, texts: Sequence[str], name: str) -> str:
        column = self.columns.get(name)
        return texts[column.index] if column is not None and column.index < len(texts) else ""

    def _repeats_header(self, texts: list[str]) -> bool:
        named = [c for c in self.columns.values() if c.index < len(texts)]
        return len(named) >= 2 and all(texts[c.index].lower() == c.header.lower() for c in named)

    def _is_section_title(self, filled: list[str], texts: list[str]) -> bool:
        """One text cell alone on its row, or «Раздел …» with no quantity: a title, not a line of demand."""
        if len(filled) == 1 and not _NUMBER_LIKE.match(filled[0]):
            return True
        quantity_cells = [self._text(texts, "quantity")] + [
            texts[c.index] for _, c in self.year_columns if c.index < len(texts)
        ]
        return bool(_SECTION.match(filled[0])) and not any(quantity_cells)

    def _dnp_reason(self, texts: list[str], record: LineRecord) -> str:
        mark = self._text(texts, "dnp")
        if mark.lower() not in _NO_DNP:
            return msg(DNP_IN_COLUMN, mark=mark, column=self.columns["dnp"].header)
        for text in (record.value, record.name, record.description):
            if text and _has_dnp_mark(text):
                return msg(DNP_IN_TEXT, text=text)
        if len(record.value) > 2 and record.value[0] == "(" and record.value[-1] == ")":
            # «(47u)»: a value put in brackets is the one a place would take, left empty on this board.
            return msg(DNP_IN_TEXT, text=record.value)
        if record.part_number.upper() in ("DNP", "DNI"):
            return msg(DNP_PART_NUMBER, part_number=record.part_number)
        drawing = self._text(texts, "drawing")
        if self.form and not drawing:
            drawing = own_drawing(record.part_number) or own_drawing(record.name)
        if drawing:
            return msg(MADE_TO_DRAWING, number=drawing)
        note = self._text(texts, "note")
        what, text = not_bought((record.value, record.name, record.description, record.footprint, note))
        return msg(NOT_BOUGHT, what=msg(what), text=text) if what else ""

    def _with_quantities(self, record: LineRecord, cells: Sequence[Cell], texts: list[str]) -> LineRecord:
        unit_text = self._text(texts, "unit")
        unit = parse_unit(unit_text) if unit_text else None
        if unit is None and _NUMBER_LIKE.match(unit_text):
            # «0», «1» in a unit column: a number typed in the wrong column, not a unit; said once for the sheet.
            self.unit_problems[unit_text] = self.unit_problems.get(unit_text, 0) + 1
            unit_text = ""
        record.unit = unit.code if unit else (unit_text.lower() or PIECES)
        if self.kind == "wide":
            self._read_wide(record, cells, unit)
        elif self.kind == "bom":
            self._read_bom(record, cells)
        else:
            self._read_long(record, cells, texts, unit)
        if record.status is LineStatus.OK:
            self._check_identity(record)
        return record

    def _read_wide(self, record: LineRecord, cells: Sequence[Cell], unit: Unit | None) -> None:
        problems: list[tuple[int, str, str, str]] = []  # year, header, what is wrong, the cell as the file had it
        for year, column in self.year_columns:
            cell = _cell(cells, column.index)
            parsed = parse_quantity(cell)
            if isinstance(parsed, Quantity):
                record.quantities[year] = _in_unit(parsed, unit, record)
            elif not parsed.empty:
                problems.append((year, column.header, self._fix(parsed, record.unit), cell_text(cell)))
        if problems:
            # The other years stay read: the person corrects the bad cells, not the whole row.
            _error(
                record,
                "; ".join(msg(COLUMN_PROBLEM, column=h, problem=p) for _, h, p, _ in problems),
                column=problems[0][1],
                cells={year_field(y): text for y, _, _, text in problems},
            )
        elif not record.quantities:
            headers = ", ".join(c.header for _, c in self.year_columns)
            _error(record, msg(NO_QUANTITY_IN_YEARS, columns=headers), column=self.year_columns[0][1].header)
        elif not any(record.quantities.values()):
            _skip(record, msg(ZERO_EVERY_YEAR))

    def _read_long(self, record: LineRecord, cells: Sequence[Cell], texts: list[str], unit: Unit | None) -> None:
        column = self.columns.get("quantity")
        if column is None:
            _error(record, msg(NO_QUANTITY_COLUMN))
            return
        parsed = parse_quantity(_cell(cells, column.index))
        year = self._year(cells, texts, record)
        quantity = _text_at(texts, column.index)
        if isinstance(parsed, NotAQuantity):
            _error(
                record,
                msg(COLUMN_PROBLEM, column=column.header, problem=self._fix(parsed, record.unit)),
                column=column.header,
                cells={year_field(year) if year is not None else "quantity": quantity},
            )
            return
        if year is None:
            # The quantity is right but has no year to go to: kept beside the bad year for the person to place.
            record.cells["quantity"] = quantity
            return
        record.quantities[year] = _in_unit(parsed, unit, record)
        if not record.quantities[year]:
            _skip(record, "zero quantity")

    def _year(self, cells: Sequence[Cell], texts: list[str], record: LineRecord) -> int | None:
        column = self.columns.get("year")
        if column is None:
            return self.default_year
        year = parse_year(_cell(cells, column.index))
        if year is None:
            shown = _text_at(texts, column.index)
            text = (
                msg(NOT_A_YEAR, column=column.header, value=shown, min=MIN_YEAR, max=MAX_YEAR)
                if shown
                else msg(NO_YEAR, column=column.header)
            )
            _error(record, text, column=column.header, cells={"year": shown})
        return year

    def _read_bom(self, record: LineRecord, cells: Sequence[Cell]) -> None:
        count = count_designators(record.designators) if record.designators else 0
        column = self.columns.get("quantity")
        parsed = parse_quantity(_cell(cells, column.index)) if column else NotAQuantity(msg(NO_QUANTITY), empty=True)
        if isinstance(parsed, Quantity):
            quantity = parsed.value
            if parsed.unit:
                record.unit = parsed.unit.code
            if count and count != quantity and column is not None:
                record.message = msg(
                    QUANTITY_NOT_DESIGNATORS, column=column.header, quantity=_shown(quantity), count=count
                )
        elif parsed.empty and count:
            quantity = float(count)
        else:
            header = column.header if column else self.columns["designators"].header
            raw = cell_text(_cell(cells, column.index)) if column else ""
            _error(
                record,
                msg(COLUMN_PROBLEM, column=header, problem=self._fix(parsed, PIECES)),
                column=header,
                cells={year_field(self.default_year): raw},
            )
            return
        record.quantities[self.default_year] = quantity
        if not quantity:
            _skip(record, "zero quantity")

    def _check_identity(self, record: LineRecord) -> None:
        if not (record.name or record.part_number or record.value or record.description or record.supplier_code):
            field = "name" if "name" in self.columns else "part_number"
            column = self.columns.get(field)
            header = column.header if column else "Наименование"
            _error(record, msg(NO_IDENTITY, column=header), column=header, cells={field: ""})
            return
        if (record.part_number and not is_placeholder(record.part_number)) or record.supplier_code:
            return  # a distributor's code names one orderable part, whatever the name says («LED» beside C2286)
        field = next((f for f in ("part_number", "name", "value") if f in self.columns), "name")
        column = self.columns.get(field)
        header = column.header if column else "Наименование"
        words = " ".join(t for t in (record.name, record.value, record.description) if t)
        kind = kind_only(words)
        if not kind and words.upper() == _letters(record.designators):
            # «C» as the value of C53: the letter of its designator again, so only the kind is known.
            kind = _DESIGNATOR_KINDS.get(words.upper(), "")
        if kind:
            # «Микросхема» with no type cannot be ordered, and must never merge with another «Микросхема».
            _error(
                record,
                msg(KIND_ONLY, column=header, text=words, example=_EXAMPLES.get(kind, "КР142ЕН5А")),
                column=header,
                cells={field: getattr(record, field)},
            )

    @staticmethod
    def _fix(problem: NotAQuantity, unit: str) -> str:
        if problem.negative:
            return msg(ENTER_NON_NEGATIVE, problem=problem.reason)
        return msg(ENTER_IN_UNIT, problem=problem.reason, unit=_UNIT_WORDS.get(unit, unit or PIECES_WORD))


_DESIGNATOR_KINDS = {"R": "Resistor", "C": "Capacitor", "L": "Inductor", "D": "Diode", "Q": "Transistor", "U": "IC"}
_LEADING_LETTERS = re.compile(r"^\s*([A-Za-z]{1,3})\d")


def _letters(designators: str) -> str:
    """The letters a designator list starts with («C» of «C53, C54»), upper-case, or ''."""
    found = _LEADING_LETTERS.match(designators)
    return found.group(1).upper() if found else ""


_EXAMPLES = {
    "Резистор": "Р1-12-0,125-10 кОм±5 %",
    "Конденсатор": "К10-17в-Н50-0,1 мкФ",
    "Диод": "КД522Б",
    "Транзистор": "КТ315Б",
    "Стабилитрон": "КС133А",
    "Светодиод": "АЛ307Б",
    "Аккумулятор": "6СТ-190А",
    "Resistor": "RC0402FR-0710KL",
    "Capacitor": "GRM155R71C104KA88D",
    "IC": "STM32F103C8T6",
}


def split_designation(name: str) -> tuple[str, str]:
    """«Микросхема КР142ЕН5А» -> («Микросхема», «КР142ЕН5А»): identity's one rule for a code inside a text."""
    found = find_code(name)
    if found is None:
        return name, ""
    rest = " ".join((name[: found.start] + " " + name[found.end :]).split()).strip(" ,;")
    return rest, found.code


@lru_cache(maxsize=65536)
def _has_dnp_mark(text: str) -> bool:
    return bool(_DNP_MARK.search(text))


def parse_year(cell: Cell) -> int | None:
    """A year of delivery between 2000 and 2100, typed as a number or as «2026 г.»."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        year = int(cell) if float(cell).is_integer() else 0
    else:
        match = _YEAR_TEXT.match(cell.strip().lower())
        year = int(match.group(1)) if match else 0
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _in_unit(parsed: Quantity, unit: Unit | None, record: LineRecord) -> float:
    """A unit in the cell wins over the unit column; «тыс. шт» in the unit column multiplies by 1000."""
    if parsed.unit is not None:
        record.unit = parsed.unit.code
        return parsed.value
    return round(parsed.value * unit.factor, 6) if unit else parsed.value


def _cell(cells: Sequence[Cell], index: int) -> Cell:
    return cells[index] if index < len(cells) else None


def _text_at(texts: Sequence[str], index: int) -> str:
    return texts[index] if index < len(texts) else ""


def _shown(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _skip(record: LineRecord, message: str) -> LineRecord:
    record.status = LineStatus.SKIPPED
    record.message = message
    record.quantities = {}
    return record


def _error(
    record: LineRecord, message: str, column: str = "", cells: dict[str, str] | None = None
) -> LineRecord:
    """The row is an error about ``cells`` (field -> the text the file had); its other cells stay as read."""
    record.status = LineStatus.ERROR
    record.message = message
    record.column = column
    given = cells or {}
    record.cells = {**given, **{k: v for k, v in record.cells.items() if k not in given}}  # the newest first
    return record
