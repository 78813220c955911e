"""The GISP open-data file of the PP 719 registry: columns as GISP names them, dates, INNs, bad rows refused."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityorder.engine.localization import GispEntry, read_gisp, valid_in
from cityorder.engine.substitution import SourceFileError

GISP = (
    "Наименование организации;ОГРН;ИНН;Реестровый номер;Дата внесения в реестр;Наименование продукции;ОКПД2;"
    "ТН ВЭД ЕАЭС;Количество баллов;Срок действия\n"
    "ООО «Ячейка»;1027700000010;7701000010;10123456;01.03.2025;Ячейки LTO;27.20.23.190;8507 60;120,5;31.12.2027\n"
    "АО «Привод»;1027700000020;7701000020;10123457;2024-05-20;Электродвигатель тяговый;27.11.10;8501;;\n"
)


def test_it_reads_a_gisp_file(tmp_path):
    path = tmp_path / "reestr.csv"
    path.write_text(GISP, encoding="utf-8")
    first, second = read_gisp(path)
    assert (first.organization, first.inn, first.registry_no, first.okpd2, first.points) == (
        "ООО «Ячейка»", "7701000010", "10123456", "27.20.23.190", 120.5)
    assert first.registry_date == datetime.date(2025, 3, 1) and first.valid_until == datetime.date(2027, 12, 31)
    assert second.valid_until is None and second.registry_date == datetime.date(2024, 5, 20)


def test_bad_rows_name_their_row_and_column(tmp_path):
    path = tmp_path / "reestr.csv"
    path.write_text(GISP.replace("7701000020", "77-01").replace("31.12.2027", "до конца года"), encoding="utf-8")
    with pytest.raises(SourceFileError) as caught:
        read_gisp(path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "Срок действия"), (3, "ИНН")]


@given(st.integers(2000, 2040), st.integers(2000, 2040), st.integers(2000, 2040))
def test_an_entry_is_valid_from_its_entry_to_its_end(entered, ends, year):
    entry = GispEntry(1, "o", "7701000010", "1", "p", registry_date=datetime.date(entered, 6, 1),
                      valid_until=datetime.date(ends, 6, 1))
    assert valid_in(entry, year) == (entered <= year <= ends)
