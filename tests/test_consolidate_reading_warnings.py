"""`cityorder consolidate` prints what reading warns about (columns with data nobody read) after its summary."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command


def test_unread_columns_are_printed_as_warnings(tmp_path: Path) -> None:
    bom = tmp_path / "mux.csv"
    # RaccoonLabHardware/MUX Bill_of_Materials-BOM: «MF» holds the makers under a header no reader knows.
    bom.write_text(
        "Designator,Quantity,MF,MP\n"
        "\"CAN1, CAN2, CAN3, CAN4, CAN5, CAN6\",6,JST Sales,SM04B-GHS-TB_LF__SN_-\n"
        "IN,1,AMASS,XT30PW-M\n"
        "OUT,1,AMASS,XT30PW-F\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("consolidate", str(bom), "--out", str(tmp_path / "out"), "--year", "2026", stdout=out)
    lines = out.getvalue().splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("files 1"))
    assert lines[summary].startswith("files 1 (not read 0), rows 3: ok 3, skipped 0, errors 0")
    assert lines[summary + 2:] == [
        "warning: mux.csv: column C «MF» holds data (e.g. «JST Sales») but is not read; map it to a field if it "
        "matters"
    ]


def test_a_file_without_part_numbers_is_printed_as_a_warning(tmp_path: Path) -> None:
    named = tmp_path / "ибп.csv"
    named.write_text("Наименование;Кол-во\nАккумулятор для ИБП 12 В 7 А·ч;4\n", encoding="utf-8")
    coded = tmp_path / "экб.csv"
    coded.write_text("Наименование;Обозначение;Кол-во\nТаймер;NE555P;10\n", encoding="utf-8")
    out = io.StringIO()
    call_command("consolidate", str(named), str(coded), "--out", str(tmp_path / "out"), "--year", "2026", stdout=out)
    warnings = [line for line in out.getvalue().splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: ибп.csv: no part-number column: the lines are known by their names alone, so one part named in two "
        "ways may stay two positions; add a column «Обозначение» or map a column to part number"
    ]
