"""What consolidation hands back: positions, the line each source row went to, probable matches, notes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from cityorder.engine.records import LineRecord

# The leading columns of the positions table, in the order positions.csv shows them; qty_YYYY follow `lines`.
POSITION_HEAD: tuple[str, ...] = (
    "position_id",
    "key",
    "name",
    "category",
    "manufacturer",
    "unit",
    "customers",
    "lines",
)
POSITION_TAIL: tuple[str, ...] = ("kind", "part_number", "okpd2", "merged_keys", "note")


def qty_column(year: int) -> str:
    return f"qty_{year}"


@dataclass(frozen=True, slots=True)
class LineRef:
    """Where a line of a position came from."""

    line_id: int
    file: str
    sheet: str
    row: int
    customer: str


@dataclass(slots=True)
class Position:
    position_id: str
    key: str
    unit: str
    name: str
    category: str
    kind: str
    manufacturer: str
    part_number: str
    okpd2: str
    note: str
    customers: int
    line_count: int
    quantities: dict[int, float]
    merged_keys: tuple[str, ...]
    lines: list[LineRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ProbableMatch:
    """Two positions that are probably one; ``merged`` says consolidation already joined them (undo: «different»)."""

    position_a: str
    position_b: str
    score: int
    reason: str
    key_a: str
    key_b: str
    merged: bool = False


@dataclass(slots=True)
class ConsolidationResult:
    positions: pa.Table  # POSITION_HEAD, qty_YYYY…, POSITION_TAIL; one row per position
    assignments: pa.Table  # line_id, position_id: one row per ok line
    lines: pa.Table  # the consolidated lines, long (one row per line and year), as LINE_SCHEMA
    matches: list[ProbableMatch]
    notes: list[str]
    years: list[int]
    # File mode: every source row of every readable file (line_id = index here), and the files that failed.
    records: list[LineRecord] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (file, why)

    def position_ids_by_line(self) -> dict[int, str]:
        return dict(
            zip(
                self.assignments.column("line_id").to_pylist(),
                self.assignments.column("position_id").to_pylist(),
                strict=True,
            )
        )

    def position_list(self) -> list[Position]:
        """Every position with its source lines, for screens and tests; at millions of lines prefer the tables."""
        refs = self._line_refs()
        positions = []
        for row in self.positions.to_pylist():
            merged = tuple(k for k in row["merged_keys"].split("; ") if k)
            positions.append(
                Position(
                    position_id=row["position_id"],
                    key=row["key"],
                    unit=row["unit"],
                    name=row["name"],
                    category=row["category"],
                    kind=row["kind"],
                    manufacturer=row["manufacturer"],
                    part_number=row["part_number"],
                    okpd2=row["okpd2"],
                    note=row["note"],
                    customers=row["customers"],
                    line_count=row["lines"],
                    quantities={y: row[qty_column(y)] for y in self.years if row[qty_column(y)]},
                    merged_keys=merged or (row["key"],),
                    lines=refs.get(row["position_id"], []),
                )
            )
        return positions

    def position(self, position_id: str) -> Position:
        for position in self.position_list():
            if position.position_id == position_id:
                return position
        raise KeyError(position_id)

    def _line_refs(self) -> dict[str, list[LineRef]]:
        by_line = self.position_ids_by_line()
        refs: dict[str, list[LineRef]] = {}
        seen: set[int] = set()
        columns = [self.lines.column(c).to_pylist() for c in ("line_id", "file", "sheet", "row", "customer")]
        for line_id, file, sheet, row, customer in zip(*columns, strict=True):
            if line_id in seen:
                continue  # one ref per line, however many years it has
            seen.add(line_id)
            refs.setdefault(by_line[line_id], []).append(LineRef(line_id, file, sheet, row, customer))
        return refs
