"""Reading a demand file row by row (DemandReading): the lines come out as the rows go by, with the same result as
reading the file whole, and neither the sheet's rows nor its lines are held."""

from __future__ import annotations

import io
import tracemalloc

from openpyxl import Workbook

from cityorder.engine.reading import DemandReading, demand, read_demand
from cityorder.engine.reading.tabular import SheetSource
from cityorder.engine.records import LineStatus


def _csv(rows: int) -> bytes:
    lines = ["Наименование;Обозначение;Производитель;2026;2027"]
    lines += [f"Микросхема серии {i};PN{i:06d};Микрон;{i % 90 + 1};{i % 70 + 1}" for i in range(rows)]
    return "\n".join(lines).encode()


def _peak(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_lines_are_given_out_as_read_and_not_held():
    data = _csv(20_000)
    count = 0

    def streamed() -> None:
        nonlocal count
        for line in DemandReading(data, "big.csv", default_year=2026):
            count += line.status is LineStatus.OK

    held = _peak(lambda: read_demand(data, "big.csv", default_year=2026))
    assert _peak(streamed) < held / 3 and count == 20_000  # the text of the file itself is held


def test_the_first_lines_come_before_the_sheet_is_read_to_its_end(monkeypatch):
    rows_read = 0

    def rows():
        nonlocal rows_read
        for row in [["Наименование", 2026], *([f"Резистор {i}", i + 1] for i in range(10_000))]:
            rows_read += 1
            yield row

    monkeypatch.setattr(demand, "open_tables", lambda source, filename: [SheetSource(name="Лист1", rows=rows)])
    reading = iter(DemandReading(b"", "a.xlsx"))
    first = next(reading)
    assert (first.row, first.name) == (2, "Резистор 0")
    assert rows_read <= demand._Rows.KEEP + 1  # the head kept for the header and the sample, and one more
    assert sum(1 for _ in reading) == 9_999 and rows_read == 10_001


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_headerless_sheet_before_one_with_a_header_is_named_and_the_other_read():
    demand_rows: list[list[object]] = [["Наименование", 2026], ["Таймер NE555P", 10], [], ["Стабилизатор L7805CV", 5]]
    data = _xlsx({"Пояснения": [["просто текст"], ["ещё текст"]], "Потребность": [*demand_rows, [], []]})
    reading = DemandReading(data, "two.xlsx")
    lines = list(reading)
    assert [(line.sheet, line.row, line.status) for line in lines] == [
        ("Потребность", 2, LineStatus.OK), ("Потребность", 3, LineStatus.SKIPPED), ("Потребность", 4, LineStatus.OK)]
    assert reading.sheets[0].notes == ["sheet Пояснения has no recognisable header: skipped"]
    assert reading.years == [2026] and reading.sheets[1].data_columns == ["A", "B"]


def test_a_file_without_any_header_reports_its_rows_from_the_first_filled_far_below_the_top():
    rows: list[list[object]] = [[] for _ in range(400)]
    rows += [["Таймер", "NE555P", 10], ["Стабилизатор", "L7805", 5]]
    result = read_demand(_xlsx({"Лист1": rows}), "far.xlsx")
    assert result.sheets[0].header_row == 401
    assert [line.row for line in result.lines] == [402]  # the rows under the row taken as the header
