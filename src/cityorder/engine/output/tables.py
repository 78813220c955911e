"""The rows of each output, as header + rows of plain values, shared by the CSV files and the workbook.

The leading columns are a contract other tools read; extra columns may only be added after them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cityorder.engine.consolidation import ConsolidationResult
from cityorder.engine.consolidation.result import POSITION_HEAD, POSITION_TAIL, qty_column
from cityorder.engine.records import LineRecord, LineStatus

Value = str | int | float

LINES_HEAD: tuple[str, ...] = ("file", "row", "status", "position_id", "message", "customer")
LINES_TAIL: tuple[str, ...] = (
    "sheet",
    "column",
    "name",
    "part_number",
    "manufacturer",
    "unit",
    "description",
    "value",
    "footprint",
    "supplier_code",  # distributors' codes: what joined lines that no maker's part number names
)
MATCHES_HEAD: tuple[str, ...] = ("position_a", "position_b", "score", "reason")
# key_a, key_b and an empty decision column: fill «same» / «different» and pass the file back with --decisions.
MATCHES_TAIL: tuple[str, ...] = ("key_a", "key_b", "merged", "decision")
ERRORS_HEADER: tuple[str, ...] = ("file", "sheet", "row", "column", "message", "customer")


@dataclass(slots=True)
class Rows:
    header: list[str]
    rows: Iterator[list[Value]]


def plain_number(value: float | int | None) -> Value:
    """Whole quantities without «.0», so 10 reads as 10; missing as empty."""
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else float(value)


def record_years(records: list[LineRecord]) -> list[int]:
    return sorted({year for record in records for year in record.quantities})


def lines_rows(result: ConsolidationResult) -> Rows:
    """One row per source row of every readable file, whatever its status; ok rows name their position."""
    years = record_years(result.records)
    header = [*LINES_HEAD, *(qty_column(y) for y in years), *LINES_TAIL]
    by_line = result.position_ids_by_line()

    def rows() -> Iterator[list[Value]]:
        for line_id, record in enumerate(result.records):
            yield [
                Path(record.file).name,
                record.row,
                str(record.status),
                by_line.get(line_id, "") if record.status == LineStatus.OK else "",
                record.message,
                record.customer,
                *(plain_number(record.quantities.get(y)) for y in years),
                *(getattr(record, name) for name in LINES_TAIL),
            ]

    return Rows(header, rows())


def positions_rows(result: ConsolidationResult) -> Rows:
    header = [*POSITION_HEAD, *(qty_column(y) for y in result.years), *POSITION_TAIL]
    table = result.positions.select(header)

    def rows() -> Iterator[list[Value]]:
        for batch in table.to_batches(max_chunksize=10_000):
            columns = [column.to_pylist() for column in batch.columns]
            for values in zip(*columns, strict=True):
                yield [plain_number(v) if isinstance(v, float) else v for v in values]

    return Rows(header, rows())


def matches_rows(result: ConsolidationResult) -> Rows:
    def rows() -> Iterator[list[Value]]:
        for m in result.matches:
            yield [m.position_a, m.position_b, m.score, m.reason, m.key_a, m.key_b, "yes" if m.merged else "", ""]

    return Rows([*MATCHES_HEAD, *MATCHES_TAIL], rows())


def errors_rows(result: ConsolidationResult) -> Rows:
    def rows() -> Iterator[list[Value]]:
        for file, why in result.unreadable:
            yield [file, "", "", "", why, ""]
        for r in result.records:
            if r.status == LineStatus.ERROR:
                yield [Path(r.file).name, r.sheet, r.row, r.column, r.message, r.customer]

    return Rows(list(ERRORS_HEADER), rows())
