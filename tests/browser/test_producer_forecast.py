"""A manufacturer's forecast page in headless Chromium: the chart is drawn, the figures are there, no customer is
named, and an offer added through the form is listed."""

from __future__ import annotations

import pytest

from cityorder.demand.models import Submission
from cityorder.substitution.models import Analog
from tests.browser.waiting import wait_until
from tests.substitution.helpers import demo_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manufacturer_reads_its_forecast_and_adds_an_offer(page, live_server):
    order = demo_order()  # the demo matches its published order against the catalog
    assert Analog.objects.filter(order=order, item__part_number="AT-LFP-12-100").exists()
    customers = list(Submission.objects.filter(campaign=order.campaign).values_list("customer__short_name", flat=True))
    assert customers
    page.goto(f"{live_server.url}/substitution/forecast/")
    page.fill("#id_username", "battery")
    page.fill("#id_password", "demo-maker-2026")
    page.click("#login-submit")
    # The chart script runs after the tables are parsed: wait for it, not for the table.
    wait_until(page, "window.Chart && window.Chart.getChart('forecast-chart')")
    chart = page.evaluate("""() => { const c = window.Chart.getChart("forecast-chart");
        return c && {labels: c.data.labels, bars: c.getDatasetMeta(0).data.length}; }""")
    assert chart == {"labels": order.years, "bars": len(order.years)}
    row = page.locator("#forecast-products tbody tr").first.locator("td").all_inner_texts()
    assert row[0].startswith("AT-LFP-12-100") and row[3] == "2"  # two customers, counted, not named
    by_year = [int("".join(ch for ch in cell if ch.isdigit()) or 0) for cell in row[4:]]
    assert len(by_year) == len(order.years) and all(q > 0 for q in by_year)
    html = page.content()
    for name in customers:
        assert name not in html
    page.fill("#id_from_year", "2027")
    page.fill("#id_v_2027", "250")
    page.fill("#id_v_2028", "275")
    page.fill("#id_price", "48000")
    page.click("#save-offer")
    offer = page.locator("#offers tbody tr", has_text="AT-LFP-12-100")
    offer.wait_for()
    assert "250" in offer.inner_text() and "275" in offer.inner_text()
