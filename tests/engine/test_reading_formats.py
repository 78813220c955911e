"""Every file format a demand can arrive in, made in the test, read into the same LineRecords."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from cityorder.engine.reading import UnreadableFile, read_demand
from cityorder.engine.records import LineStatus

Row = Sequence[object]

TITLE = "Потребность в ЭКБ на 2026-2028 гг."
HEADER: list[object] = ["№", "Наименование", "Тип (марка)", "Производитель", "Ед. изм.", "2026", "2027 г.", "Qty 2028"]
DATA: list[Row] = [
    [1, "Микросхема", "К1554ЛА3", "Интеграл", "шт", 100, 200, 300],
    [2, "Резистор", "С2-29В-0,125", "Мегом", "шт.", "10 000", "1,5 тыс.", 0],
]
WIDE: list[Row] = [[TITLE], [], HEADER, *DATA]


def xlsx_bytes(sheets: Mapping[str, Sequence[Row]], merges: Sequence[str] = ()) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for default in book.worksheets:
        book.remove(default)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for merged in merges:
            sheet.merge_cells(merged)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls_bytes(rows: Sequence[Row], merge_first_row_over: int = 0) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Лист1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if r == 0 and c == 0 and merge_first_row_over:
                sheet.write_merge(0, 0, 0, merge_first_row_over - 1, value)
            elif value is not None:
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_bytes(rows: Sequence[Row]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Потребность")
    for row in rows:
        table_row = TableRow()
        for value in row:
            if isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            if value not in (None, ""):
                cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def csv_bytes(rows: Sequence[Row], encoding: str = "utf-8", delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding)


def assert_wide_demand(lines, sheet: str = "") -> None:
    """The WIDE rows read back: header at row 3, two lines, quantities per year."""
    assert [line.row for line in lines] == [4, 5]
    first, second = lines
    assert first.status is LineStatus.OK and second.status is LineStatus.OK, (first.message, second.message)
    assert (first.name, first.part_number, first.manufacturer, first.unit) == (
        "Микросхема",
        "К1554ЛА3",
        "Интеграл",
        "pcs",
    )
    assert first.quantities == {2026: 100, 2027: 200, 2028: 300}
    assert second.quantities == {2026: 10000, 2027: 1500, 2028: 0}
    assert first.sheet == sheet


def test_xlsx_with_merged_title_above_the_header() -> None:
    data = xlsx_bytes({"Заявка": WIDE}, merges=["A1:H1"])
    result = read_demand(data, "заявка.xlsx", customer="ГБУ «Автодороги»")
    assert_wide_demand(result.lines, sheet="Заявка")
    (sheet,) = result.sheets
    assert (sheet.header_row, sheet.layout, sheet.years) == (3, "wide", [2026, 2027, 2028])
    assert sheet.columns["part_number"].header == "Тип (марка)"
    assert sheet.columns["part_number"].letter == "C"
    assert sheet.columns["quantity:2028"].how == "year"
    assert result.lines[0].customer == "ГБУ «Автодороги»"
    assert result.years == [2026, 2027, 2028]
    assert sheet.notes == [f"row 1 is above the header and not read: «{TITLE}»"]


def test_xls_made_with_xlwt() -> None:
    data = xls_bytes(WIDE, merge_first_row_over=8)
    assert_wide_demand(read_demand(data, "old.xls").lines, sheet="Лист1")


def test_ods() -> None:
    result = read_demand(ods_bytes(WIDE), "demand.ods")
    assert_wide_demand(result.lines, sheet="Потребность")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_in_every_encoding_and_delimiter(encoding: str, delimiter: str) -> None:
    data = csv_bytes(WIDE, encoding, delimiter)
    assert_wide_demand(read_demand(data, "demand.csv").lines)


def test_tsv_and_nameless_bytes_are_read_as_text() -> None:
    data = csv_bytes(WIDE, "utf-8", "\t")
    assert_wide_demand(read_demand(data, "demand.tsv").lines)
    assert_wide_demand(read_demand(data).lines)


def test_utf16_without_bom() -> None:
    data = csv_bytes(WIDE, "utf-16-le", ";")
    assert_wide_demand(read_demand(data, "demand.csv").lines)


def test_reads_from_a_path_and_takes_the_customer_from_the_stem(tmp_path: Path) -> None:
    path = tmp_path / "Мосгортранс.xlsx"
    path.write_bytes(xlsx_bytes({"Лист1": WIDE}))
    result = read_demand(path)
    assert {line.customer for line in result.lines} == {"Мосгортранс"}
    assert result.lines[0].file == "Мосгортранс.xlsx"


def test_several_sheets_and_a_sheet_without_header() -> None:
    data = xlsx_bytes({"Инструкция": [["Заполните лист «Заявка»"]], "Заявка": WIDE, "Пусто": []})
    result = read_demand(data, "book.xlsx")
    assert_wide_demand(result.lines, sheet="Заявка")
    notes = {s.sheet: s.notes for s in result.sheets}
    assert notes["Инструкция"] == ["sheet Инструкция has no recognisable header: skipped"]
    assert notes["Пусто"] == ["sheet Пусто is empty: skipped"]


def test_broken_spreadsheet_is_unreadable_with_advice() -> None:
    with pytest.raises(UnreadableFile, match=r"broken\.xlsx: the file cannot be opened .* save it again as \.xlsx"):
        read_demand(b"PK\x03\x04 not really a zip", "broken.xlsx")


def test_unknown_format_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match=r"scan\.pdf: the format «\.pdf» is not supported"):
        read_demand(b"%PDF-1.4", "scan.pdf")
    with pytest.raises(UnreadableFile, match=r"absent\.xlsx: the file cannot be read"):
        read_demand(tmp_path / "absent.xlsx")
    with pytest.raises(UnreadableFile, match=r"empty\.csv: the file is empty"):
        read_demand(b"\r\n;;\r\n", "empty.csv")


def test_trailing_blank_rows_are_formatting_not_rows() -> None:
    data = xlsx_bytes({"Лист1": [*WIDE, [], [None, None]]})
    assert len(read_demand(data, "x.xlsx").lines) == 2
