"""An error row keeps what it read right: the valid cells stay on the line and the bad cell is kept as the file had
it, under the field it fills, so a person corrects that cell and nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cityorder.engine.reading import read_demand
from cityorder.engine.records import LineRecord, LineStatus
from tests.engine.test_reading_formats import csv_bytes, xlsx_bytes
from tests.engine.test_reading_rows import read_long

WIDE_HEADER = ["Наименование", "Обозначение", "Ед. изм.", "2026", "2027", "2028"]


def read_wide(*rows: list[object]) -> list[LineRecord]:
    return read_demand(xlsx_bytes({"Лист1": [WIDE_HEADER, *rows]}), "wide.xlsx").lines


def test_a_bad_year_cell_keeps_the_other_years_and_its_own_text() -> None:
    (line,) = read_wide(["Резистор 10 кОм 0805", "", "шт", "по потребности", 500, "1 000"])
    assert (line.status, line.column) == (LineStatus.ERROR, "2026")
    assert line.quantities == {2027: 500, 2028: 1000}
    assert line.cells == {"quantity:2026": "по потребности"}
    assert line.name == "Резистор 10 кОм 0805"


def test_every_bad_cell_of_a_row_is_kept_and_the_one_the_column_names_comes_first() -> None:
    (line,) = read_wide(["Стабилитрон", "КС156А", "шт", "много", 5, -1])
    assert line.quantities == {2027: 5}
    assert list(line.cells.items()) == [("quantity:2026", "много"), ("quantity:2028", "-1")]


def test_a_long_row_with_a_bad_quantity_names_the_year_it_belongs_to() -> None:
    (line,) = read_long(["", "Резистор", "С2-33Н", "", "шт", 2027, "по потребности"])
    assert (line.status, line.cells, line.quantities) == (
        LineStatus.ERROR, {"quantity:2027": "по потребности"}, {}
    )


def test_a_long_row_with_a_bad_year_keeps_its_quantity_beside_the_year() -> None:
    (line,) = read_long(["", "Резистор", "С2-33Н", "", "шт", "2О26", "1 500"])
    assert (line.status, line.column) == (LineStatus.ERROR, "Год")
    assert list(line.cells.items()) == [("year", "2О26"), ("quantity", "1 500")]


def test_a_long_row_with_both_cells_bad_keeps_both() -> None:
    (line,) = read_long(["", "Резистор", "С2-33Н", "", "шт", "в этом году", "много"])
    assert line.cells == {"quantity": "много", "year": "в этом году"}
    assert line.message.startswith("Кол-во: «много» is not a number")


def test_a_row_naming_only_the_kind_of_part_keeps_its_quantities() -> None:
    (line,) = read_wide(["Микросхема", "", "шт", 10, 20, ""])
    assert (line.status, line.column) == (LineStatus.ERROR, "Обозначение")
    assert line.quantities == {2026: 10, 2027: 20}
    assert line.cells == {"part_number": ""}


def test_a_row_without_a_name_keeps_its_quantities() -> None:
    (line,) = read_demand(csv_bytes([["Наименование", "Кол-во"], ["", "7"]]), "a.csv", default_year=2027).lines
    assert (line.status, line.quantities, line.cells) == (LineStatus.ERROR, {2027: 7}, {"name": ""})


def test_a_bom_row_with_a_bad_quantity_keeps_its_text() -> None:
    rows = [["Reference", "Value", "Footprint", "Qty"], ["R1", "10k", "R_0603", "two"]]
    (line,) = read_demand(csv_bytes(rows, delimiter=","), "bom.csv", default_year=2026).lines
    assert (line.status, line.cells, line.designators) == (LineStatus.ERROR, {"quantity:2026": "two"}, "R1")


def test_ok_and_skipped_rows_hold_no_cells() -> None:
    ok, zero = read_wide(["Диод", "КД522Б", "шт", 1, 2, 3], ["Диод", "КД522Б", "шт", 0, 0, 0])
    assert (ok.status, ok.cells, zero.status, zero.cells, zero.quantities) == (
        LineStatus.OK, {}, LineStatus.SKIPPED, {}, {}
    )


GOOD = st.integers(min_value=1, max_value=10_000)
BAD = st.sampled_from(["по потребности", "много", "-3", "1,2,3", "?"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(GOOD, BAD), min_size=3, max_size=3).filter(lambda c: any(isinstance(x, str) for x in c)))
def test_an_error_row_keeps_exactly_its_valid_cells_and_the_bad_ones_as_written(cells: list[object]) -> None:
    (line,) = read_demand(csv_bytes([WIDE_HEADER, ["Диод", "КД522Б", "шт", *map(str, cells)]]), "w.csv").lines
    years = (2026, 2027, 2028)
    assert line.status is LineStatus.ERROR
    assert line.quantities == {y: c for y, c in zip(years, cells, strict=True) if isinstance(c, int)}
    assert line.cells == {f"quantity:{y}": c for y, c in zip(years, cells, strict=True) if isinstance(c, str)}
