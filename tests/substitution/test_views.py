"""The substitution pages: the department's analysis, the producer's forecast (aggregates only) and offers."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from tests.substitution.helpers import demo_order

from cityorder.accounts.models import User
from cityorder.substitution.models import AnalogDecision, CatalogItem, Offer

pytestmark = pytest.mark.django_db


def login(client, username: str, password: str) -> None:
    assert client.login(username=username, password=password)


@pytest.fixture
def order():
    return demo_order()


def test_department_pages_open_and_show_the_figures(client, order):
    login(client, "analyst", "demo-analyst-2026")
    assert 'data-match="%d"' % order.pk in client.get("/substitution/").content.decode()
    coverage = client.get(f"/substitution/versions/{order.pk}/coverage/").content.decode()
    assert "coverage-data" in coverage and "4 / 5 / 14" in coverage  # 2026: covered / with analog / all
    gaps = client.get(f"/substitution/versions/{order.pk}/gaps/").content.decode()
    assert "NE555P" in gaps
    roadmap = client.get(f"/substitution/versions/{order.pk}/roadmap/").content.decode()
    assert 'data-category="ic.mcu"' in roadmap
    capacity = client.get(f"/substitution/versions/{order.pk}/capacity/").content.decode()
    assert "МЭЗ-32F103" in capacity
    assert "AT-LFP-12-100" in client.get("/substitution/catalog/?origin=domestic").content.decode()


def test_gaps_export_is_a_workbook_ranked_by_shortfall(client, order):
    import io

    login(client, "analyst", "demo-analyst-2026")
    response = client.get(f"/substitution/versions/{order.pk}/gaps.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    totals = [row[-2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert totals == sorted(totals, reverse=True) and len(totals) >= 8


def test_analyst_confirms_and_rejects_an_analog(client, order):
    login(client, "analyst", "demo-analyst-2026")
    ebus = order.positions.get(name="Электробус 12 м")
    item = CatalogItem.objects.get(part_number="ЭБС-12")
    url = f"/substitution/versions/{order.pk}/positions/{ebus.position_id}/analogs/"
    assert "ЭБС-12" in client.get(url).content.decode()
    client.post(url, {"item": item.pk, "verdict": "confirmed"})
    assert AnalogDecision.objects.get(position_key=ebus.key, item=item).verdict == "confirmed"


def test_manufacturer_sees_its_forecast_without_customer_names_and_nothing_else(client, order):
    login(client, "battery", "demo-maker-2026")
    response = client.get("/substitution/forecast/", follow=True)
    page = response.content.decode()
    assert "AT-LFP-12-100" in page and 'id="forecast-products"' in page
    for customer in ("Мосгортранс", "ДЗМ", "ГКБ"):
        assert customer not in page
    for url in (f"/substitution/versions/{order.pk}/coverage/", f"/substitution/versions/{order.pk}/gaps/",
                f"/order/versions/{order.pk}/"):
        assert client.get(url).status_code in (403, 404)
    other = User.objects.get(username="coordinator").organization
    assert client.get(f"/substitution/producers/{other.pk}/").status_code == 404


def test_manufacturer_adds_and_deletes_an_offer(client, order):
    login(client, "battery", "demo-maker-2026")
    maker = User.objects.get(username="battery").organization
    item = CatalogItem.objects.get(organization=maker)
    response = client.post(f"/substitution/producers/{maker.pk}/", {
        "item": item.pk, "from_year": 2027, "price": "45000", "v_2027": "200", "v_2028": "300", "note": "",
    })
    assert response.status_code == 302
    offer = Offer.objects.get(organization=maker)
    assert offer.volumes == {"2027": 200.0, "2028": 300.0}
    client.post(f"/substitution/offers/{offer.pk}/delete/")
    assert not Offer.objects.exists()


def test_a_customer_has_no_forecast(client, order):
    login(client, "mosgortrans", "demo-customer-2026")
    assert client.get("/substitution/forecast/").status_code == 404
    assert client.get("/substitution/").status_code == 403
