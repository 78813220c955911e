"""Import of the Soviet/foreign IC analog table: expansion, doubtful rows, nothing dropped without a word."""

from __future__ import annotations

import pytest

from cityorder.engine.substitution import Compatibility, XrefIndex, read_analog_table
from cityorder.engine.substitution.analog_table import expand_foreign

TABLE = "soviet_foreign_ic_analogs.csv"


def pairs(result):
    return {(x.part_number, x.analog_part_number) for x in result.xrefs}


@pytest.fixture
def small_table(tmp_path):
    path = tmp_path / "analogs.csv"
    path.write_text(
        "series,soviet,foreign\n"
        "series1006,КР1006ВИ1,NE555\n"  # row 2
        "series1157,КР1157ЕН5А-Г,78L05\n"  # 3: a range of four
        "series537,\"537РУ3А,Б\",HM6504-5\n"  # 4: a list
        "series564,\"564ЛА7,7B\",CD4011A\n"  # 5: a Latin B
        "series157,К157ХА2,-\n"  # 6: no analog
        "series589,588ВГ4,8288\n"  # 7: under another series
        "series999,Бессмыслица,LM317\n"  # 8: not a designation
        "series174,К174КН1,SAS560/570\n"  # 9: a list on the foreign side
        "series140,140УД7,μA741\n",  # 10: the micro sign
        encoding="utf-8",
    )
    return path


def test_rows_become_pairs_doubts_or_no_analog(small_table):
    result = read_analog_table(small_table)
    assert result.rows == 9
    assert result.no_analog == [6]
    doubtful = {d.row: d for d in result.doubtful}
    assert set(doubtful) == {5, 7, 8}
    assert doubtful[5].imported and "Latin B" in doubtful[5].reason
    assert doubtful[7].imported and "series 589" in doubtful[7].reason
    assert not doubtful[8].imported
    assert {("КР1157ЕН5А", "78L05"), ("КР1157ЕН5Г", "78L05"), ("537РУ3Б", "HM6504-5"), ("564ЛА7В", "CD4011A"),
            ("К174КН1", "SAS570"), ("140УД7", "μA741")} <= pairs(result)
    assert len([p for p in pairs(result) if p[0].startswith("КР1157ЕН5")]) == 4
    assert all(x.compatibility == Compatibility.FUNCTIONAL for x in result.xrefs)
    assert result.xrefs[0].source == "analogs.csv, row 2"


def test_a_foreign_list_replaces_the_end():
    assert expand_foreign("SAS560/570") == (["SAS560", "SAS570"], [])
    assert expand_foreign("S7230A/B") == (["S7230A", "S7230B"], [])
    assert expand_foreign("—")[0] == []


@pytest.mark.shared_data
def test_the_real_table(shared_data):
    result = read_analog_table(shared_data / TABLE)
    assert result.rows == 2774
    imported_rows = {int(x.source.rsplit(" ", 1)[1]) for x in result.xrefs}
    not_imported = {d.row for d in result.doubtful if not d.imported}
    # Every row is accounted for: pairs, a doubtful row left out, or a row with no analog.
    assert imported_rows | not_imported | set(result.no_analog) == set(range(2, 2776))
    assert not imported_rows & not_imported
    assert len(result.no_analog) == 277
    found = pairs(result)
    # Real pairs, ranges and lists of the table.
    assert {("КР1006ВИ1", "NE555"), ("142ЕН5А", "μA7805"), ("КР142ЕН8Б", "μA7812C"), ("140УД7", "μA741")} <= found
    assert {("КР140УД8А", "μA740C"), ("КР140УД8Г", "μA740C")} <= found  # КР140УД8А-Г
    assert {("537РУ3А", "HM6504-5"), ("537РУ3Б", "HM6504-5")} <= found  # 537РУ3А,Б
    assert {("КР1157ЕН5А", "78L05"), ("КР1157ЕН5Г", "78L05")} <= found


@pytest.mark.shared_data
def test_known_errors_of_the_real_table_are_doubtful(shared_data):
    result = read_analog_table(shared_data / TABLE)
    reasons = {d.row: d for d in result.doubtful}
    # КР1564ЛА3 → MM74HC20 should be 74HC00 (SOURCES.md): every other series says ЛА3 is xx00.
    la3 = next(row for row, d in reasons.items() if "MM74HC20" in d.reason)
    assert not reasons[la3].imported and "ЛА3 is xx00" in reasons[la3].reason
    assert ("КР1564ЛА3", "MM74HC20") not in pairs(result)
    # Guesses that were imported say so.
    assert any(d.imported and "Latin B read as Cyrillic В" in d.reason for d in result.doubtful)
    assert any(d.imported and "listed twice" in d.reason for d in result.doubtful)


@pytest.mark.shared_data
def test_the_real_table_answers_both_ways(shared_data):
    index = XrefIndex(read_analog_table(shared_data / TABLE).xrefs)
    assert "КР1006ВИ1" in {hit.analog_part_number for hit in index.lookup("NE555P")}
    assert "NE555" in {hit.analog_part_number for hit in index.lookup("КР1006ВИ1")}
    assert "142ЕН5А" in {hit.analog_part_number for hit in index.lookup("UA7805")}
