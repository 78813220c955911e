"""A manufacturer's forecast page in headless Chromium: the chart is drawn, the figures are there, no customer is
named, and an offer added through the form is listed."""

from __future__ import annotations

import pytest

from tests.substitution.helpers import demo_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manufacturer_reads_its_forecast_and_adds_an_offer(page, live_server):
    demo_order()
    page.goto(f"{live_server.url}/substitution/forecast/")
    page.fill("#id_username", "battery")
    page.fill("#id_password", "demo-maker-2026")
    page.click("#login-submit")
    page.wait_for_selector("#forecast-products")
    labels = page.evaluate("window.Chart.getChart('forecast-chart').data.labels")
    assert labels == [2026, 2027, 2028, 2029, 2030]
    row = page.locator("#forecast-products tbody tr").first.locator("td").all_inner_texts()
    assert row[0].startswith("AT-LFP-12-100") and row[3] == "2"  # two customers, counted, not named
    body = page.locator("body").inner_text()
    assert "Мосгортранс" not in body and "ДЗМ" not in body
    page.fill("#id_from_year", "2027")
    page.fill("#id_v_2027", "250")
    page.fill("#id_price", "48000")
    page.click("#save-offer")
    page.wait_for_selector("#offers tbody tr >> text=AT-LFP-12-100")
    assert "250" in page.locator("#offers").inner_text()
