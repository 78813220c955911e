"""The file's page names the columns that hold data nobody read and a sheet without a part-number column, on the
file itself and at the top of its submission, not only inside the collapsed column block."""

from __future__ import annotations

import re

import pytest

from cityorder.demand.models import FileStatus
from tests.demand.test_views import campaign, open_submission, page, upload  # noqa: F401  (fixtures)
from tests.demand.workbooks import xlsx

pytestmark = pytest.mark.django_db


def test_unread_columns_are_a_warning_and_content_choices_are_said(client, campaign, bob, upload):  # noqa: F811
    submission = open_submission(client, bob, campaign)
    # RaccoonLabHardware/MUX Bill_of_Materials-BOM.xlsx: «MP» holds the part numbers, «MF» the makers.
    upload(submission, ("mux.xlsx", xlsx([
        ["Designator", "Quantity", "MF", "MP", "Value"],
        ["CAN1, CAN2, CAN3, CAN4, CAN5, CAN6", 6, "JST Sales", "SM04B-GHS-TB_LF__SN_-", None],
        ["IN", 1, "AMASS", "XT30PW-M", None],
        ["OUT", 1, "AMASS", "XT30PW-F", None],
    ])))
    source = submission.files.get()
    assert source.status == FileStatus.READ
    assert source.sheets[0]["warnings"] == [
        "column C «MF» holds data (e.g. «JST Sales») but is not read; map it to a field if it matters"
    ]
    html = page(client, submission)
    assert "Read with warnings:" in html
    assert "column C «MF» holds data (e.g. «JST Sales») but is not read" in html
    assert "chosen by its contents" in html
    assert sorted(submission.lines.values_list("part_number", flat=True)) == [
        "SM04B-GHS-TB_LF__SN_-", "XT30PW-F", "XT30PW-M"
    ]


NO_PART_NUMBER = "no part-number column: the lines are known by their names alone"


def test_a_file_without_part_numbers_is_a_warning_on_the_file_and_on_its_submission(
        client, campaign, bob, upload):  # noqa: F811
    submission = open_submission(client, bob, campaign)
    upload(submission,
           ("ибп.xlsx", xlsx([["Наименование", "Ед. изм.", 2026], ["Аккумулятор для ИБП 12 В 7 А·ч", "шт", 4]])),
           ("экб.xlsx", xlsx([["Наименование", "Обозначение", "Ед. изм.", 2026], ["Таймер", "NE555P", "шт", 10]])))
    plain, coded = submission.files.get(name="ибп.xlsx"), submission.files.get(name="экб.xlsx")
    assert plain.warnings == [("Потребность", plain.sheets[0]["warnings"][0])] and not coded.warnings
    html = page(client, submission)
    top = re.search(r'<div[^>]*id="reading-warnings"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert top and f'href="#file-{plain.pk}"' in top.group(1) and f"#file-{coded.pk}" not in top.group(1)
    card = html[html.index(f'id="file-{plain.pk}"'):]
    card = card[:card.index("<details")]  # on the file, before its collapsed block of columns
    assert NO_PART_NUMBER in card
    coded_card = html[html.index(f'id="file-{coded.pk}"'):]
    assert NO_PART_NUMBER not in coded_card[:coded_card.index("<details")]
