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
