"""The outputs' contract: exact leading columns, every source row in lines.csv, a workbook safe to open."""

from __future__ import annotations

import csv
from dataclasses import dataclass

import openpyxl
import pytest

from cityorder.engine.consolidation import IdentityService, consolidate_lines
from cityorder.engine.output import write_outputs
from cityorder.engine.records import LineRecord, LineStatus


@dataclass(frozen=True)
class StubIdentity:
    key: str
    kind: str = "text"
    category: str = "other"
    display_name: str = ""
    part_number: str = ""
    manufacturer: str = ""
    okpd2: str = ""
    note: str = ""


def identify(*, name="", part_number="", manufacturer="", description="", value="", footprint=""):
    if part_number:
        return StubIdentity(f"pn:{part_number.upper()}", "part", "ic", name, part_number.upper(), manufacturer)
    return StubIdentity(f"text:{name.lower()}", display_name=name)


STUB = IdentityService(identify, lambda i: i.display_name.lower() or i.part_number, lambda i: (i.category,))


def records() -> list[LineRecord]:
    return [
        LineRecord("demand.xlsx", 1, LineStatus.SKIPPED, sheet="Лист1", message="header row"),
        LineRecord("demand.xlsx", 2, LineStatus.OK, sheet="Лист1", customer="Школа", part_number="NE555",
                   unit="шт", quantities={2025: 10, 2026: 2.5}),
        LineRecord("demand.xlsx", 3, LineStatus.OK, sheet="Лист1", customer="Школа", name="=cmd|' /C calc'!A0",
                   unit="шт", quantities={2025: 1}),
        LineRecord("demand.xlsx", 4, LineStatus.ERROR, sheet="Лист1", customer="Школа", column="Кол-во",
                   message="«много» is not a number", name="+SUM(A1)"),
        LineRecord("/data/other.csv", 2, LineStatus.OK, customer="Больница", part_number="ne555", unit="pcs",
                   quantities={2027: 4}),
    ]


@pytest.fixture
def out(tmp_path):
    result = consolidate_lines(records(), service=STUB)
    result.records = records()
    result.files = ["demand.xlsx", "other.csv"]
    result.unreadable = [("broken.xlsx", "broken.xlsx: the file cannot be opened")]
    write_outputs(result, tmp_path / "out")
    return tmp_path / "out"


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_lines_csv_has_the_contract_columns_and_every_source_row(out):
    header, *rows = read_csv(out / "lines.csv")
    assert header[:9] == ["file", "row", "status", "position_id", "message", "customer",
                          "qty_2025", "qty_2026", "qty_2027"]
    assert not any(h.startswith("qty_") for h in header[9:])
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("demand.xlsx", "1", "skipped"), ("demand.xlsx", "2", "ok"), ("demand.xlsx", "3", "ok"),
        ("demand.xlsx", "4", "error"), ("other.csv", "2", "ok")]
    assert rows[1][3] == rows[4][3] != "" and rows[3][3] == "" and rows[0][3] == ""
    assert rows[1][6:9] == ["10", "2.5", ""] and rows[3][4] == "«много» is not a number"


def test_positions_csv_has_the_contract_columns_and_sums(out):
    header, *rows = read_csv(out / "positions.csv")
    assert header[:11] == ["position_id", "key", "name", "category", "manufacturer", "unit", "customers", "lines",
                           "qty_2025", "qty_2026", "qty_2027"]
    ne555 = next(dict(zip(header, r, strict=True)) for r in rows if r[1] == "pn:NE555")
    assert (ne555["customers"], ne555["lines"], ne555["qty_2025"], ne555["qty_2026"], ne555["qty_2027"]) == (
        "2", "2", "10", "2.5", "4")


def test_matches_csv_has_the_contract_columns(out):
    header, *_ = read_csv(out / "matches.csv")
    assert header[:4] == ["position_a", "position_b", "score", "reason"]
    assert {"key_a", "key_b", "decision"} <= set(header[4:])


def test_workbook_has_the_sheets_and_keeps_formula_like_cells_as_text(out):
    book = openpyxl.load_workbook(out / "order.xlsx")
    assert book.sheetnames == ["positions", "lines", "errors", "matches"]
    lines = book["lines"]
    assert lines.freeze_panes == "A2" and lines.auto_filter.ref
    cells = [c for row in lines.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)  # a string cell, never a formula
    positions = book["positions"]
    formula = next(c for row in positions.iter_rows() for c in row if c.value == "=cmd|' /C calc'!A0")
    assert formula.data_type == "s"
    errors = [[c.value for c in row] for row in book["errors"].iter_rows(values_only=False)]
    assert ["broken.xlsx"] == [r[0] for r in errors if r[0] == "broken.xlsx"]
    assert any(r[4] == "«много» is not a number" and r[3] == "Кол-во" for r in errors)
    assert lines.column_dimensions["A"].width > 6
