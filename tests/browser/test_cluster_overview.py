from __future__ import annotations

import pytest

from cityorder.registry.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_logs_in_and_opens_the_cluster_overview(page, live_server):
    load_demo()
    page.goto(f"{live_server.url}/clusters/ev/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", "demo-analyst-2026")
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}/clusters/ev/")
    assert page.locator("#coverage-chart").evaluate("node => node.tagName") == "CANVAS"
    assert page.locator("h1").inner_text() == "Кластер электромобилестроения"
    assert page.locator("#members tbody tr").count() >= 25
    assert page.locator("#sez-share").inner_text() == "50%"
    # Static files are served: Bootstrap's CSS styles the navbar and its JS bundle is loaded beside Chart.js.
    assert page.evaluate("getComputedStyle(document.querySelector('nav.navbar')).display") == "flex"
    assert page.evaluate("typeof window.bootstrap") == "object"
    assert page.evaluate("typeof window.Chart") == "function"
    # Chart.js has drawn the coverage chart: the canvas has a chart bound to it with our competencies.
    labels = page.evaluate("window.Chart.getChart('coverage-chart').data.labels")
    assert "Аккумуляторные батареи" in labels
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Electric vehicle cluster"
