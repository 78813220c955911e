"""`cityorder consolidate` writes lines.csv and positions.csv that a spreadsheet opens without running anything:
text that starts like a formula is escaped as the page exports escape it; numbers stay numbers."""

from __future__ import annotations

import csv

import pytest
from django.core.management import call_command

from cityorder.engine.output.csv_files import safe_cell
from cityorder.registry.exporting import safe_cell as registry_safe_cell


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"a\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                                  "\tTAB", "\rCR"])
def test_text_starting_like_a_formula_is_escaped(text):
    assert safe_cell(text) == "'" + text


def test_numbers_and_plain_text_stay_as_they_are():
    assert safe_cell(-5.0) == -5.0 and safe_cell(3) == 3 and safe_cell("NE555P") == "NE555P"
    assert registry_safe_cell is safe_cell  # one rule for the page exports and the command


def test_consolidate_writes_no_live_formulas(tmp_path):
    source = tmp_path / "demand.csv"
    source.write_text(
        "Наименование;Обозначение;Производитель;2026\n"
        '"=HYPERLINK(""http://evil"",""click"")";+cmd|calc;@evil;10\n'
        "Таймер;NE555P;TI;-5\n"
        "Стабилизатор;L7805CV;ST;7\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    call_command("consolidate", str(source), "--out", str(out))
    cells = [cell for name in ("lines.csv", "positions.csv")
             for row in csv.reader((out / name).open(encoding="utf-8")) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert any(c.startswith("'=HYPERLINK") for c in cells) and any(c == "'+cmd|calc" for c in cells)
    with (out / "lines.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    numbers = [value for row in rows for key, value in row.items() if key and key.startswith("qty_")]
    assert "7" in numbers or "7.0" in numbers  # numbers are written as numbers, no apostrophe
