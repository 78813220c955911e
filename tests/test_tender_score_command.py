"""`cityorder tender_score` end to end on workbooks made here; no database (pytest-django refuses it unasked)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from cityorder.engine.tenders import TenderFileError, read_tender_file

CRITERIA = [
    ["Критерий", "Вес, %", "Лучше", "Предел"],
    ["Цена", 60, "меньше", None],
    ["Инвестиции, млн руб.", 25, "больше", None],
    ["Срок запуска, мес.", 15, "меньше", 12],
]
BIDS = [
    ["Лот", "Участник", "Цена", "Инвестиции, млн руб.", "Срок запуска, мес."],
    [1, "ООО «Альфа»", 100, 3000, 24],
    [1, "АО «Бета»", 80, 5000, 36],
    [1, "ООО «Вега»", 90, 4000, 10],
    [2, "ООО «Альфа»", 50, 1000, 12],
    [2, "АО «Бета»", 40, 1000, 12],
]


def workbook(path: Path, criteria=CRITERIA, bids=BIDS) -> Path:
    with xlsxwriter.Workbook(str(path)) as book:
        for name, rows in (("Критерии", criteria), ("Заявки", bids)):
            sheet = book.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None:
                        sheet.write(r, c, value)
    return path


def scores(out: Path) -> list[dict[str, str]]:
    with (out / "scores.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_it_writes_the_scores_worked_by_hand(tmp_path):
    call_command("tender_score", str(workbook(tmp_path / "bids.xlsx")), out=str(tmp_path / "out"))
    rows = scores(tmp_path / "out")
    assert list(rows[0]) == ["lot", "bidder", "Цена", "Инвестиции, млн руб.", "Срок запуска, мес.", "total", "rank"]
    got = {(r["lot"], r["bidder"]): r for r in rows}
    # Lot 1. Price: Цmin = 80 → 80/100×100 = 80, 100, 80/90×100 = 88.888889.
    # Investment (more): Xmin 3000, Xmax 5000 → 0, 100, 50.
    # Months (less, limit 12: 10 counts as 12): Xmax 36 → 100×(36−24)/24 = 50, 0, 100.
    # Totals: Альфа 80×.6 + 0 + 50×.15 = 55.5; Бета 60 + 25 + 0 = 85; Вега 53.333333 + 12.5 + 15 = 80.833333.
    assert [got["1", b]["total"] for b in ("ООО «Альфа»", "АО «Бета»", "ООО «Вега»")] == ["55.5", "85", "80.833333"]
    assert [got["1", b]["rank"] for b in ("ООО «Альфа»", "АО «Бета»", "ООО «Вега»")] == ["3", "1", "2"]
    assert got["1", "ООО «Вега»"]["Цена"] == "88.888889"
    assert got["1", "ООО «Вега»"]["Срок запуска, мес."] == "100"
    # Lot 2: prices 50 and 40 → 80 and 100; equal investment and months → 100 each.
    # Альфа 48 + 25 + 15 = 88; Бета 60 + 25 + 15 = 100.
    assert (got["2", "АО «Бета»"]["total"], got["2", "АО «Бета»"]["rank"]) == ("100", "1")
    assert (got["2", "ООО «Альфа»"]["total"], got["2", "ООО «Альфа»"]["rank"]) == ("88", "2")


def test_it_reads_a_csv_with_both_tables(tmp_path):
    path = tmp_path / "bids.csv"
    path.write_text(
        "Критерии;;\nКритерий;Вес, %;Лучше\nЦена;70;меньше\nМощность;30;больше\n\n"
        "Заявки;;\nЛот;Участник;Цена;Мощность\n1;А;1 000,5;10\n1;Б;2001;20\n",
        encoding="utf-8",
    )
    call_command("tender_score", str(path), out=str(tmp_path / "out"))
    # А: price 100 → 70 + 0 = 70; Б: 1000.5/2001×100 = 50 → 35 + 30 = 65.
    assert [(r["bidder"], r["total"], r["rank"]) for r in scores(tmp_path / "out")] == [("А", "70", "1"),
                                                                                        ("Б", "65", "2")]


@pytest.mark.parametrize(
    ("criteria", "bids", "says"),
    [
        ([*CRITERIA[:2], ["Инвестиции, млн руб.", 20, "больше"], CRITERIA[3]], BIDS,
         "sheet «Критерии», column «Вес, %», rows 2–4: the weights of the criteria sum to 95 %"),
        (CRITERIA, [[c for c in row[:4]] for row in BIDS],
         "sheet «Заявки», row 1: the header has no column «Срок запуска, мес.»"),
        (CRITERIA, [*BIDS[:2], [1, "АО «Бета»", "дорого", 5000, 36]],
         "sheet «Заявки», row 3, column «Цена»: «дорого» is not a number"),
        (CRITERIA, [*BIDS[:2], [1, "АО «Бета»", 80, None, 36]],
         "sheet «Заявки», row 3, column «Инвестиции, млн руб.»: the cell is empty"),
        ([*CRITERIA[:2], ["Инвестиции, млн руб.", 25, "лучше"], CRITERIA[3]], BIDS,
         "sheet «Критерии», row 3, column «Лучше»: «лучше» is not one of «меньше» / «больше»"),
        ([*CRITERIA[:3], ["Срок запуска, мес.", 15, "меньше", "год"]], BIDS,
         "sheet «Критерии», row 4, column «Предел»: «год» is not a number"),
        (CRITERIA, [*BIDS, [1, "АО «Бета»", 70, 1, 1]],
         "sheet «Заявки», row 7: АО «Бета» already has an offer for lot 1 in row 3"),
        (CRITERIA, [*BIDS[:2], [1, "АО «Бета»", 0, 1, 1]],
         "sheet «Заявки», row 3, column «Цена»: .*the price 0 must be above 0"),
    ],
)
def test_it_names_sheet_row_and_column_of_a_problem(tmp_path, criteria, bids, says):
    path = workbook(tmp_path / "bids.xlsx", criteria, bids)
    with pytest.raises(CommandError, match=f"bids.xlsx, {says}"):
        call_command("tender_score", str(path), out=str(tmp_path / "out"))
    assert not (tmp_path / "out" / "scores.csv").exists()


def test_a_missing_sheet_is_named(tmp_path):
    path = tmp_path / "bids.xlsx"
    with xlsxwriter.Workbook(str(path)) as book:
        book.add_worksheet("Лист1").write(0, 0, "Критерий")
    with pytest.raises(TenderFileError, match="no sheet «Критерии»") as caught:
        read_tender_file(path)
    assert "no sheet «Заявки»" in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path):
    path = workbook(tmp_path / "bids.xlsx", bids=[*BIDS[:2], [1, "Б", "x", "y", 36]])
    with pytest.raises(TenderFileError) as caught:
        read_tender_file(path)
    assert len(caught.value.problems) == 2


def test_the_help_shows_an_example():
    from cityorder.tenders.management.commands.tender_score import Command

    assert "cityorder tender_score bids.xlsx --out out/" in Command.help


def test_it_takes_weights_as_percent_text_and_better_as_a_phrase(tmp_path):
    criteria = [["Критерий", "Вес, %", "Лучше"], ["Цена", "50 %", "Меньше — лучше"],
                ["Мощность", 100 / 3, "больше"], ["Опыт, лет", 50 / 3, "БОЛЬШЕ"]]
    bids = [["Лот", "Участник", "Цена", "Мощность", "Опыт, лет"], ["1", "А", 10, 5, 1], ["1", "Б", 20, 10, 3]]
    call_command("tender_score", str(workbook(tmp_path / "bids.xlsx", criteria, bids)), out=str(tmp_path / "out"))
    # А: 100 × 0.5 + 0 + 0 = 50; Б: 50 × 0.5 + 100 × 1/3 + 100 × 1/6 = 25 + 33.333333 + 16.666667 = 75.
    assert [(r["bidder"], r["total"], r["rank"]) for r in scores(tmp_path / "out")] == [("Б", "75", "1"),
                                                                                        ("А", "50", "2")]


def test_identical_bids_with_limits_nobody_reaches_get_100_each(tmp_path):
    # The review's lot 2: two identical bids, price 90 (limit 80), investment 50 (limit 4000), months 30 (limit 24).
    # Every criterion: all offers equal → 100 each (it printed 88.888889, 0, 0 and a total of 44.444444).
    # Total 100×0.5 + 100×0.3 + 100×0.2 = 100; of equal totals the earlier row ranks first.
    criteria = [["Критерий", "Вес, %", "Лучше", "Предел"], ["Цена", 50, "меньше", 80],
                ["Инвестиции", 30, "больше", 4000], ["Срок", 20, "меньше", 24]]
    bids = [["Лот", "Участник", "Цена", "Инвестиции", "Срок"], [2, "A", 90, 50, 30], [2, "B", 90, 50, 30]]
    call_command("tender_score", str(workbook(tmp_path / "bids.xlsx", criteria, bids)), out=str(tmp_path / "out"))
    lines = (tmp_path / "out" / "scores.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ["2,A,100,100,100,100,1", "2,B,100,100,100,100,2"]


def test_a_workbook_without_the_price_is_refused(tmp_path):
    criteria = [["Критерий", "Вес, %", "Лучше"], ["Инвестиции", 60, "больше"], ["Срок", 40, "меньше"]]
    bids = [["Лот", "Участник", "Инвестиции", "Срок"], [1, "А", 10, 5], [1, "Б", 20, 10]]
    path = workbook(tmp_path / "bids.xlsx", criteria, bids)
    with pytest.raises(CommandError, match="bids.xlsx, sheet «Критерии», column «Критерий», rows 2–3: there is no "
                                           "criterion «Цена»: the price is always one of the criteria") as caught:
        call_command("tender_score", str(path), out=str(tmp_path / "out"))
    assert "Add a row «Цена» with «меньше» in column «Лучше»" in str(caught.value)
    assert not (tmp_path / "out" / "scores.csv").exists()


def test_a_price_row_with_another_problem_is_not_reported_missing(tmp_path):
    criteria = [["Критерий", "Вес, %", "Лучше"], ["цена", "много", "меньше"], ["Срок", 40, "меньше"]]
    with pytest.raises(TenderFileError) as caught:
        read_tender_file(workbook(tmp_path / "bids.xlsx", criteria, [["Лот", "Участник", "Срок"], [1, "А", 5]]))
    assert "«много» is not a number" in str(caught.value) and "no criterion «Цена»" not in str(caught.value)
