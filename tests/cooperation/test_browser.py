"""The coordinator's flow in headless Chromium on the demo: open the e-bus project, import a multi-level BOM from a
spreadsheet, set the plan, explode it, assign a supplier, see localization and gaps; the derived demand then reaches
the city order with its source."""

from __future__ import annotations

import pytest

from cityorder.accounts.models import User
from cityorder.cooperation.demo import EBUS_BOM, HEADER, load_cooperation_demo
from cityorder.cooperation.models import Assignment, Explosion
from cityorder.demand.demo import load_demand_demo
from cityorder.order import services as order_services
from cityorder.registry.demo import load_demo
from tests.browser.conftest import page  # noqa: F401  (headless Chromium)
from tests.browser.waiting import wait_until
from tests.cooperation.conftest import xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_takes_the_ebus_from_bom_to_the_city_order(page, live_server, tmp_path):  # noqa: F811
    load_demo()
    analyst = User.objects.get(username="analyst")
    campaign = load_demand_demo(analyst)
    load_cooperation_demo(User.objects.get(username="coordinator"))
    rows = [list(r) for r in EBUS_BOM]
    rows[6][3] = 270  # more cells per LTO module in the new version
    path = tmp_path / "ebus-v2.xlsx"
    path.write_bytes(xlsx([["Спецификация ЭБ-12, версия 2"], HEADER, *rows]))

    page.goto(f"{live_server.url}/cooperation/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "demo-coordinator-2026")
    page.click("#login-submit")
    page.click("#projects a[href='/cooperation/ebus-600/']")

    page.set_input_files("#id_file", str(path))
    page.click("#bom-form button")
    page.locator("#preview").wait_for()
    assert "LTO-66160" in page.inner_text("#preview")
    page.click("#confirm-import")
    page.locator("#bom-version", has_text="v2").wait_for()
    page.click("#bom-diff summary")
    assert page.locator("#bom-diff li").count() == 1 and "LTO-66160" in page.inner_text("#bom-diff")

    battery = page.locator("#bom-tree tr[data-assembly]", has_text="ТБ-240-LTO")
    battery.locator(".bom-toggle").click()
    assert page.locator("#bom-tree tr", has_text="LTO-66160").is_hidden()
    page.click("#bom-expand")
    page.fill("#bom-search", "пантограф")
    assert page.locator("#bom-tree tr.table-warning").count() == 1
    assert page.locator("#bom-tree tr", has_text="ИНМ-400").is_hidden()

    page.fill("#id_plan", "2026:150, 2027:600, 2028:600")
    page.click("#plan-form button")
    page.locator("#plan", has_text="2028").wait_for()
    page.select_option("#explode-form select", label=str(campaign))
    page.click("#explode-form button")
    page.locator("#derived").wait_for()
    cells = page.locator("#derived tr", has_text="LTO-66160").inner_text()
    # 10 modules × 270 cells × 1.02 × 600 buses in 2027
    assert "ebus-600-bom-v2.csv" in cells and "1652400" in cells.replace("\u00a0", "").replace(" ", "")
    wait_until(page, "window.Chart && window.Chart.getChart('derived-chart')")

    page.click("#suppliers-link")
    row = page.locator("#supplier-matrix tr", has_text="L7805CV")
    row.locator("select[name=status]").select_option("agreed")
    row.locator(".assign-form button").click()
    page.locator("#supplier-matrix tr", has_text="L7805CV").locator("[data-assigned]").wait_for()
    assert Assignment.objects.get(part_number="L7805CV").status == "agreed"
    assert page.locator("#localization [data-year='2028']").count() == 1
    assert "ПНТ-ТП-01" in page.inner_text("#gaps")

    explosion = Explosion.objects.get(project__code="ebus-600", current=True)
    assert explosion.version.number == 2
    order = order_services.consolidate_campaign(campaign, actor=analyst).order
    source = order.positions.get(key=explosion.needs.get(part_number="LTO-66160").key).source_lines.get()
    assert (source.file, source.customer.short_name) == ("ebus-600-bom-v2.csv", "ООО «Электробус Сборка (демо)»")
