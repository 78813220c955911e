"""The main flow of demand in headless Chromium: a customer uploads a messy spreadsheet, fixes its error row and
submits; the analyst accepts, consolidates and opens a position's card with its source rows."""

from __future__ import annotations

import pytest

from cityorder.demand.models import Submission, SubmissionStatus
from cityorder.order.models import CityOrder
from cityorder.registry.demo import load_demo
from tests.demand.workbooks import messy_demand

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str, password: str, then: str) -> None:
    page.goto(f"{live_server.url}{then}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}{then}")


def log_out(page) -> None:
    page.context.clear_cookies()


def test_customer_uploads_fixes_submits_and_analyst_accepts_and_consolidates(page, live_server, tmp_path):
    from cityorder.accounts.models import User
    from cityorder.demand.demo import load_demand_demo

    load_demo()
    load_demand_demo(User.objects.get(username="analyst"))
    path = tmp_path / "ГКБ1 потребность.xlsx"
    path.write_bytes(messy_demand())

    log_in(page, live_server, "hospital", "demo-customer-2026", "/demand/campaigns/ekb-2026/")
    page.click("#open-submission")
    page.click("#start-submission-button")  # opening «My submission» changes nothing; starting it is a POST
    page.set_input_files("#id_files", str(path))
    page.click("#upload-button")
    fix = page.locator("a[data-row='8']")
    fix.wait_for()
    assert "по потребности" in page.locator("body").inner_text()
    fix.click()
    page.fill("#id_q_2026", "300")
    page.click("#save-line")
    page.click("#submit-submission")
    page.wait_for_load_state()
    submission = Submission.objects.get(campaign__code="ekb-2026", customer__short_name="ГКБ № 1 (демо)")
    assert submission.status == SubmissionStatus.SUBMITTED
    assert not submission.lines.filter(status="error").exists()
    log_out(page)

    log_in(page, live_server, "analyst", "demo-analyst-2026", f"/demand/submissions/{submission.pk}/")
    page.click("#accept-submission")
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED

    page.goto(f"{live_server.url}/order/")
    page.click("button[data-consolidate='ekb-2026']")
    page.wait_for_load_state()
    version = CityOrder.objects.get(campaign__code="ekb-2026", number=2)  # the demo published version 1
    timer = version.positions.get(part_number="NE555P")
    assert timer.customers == 3  # Мосгортранс, ДЗМ and now the hospital
    page.goto(f"{live_server.url}{version.get_absolute_url()}?q=NE555P")
    page.click(f"text={timer.position_id}")
    page.wait_for_url(f"{live_server.url}{timer.get_absolute_url()}")
    rows = page.locator("#source-lines tbody tr")
    assert rows.count() == 3
    hospital_row = rows.filter(has_text="ГКБ1 потребность.xlsx")
    cells = hospital_row.locator("td").all_inner_texts()
    assert [cells[0], cells[2], cells[3]] == ["ГКБ № 1 (демо)", "Потребность", "6"]
