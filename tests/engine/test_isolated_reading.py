"""call_isolated: an engine reading function run in the limited child gives its result, raises its own exception
(rows and all), and a file that exhausts the child's memory is told by name without touching this process."""

from __future__ import annotations

import pytest

from cityorder.engine.bom import BomError, read_bom
from cityorder.engine.reading.isolated import IsolatedReadFailed, ReadLimits, call_isolated
from cityorder.engine.reading.tabular import Sheet, UnreadableFile, read_tables
from cityorder.engine.tenders import TenderFileError
from tests.demand.workbooks import sparse_xlsx, xlsx

LIMITS = ReadLimits(memory_mb=1500, seconds=60, max_rows=1_048_576, max_columns=1000, wall_seconds=120)


def test_the_result_comes_back():
    assert call_isolated(read_tables, b"a;b\n1;2\n", "x.csv", filename="x.csv", limits=LIMITS) == [
        Sheet(name="", rows=[["a", "b"], ["1", "2"]])]


def test_the_functions_own_error_is_raised_here_with_its_rows():
    data = xlsx([["Уровень", "Обозначение", "Наименование", "Кол-во"], [1, "R1", "Резистор", "abc"]])
    with pytest.raises(BomError) as caught:
        call_isolated(read_bom, data, "bad.xlsx", filename="bad.xlsx", limits=LIMITS)
    assert [(e.file, e.row, e.column) for e in caught.value.errors] == [("bad.xlsx", 2, "Кол-во")]


def test_an_error_with_its_own_arguments_survives_the_way_back():
    with pytest.raises(TenderFileError) as caught:
        call_isolated(_raise_tender_error, filename="t.xlsx", limits=LIMITS)
    assert caught.value.problems == ["one", "two"]


def test_a_file_that_exhausts_the_childs_memory_is_named_and_is_an_unreadable_file():
    data = sparse_xlsx({"A1": "Наименование", "ALL200000": "x"})
    with pytest.raises(IsolatedReadFailed) as caught:
        call_isolated(read_tables, data, "huge.xlsx", filename="huge.xlsx", limits=LIMITS)
    assert isinstance(caught.value, UnreadableFile)
    assert str(caught.value).startswith("huge.xlsx: reading the file needed more than 1500 MB of memory")


def test_the_sheet_caps_apply_in_the_child():
    data = sparse_xlsx({"A1": "Наименование", "K1": "x"})
    limits = ReadLimits(memory_mb=1500, seconds=60, max_rows=100, max_columns=10, wall_seconds=120)
    with pytest.raises(UnreadableFile, match="wide.xlsx, sheet «Sheet»: the sheet has cells as far as column K"):
        call_isolated(read_tables, data, "wide.xlsx", filename="wide.xlsx", limits=limits)


def _raise_tender_error() -> None:
    raise TenderFileError(["one", "two"])
