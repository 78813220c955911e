"""The file commands read in the limited reading process too: a 5 KB xlsx whose one far cell (ALL200000) makes the
reader ask for gigabytes stops `bom_explode` with a message, and is one more unreadable file for `consolidate`,
rather than killing the program by signal 6."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.demand.workbooks import sparse_xlsx, xlsx

STOPPED = "huge.xlsx: reading the file needed more than 1500 MB of memory and was stopped"


@pytest.fixture(autouse=True)
def _read_limit(settings):
    # Above what the reading process itself maps (numpy, pyarrow: some 400 MB), far below what the file asks.
    settings.CITYORDER_READ_MEMORY_MB = 1500


def test_bom_explode_stops_with_the_message(tmp_path):
    path = tmp_path / "huge.xlsx"
    path.write_bytes(sparse_xlsx({"A1": "Уровень", "B1": "Обозначение", "C1": "Наименование", "D1": "Кол-во на ед.",
                                  "A2": 1, "B2": "BAT-240", "C2": "Батарея", "D2": 1, "ALL200000": "x"}))
    with pytest.raises(CommandError, match=STOPPED):
        call_command("bom_explode", str(path), "--plan", "2026:10", "--out", str(tmp_path / "out"),
                     stdout=StringIO(), stderr=StringIO())
    assert not (tmp_path / "out").exists()


def test_consolidate_lists_the_file_as_not_read_and_goes_on(tmp_path):
    huge, good = tmp_path / "huge.xlsx", tmp_path / "good.xlsx"
    huge.write_bytes(sparse_xlsx({"A1": "Наименование", "B1": 2026, "ALL200000": "x"}))
    good.write_bytes(xlsx([["Наименование", "Обозначение", 2026], ["Таймер", "NE555P", 10]]))
    err, out = StringIO(), StringIO()
    call_command("consolidate", str(huge), str(good), "--year", "2026", "--out", str(tmp_path / "out"),
                 stdout=out, stderr=err)
    assert f"not read: {STOPPED}" in err.getvalue()
    assert (tmp_path / "out" / "positions.csv").is_file()
