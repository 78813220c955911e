"""Real files from ../shared/data: every data row comes back as one LineRecord."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from cityorder.engine.reading import read_demand
from cityorder.engine.records import LineStatus

pytestmark = pytest.mark.shared_data


def data_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


@pytest.mark.parametrize(
    "name", ["boms/pi-104.csv", "boms/fomu-evt3b.csv", "ru_nomenclature_sample.csv", "soviet_foreign_ic_analogs.csv"]
)
def test_every_data_row_is_accounted_for(shared_data: Path, name: str) -> None:
    path = shared_data / name
    result = read_demand(path, default_year=2026)
    assert len(result.lines) == data_rows(path)
    assert [line.row for line in result.lines] == list(range(2, data_rows(path) + 2))
    assert all(line.message for line in result.lines if line.status is not LineStatus.OK)


def test_kicad_bom_pi104(shared_data: Path) -> None:
    result = read_demand(shared_data / "boms/pi-104.csv", default_year=2026)
    assert result.sheets[0].layout == "bom"
    statuses = Counter(line.status for line in result.lines)
    # C53 says «C» and no part number: since issue 12 a row that names only a kind is an error asking for the type.
    errors = [line for line in result.lines if line.status is LineStatus.ERROR]
    assert statuses[LineStatus.ERROR] == 1 and errors[0].designators == "C53"
    first = result.lines[0]
    assert (first.designators, first.value, first.part_number, first.quantities) == (
        "U4",
        "LM3489",
        "LM3489MM/NOPB",
        {2026: 1},
    )
    skipped = [line for line in result.lines if line.status is LineStatus.SKIPPED]
    # Not fitted parts, and since issue 12 the test points (value TST) and mounting holes (value Hole) too.
    assert skipped and all("DNP" in line.message or line.message.startswith("not bought") for line in skipped)
    reasons = {line.designators: line.message for line in skipped}
    assert reasons["P3"] == "not bought (test point): «TST»"
    assert reasons["U12"] == "not bought (mounting hole): «Hole»"


def test_kicad_bom_fomu_with_count_and_dnp(shared_data: Path) -> None:
    result = read_demand(shared_data / "boms/fomu-evt3b.csv", default_year=2026)
    columns = result.sheets[0].columns
    assert (columns["part_number"].header, columns["manufacturer"].header, columns["quantity"].header) == (
        "MPN",
        "Manufacturer",
        "Count",
    )
    u5 = next(line for line in result.lines if line.designators == "U5")
    assert (u5.part_number, u5.manufacturer, u5.status) == ("ICE40UP5K-SG48I", "Lattice", LineStatus.OK)
    dnp = [line for line in result.lines if line.status is LineStatus.SKIPPED]
    assert {line.designators for line in dnp} >= {"U9", "R4", "R13", "J2"}


def test_nomenclature_without_quantity_comes_back_as_errors(shared_data: Path) -> None:
    result = read_demand(shared_data / "ru_nomenclature_sample.csv")
    assert {line.status for line in result.lines} == {LineStatus.ERROR}
    assert result.lines[0].name == "таблички,корпуса"
    assert result.lines[0].message.startswith("no quantity column")


def test_analog_table_with_no_known_header_is_still_reported(shared_data: Path) -> None:
    result = read_demand(shared_data / "soviet_foreign_ic_analogs.csv")
    assert result.sheets[0].notes[0].startswith("sheet 1 has no recognisable header: row 1 taken as the header")
    assert {line.status for line in result.lines} == {LineStatus.ERROR}
