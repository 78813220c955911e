"""The scoring workbook of `cityorder tender_score`: criteria and bids in, scores.csv out.

Two sheets (any case):

- «Критерии»: ``Критерий``, ``Вес, %``, ``Лучше`` («меньше» or «больше»), optional ``Предел`` (the limit value);
  the price «Цена» is always one of the criteria (the platform requires it too);
- «Заявки»: ``Лот``, ``Участник`` and one column per criterion, headed by the criterion's name.

The rows of «Заявки» are taken in the order the bids were submitted (it breaks ties of equal totals). A CSV file
holds both tables one under the other, each under a row with only the sheet's name («Критерии», «Заявки»).
Every problem names the file, sheet, row and column and what to do; scores are written only when there is none.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.tabular import Cell, Sheet, read_tables
from cityorder.engine.tenders.scoring import (
    PRICE,
    PRICE_NOT_POSITIVE,
    Better,
    Criterion,
    Offer,
    Score,
    ScoringError,
    check_criteria,
    exact,
    shown,
)

CRITERIA_SHEET = "Критерии"
BIDS_SHEET = "Заявки"
CRITERION, WEIGHT, BETTER, LIMIT = "Критерий", "Вес, %", "Лучше", "Предел"
LOT, BIDDER = "Лот", "Участник"
BETTER_WORDS = {"меньше": Better.LESS, "больше": Better.MORE}

AT_CELL = template("%(file)s, sheet «%(sheet)s», row %(row)s, column «%(column)s»: %(problem)s")
AT_ROW = template("%(file)s, sheet «%(sheet)s», row %(row)s: %(problem)s")
AT_COLUMN = template("%(file)s, sheet «%(sheet)s», column «%(column)s», rows %(first)s–%(last)s: %(problem)s")
IN_FILE = template("%(file)s: %(problem)s")
NO_SHEET = template("there is no sheet «%(sheet)s» (sheets: %(sheets)s); add it.")
SHEET_EMPTY = template("the sheet has no header row; put %(columns)s in its first row.")
NO_COLUMN = template("the header has no column «%(column)s»; add it.")
COLUMN_TWICE = template("two columns are headed «%(column)s»; keep one.")
NO_ROWS = template("the sheet has no rows under its header; add them.")
EMPTY_CELL = template("the cell is empty; enter a value.")
NOT_A_NUMBER = template("«%(value)s» is not a number; enter a number.")
UNKNOWN_BETTER = template("«%(value)s» is not one of %(words)s; enter one of them.")
NO_PRICE_ROW = template("there is no criterion «%(price)s»: the price is always one of the criteria (the platform "
                        "scores no tender without it). Add a row «%(price)s» with «%(less)s» in column "
                        "«%(better)s», and a column «%(price)s» on the sheet «%(bids)s».")
OFFER_AGAIN = template("%(bidder)s already has an offer for lot %(lot)s in row %(first)s; keep one.")
PROBLEMS = template("%(count)s problem(s):\n%(problems)s")

_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


class TenderFileError(ValueError):
    """The workbook cannot be scored; ``problems`` lists every one, each naming file, sheet, row and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if len(problems) == 1 else msg(PROBLEMS, count=len(problems),
                                                                     problems="\n".join(problems)))

    def __reduce__(self) -> tuple[Any, ...]:
        # Made again from its problems, not its text: a file read in the limited child raises it in the parent.
        return (type(self), (self.problems,))


@dataclass(frozen=True, slots=True)
class TenderFile:
    criteria: list[Criterion]
    offers: list[Offer]


def key(name: object) -> str:
    """How a header or a criterion's name is compared: any case, any run of spaces, ё as е."""
    return _SPACES.sub(" ", str(name)).strip().casefold().replace("ё", "е")


def text_of(cell: Cell) -> str:
    """A cell as text; a whole number typed into a numeric cell (lot 1) reads as «1», not «1.0»."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def number_of(cell: Cell, *, percent: bool = False) -> Fraction | None:
    """A number from a numeric cell or from text such as «1 250 000,50» (with ``percent``, «40 %» too); None when
    it is not one."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return exact(cell)
    plain = _SPACES.sub("", str(cell)).replace("\u00a0", "")
    if percent:
        plain = plain.removesuffix("%")
    return exact(plain.replace(",", ".")) if _NUMBER.match(plain) else None


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[str] = []

    def cell(self, sheet: str, row: int, column: str, problem: str) -> None:
        self.found.append(msg(AT_CELL, file=self.file, sheet=sheet, row=row, column=column, problem=problem))

    def row(self, sheet: str, row: int, problem: str) -> None:
        self.found.append(msg(AT_ROW, file=self.file, sheet=sheet, row=row, problem=problem))

    def whole(self, problem: str) -> None:
        self.found.append(msg(IN_FILE, file=self.file, problem=problem))


@dataclass(slots=True)
class _Table:
    sheet: str
    header_row: int  # 1-based
    columns: dict[str, int]  # key(header) → column index
    headers: dict[str, str]  # key(header) → the header as written
    rows: list[tuple[int, list[Cell]]]  # (1-based row number, cells), empty rows left out

    def cell(self, cells: list[Cell], name: str) -> Cell:
        index = self.columns[key(name)]
        return cells[index] if index < len(cells) else None


def read_tender_file(source: str | Path | bytes | BinaryIO, filename: str | None = None) -> TenderFile:
    """Criteria and offers of a scoring workbook (xlsx, xls, ods, csv), every problem reported at once."""
    name = Path(filename or (str(source) if isinstance(source, (str, Path)) else "file")).name
    problems = _Problems(name)
    sheets = _sections(read_tables(source, filename=filename))
    criteria_table = _table(sheets, CRITERIA_SHEET, [CRITERION, WEIGHT, BETTER], problems)
    criteria = _criteria(criteria_table, problems) if criteria_table else []
    if criteria and not problems.found and criteria_table:
        try:
            check_criteria(criteria)
        except ScoringError as exc:
            rows = [r for r, _ in criteria_table.rows]
            problems.found.append(msg(AT_COLUMN, file=name, sheet=criteria_table.sheet,
                                      column=criteria_table.headers[key(WEIGHT)], first=rows[0], last=rows[-1],
                                      problem=str(exc)))
    if criteria_table:
        _require_price(criteria_table, problems)
    bids_table = _table(sheets, BIDS_SHEET, [LOT, BIDDER, *(c.name for c in criteria)], problems)
    offers = _offers(bids_table, criteria, problems) if bids_table else []
    if problems.found:
        raise TenderFileError(problems.found)
    return TenderFile(criteria=criteria, offers=offers)


def _require_price(table: _Table, problems: _Problems) -> None:
    """Price always among the criteria, as the platform's evaluation requires: a workbook without it would be scored
    here but never there. Read from the names as written, so a price row with another problem is not missed."""
    if any(key(text_of(table.cell(cells, CRITERION))) == key(PRICE) for _row, cells in table.rows):
        return
    rows = [r for r, _ in table.rows]
    problems.found.append(msg(AT_COLUMN, file=problems.file, sheet=table.sheet, column=table.headers[key(CRITERION)],
                              first=rows[0], last=rows[-1],
                              problem=msg(NO_PRICE_ROW, price=PRICE, less="меньше", better=BETTER, bids=BIDS_SHEET)))


def _sections(sheets: list[Sheet]) -> list[Sheet]:
    """A CSV is one unnamed sheet: split it at the rows that hold only a sheet's name, keeping row numbers."""
    if len(sheets) != 1 or sheets[0].name:
        return sheets
    wanted = {key(CRITERIA_SHEET): CRITERIA_SHEET, key(BIDS_SHEET): BIDS_SHEET}
    found: list[Sheet] = []
    for number, cells in enumerate(sheets[0].rows):
        filled = [c for c in cells if text_of(c)]
        if len(filled) == 1 and key(filled[0]) in wanted:
            # Rows above stay as empty rows, so row numbers are the file's line numbers.
            found.append(Sheet(name=wanted[key(filled[0])], rows=[[] for _ in range(number + 1)]))
        elif found:
            found[-1].rows.append(cells)
    return found or sheets


def _table(sheets: list[Sheet], sheet_name: str, required: Sequence[str], problems: _Problems) -> _Table | None:
    sheet = next((s for s in sheets if key(s.name) == key(sheet_name)), None)
    if sheet is None:
        problems.whole(msg(NO_SHEET, sheet=sheet_name, sheets=", ".join(f"«{s.name}»" for s in sheets) or "—"))
        return None
    header_index = next((i for i, row in enumerate(sheet.rows) if any(text_of(c) for c in row)), None)
    if header_index is None:
        problems.row(sheet.name, 1, msg(SHEET_EMPTY, columns=", ".join(f"«{c}»" for c in required)))
        return None
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, cell in enumerate(sheet.rows[header_index]):
        header = text_of(cell)
        if not header:
            continue
        if key(header) in columns:
            problems.cell(sheet.name, header_index + 1, header, msg(COLUMN_TWICE, column=header))
        columns[key(header)] = index
        headers[key(header)] = header
    missing = [c for c in required if key(c) not in columns]
    for column in missing:
        problems.row(sheet.name, header_index + 1, msg(NO_COLUMN, column=column))
    rows = [(i + 1, row) for i, row in enumerate(sheet.rows) if i > header_index and any(text_of(c) for c in row)]
    if not rows:
        problems.row(sheet.name, header_index + 2, msg(NO_ROWS))
    if missing or not rows:
        return None
    return _Table(sheet=sheet.name, header_row=header_index + 1, columns=columns, headers=headers, rows=rows)


def _criteria(table: _Table, problems: _Problems) -> list[Criterion]:
    criteria = []
    for row, cells in table.rows:
        name = _SPACES.sub(" ", text_of(table.cell(cells, CRITERION)))
        weight = _number(table, row, cells, WEIGHT, problems)
        better_text = text_of(table.cell(cells, BETTER))
        better = _better(better_text)
        if not name:
            problems.cell(table.sheet, row, table.headers[key(CRITERION)], msg(EMPTY_CELL))
        if better is None:
            problem = msg(UNKNOWN_BETTER, value=better_text, words=" / ".join(f"«{w}»" for w in BETTER_WORDS))
            problems.cell(table.sheet, row, table.headers[key(BETTER)],
                          problem if better_text else msg(EMPTY_CELL))
        limit = None
        if key(LIMIT) in table.columns and text_of(table.cell(cells, LIMIT)):
            limit = _number(table, row, cells, LIMIT, problems)
        if name and weight is not None and better is not None:
            criteria.append(Criterion(name=_canonical(name), weight=weight, better=better, limit=limit))
    return criteria


def _better(text: str) -> Better | None:
    """«меньше», «Больше», «меньше — лучше»: the first word decides."""
    words = key(text).split()
    return BETTER_WORDS.get(words[0]) if words else None


def _canonical(name: str) -> str:
    return PRICE if key(name) == key(PRICE) else name


def _offers(table: _Table, criteria: list[Criterion], problems: _Problems) -> list[Offer]:
    offers = []
    seen: dict[tuple[str, str], int] = {}
    for row, cells in table.rows:
        lot, bidder = text_of(table.cell(cells, LOT)), text_of(table.cell(cells, BIDDER))
        for column, text in ((LOT, lot), (BIDDER, bidder)):
            if not text:
                problems.cell(table.sheet, row, table.headers[key(column)], msg(EMPTY_CELL))
        if lot and bidder and (lot, bidder) in seen:
            problems.row(table.sheet, row, msg(OFFER_AGAIN, bidder=bidder, lot=lot, first=seen[lot, bidder]))
        seen.setdefault((lot, bidder), row)
        values = {c.name: _number(table, row, cells, c.name, problems) for c in criteria}
        price = values.get(PRICE)
        if price is not None and price <= 0:
            problems.cell(table.sheet, row, table.headers[key(PRICE)],
                          msg(PRICE_NOT_POSITIVE, bidder=bidder, lot=lot, value=shown(price)))
        if lot and bidder and all(v is not None for v in values.values()):
            offers.append(Offer(lot=lot, bidder=bidder, values={k: v for k, v in values.items() if v is not None}))
    return offers


def _number(table: _Table, row: int, cells: list[Cell], column: str, problems: _Problems) -> Fraction | None:
    cell = table.cell(cells, column)
    header = table.headers[key(column)]
    if not text_of(cell):
        problems.cell(table.sheet, row, header, msg(EMPTY_CELL))
        return None
    value = number_of(cell, percent=column == WEIGHT)
    if value is None:
        problems.cell(table.sheet, row, header, msg(NOT_A_NUMBER, value=text_of(cell)))
    return value


SCORE_COLUMNS = ("lot", "bidder")


def write_scores(criteria: Sequence[Criterion], scores: Sequence[Score], out_dir: str | Path) -> Path:
    """DIR/scores.csv: lot, bidder, points per criterion (0–100, before weighting), total, rank."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "scores.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([*SCORE_COLUMNS, *(c.name for c in criteria), "total", "rank"])
        for score in scores:
            writer.writerow([score.lot, score.bidder, *(shown(score.points[c.name]) for c in criteria),
                             shown(score.total), score.rank])
    return path
