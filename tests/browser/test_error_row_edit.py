"""In headless Chromium: a customer opens the error row of its upload, finds the row's valid years in their inputs
and the bad cell as the file had it beside its input, changes only that cell and saves a line of all three years."""

from __future__ import annotations

import datetime

import pytest

from cityorder.demand import services
from cityorder.demand.models import LineStatus
from tests.demand.workbooks import messy_demand

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_customer_corrects_only_the_bad_cell_of_an_error_row(page, live_server, tmp_path, alice, bob):
    campaign = services.campaign_create(
        actor=alice, code="ekb-2026", title="Потребность в ЭКБ", year_from=2026, year_to=2028, kinds=["components"],
        deadline=datetime.date(2099, 12, 1), invited=[bob.organization],
    )
    path = tmp_path / "потребность.xlsx"
    path.write_bytes(messy_demand())
    page.goto(f"{live_server.url}/demand/campaigns/{campaign.code}/")
    page.fill("#id_username", "bob")
    page.fill("#id_password", "correct-horse-battery")
    page.click("#login-submit")
    page.click("#open-submission")
    page.click("#start-submission-button")
    page.set_input_files("#id_files", str(path))
    page.click("#upload-button")
    fix = page.locator("a[data-row='8']")
    fix.wait_for()
    fix.click()

    bad = page.locator("#id_q_2026")
    assert bad.input_value() == "по потребности"
    assert "is-invalid" in (bad.get_attribute("class") or "")
    assert "«по потребности»" in page.locator("[data-in-file='q_2026']").inner_text()
    assert [page.locator(f"#id_q_{year}").input_value() for year in (2027, 2028)] == ["500", "500"]
    assert page.locator("[data-in-file]").count() == 1  # only the bad cell is quoted
    assert page.locator("#id_name").input_value() == "Резистор 10 кОм 0805"

    bad.fill("300")
    page.click("#save-line")
    page.wait_for_load_state()
    submission = campaign.submissions.get(customer=bob.organization)
    line = submission.lines.get(row=8)
    assert (line.status, line.quantities) == (LineStatus.OK, {"2026": 300, "2027": 500, "2028": 500})
