"""The file's page names the columns that hold data nobody read, and a column chosen by its contents."""

from __future__ import annotations

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
    assert "Columns with data that were not read:" in html
    assert "column C «MF» holds data (e.g. «JST Sales») but is not read" in html
    assert "chosen by its contents" in html
    assert sorted(submission.lines.values_list("part_number", flat=True)) == [
        "SM04B-GHS-TB_LF__SN_-", "XT30PW-F", "XT30PW-M"
    ]
