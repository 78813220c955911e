"""The substitution pages: the department's analysis (versions and matching, reference files, coverage, capacity,
gaps and their export, roadmap, analog verdicts) and the producer's page (aggregates only, its own offers)."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from tests import factories as f
from tests.substitution.helpers import demo_order

from cityorder.accounts.models import User
from cityorder.accounts.roles import Role
from cityorder.demand.models import Submission
from cityorder.jobs.models import Job, JobKind
from cityorder.order.models import CityOrder
from cityorder.substitution.models import Analog, AnalogDecision, CatalogItem, CrossReference, Offer, Origin

pytestmark = pytest.mark.django_db


def login(client, username: str) -> None:
    password = {"analyst": "demo-analyst-2026", "battery": "demo-maker-2026", "mosgortrans": "demo-customer-2026",
                "coordinator": "demo-coordinator-2026"}[username]
    assert client.login(username=username, password=password)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def script_data(html: str, element_id: str) -> dict:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert found, element_id
    return json.loads(found.group(1))


def row_of(html: str, table_id: str, attribute: str) -> str:
    table = html[html.index(f'id="{table_id}"'):]
    start = table.index(attribute)
    return table[start:table.index("</tr>", start)]


@pytest.fixture
def order():
    return demo_order()


@pytest.fixture
def versions(order):
    return f"/substitution/versions/{order.pk}"


# The department ----------------------------------------------------------------------------------------------------


def test_index_shows_the_published_and_the_latest_version_and_runs_matching(
        client, order, django_capture_on_commit_callbacks):
    middle = CityOrder.objects.create(campaign=order.campaign, number=order.number + 1, years=order.years)
    latest = CityOrder.objects.create(campaign=order.campaign, number=order.number + 2, years=order.years)
    login(client, "analyst")
    html = page(client, "/substitution/")
    assert f'data-match="{order.pk}"' in html and f'data-match="{latest.pk}"' in html
    assert f'data-match="{middle.pk}"' not in html
    analogs = Analog.objects.filter(order=order).count()
    Analog.objects.filter(order=order).delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/substitution/versions/{order.pk}/match/")
    assert response.status_code == 302
    job = Job.objects.get(kind=JobKind.MATCH_ANALOGS, params__order=order.pk)
    assert job.status == "done" and Analog.objects.filter(order=order).count() == analogs
    progress = re.search(rf'<div class="job-progress" id="job-{job.pk}"[^>]*>', page(client, "/substitution/"))
    assert progress and "hx-get" not in progress.group(0)  # a finished job is not polled


def test_a_catalog_file_with_errors_stores_nothing_and_every_error_is_listed(client, order):
    login(client, "analyst")
    before = CatalogItem.objects.count()
    data = (b"part_number,manufacturer,name,category,origin,registry_no,capacity_2026\n"
            b"MK-1,Maker,Controller,ic.mcu,domestic,R-1,100\n"
            b"MK-2,Maker,Controller,ic.mcu,alien,,abc\n"
            b",Maker,Controller,ic.mcu,domestic,,\n")
    html = client.post("/substitution/upload/catalog/", {"file": SimpleUploadedFile("cat.csv", data)}
                       ).content.decode()
    errors = html[html.index('id="upload-errors"'):html.index("</ul>", html.index('id="upload-errors"'))]
    assert errors.count("<li>") == 3
    assert "cat.csv, row 3, column «origin»" in errors and "column «capacity_2026»" in errors
    assert "cat.csv, row 4, column «part_number»" in errors
    assert CatalogItem.objects.count() == before


def test_a_good_catalog_file_and_cross_references_are_stored(client, order):
    login(client, "analyst")
    catalog = (b"part_number,manufacturer,name,category,origin,registry_no,capacity_2027,price,readiness_year\n"
               b"MK-1,Maker,Controller,ic.mcu,domestic,R-1,100,250,2027\n")
    response = client.post("/substitution/upload/catalog/", {"file": SimpleUploadedFile("cat.csv", catalog)},
                           follow=True)
    assert "cat.csv: 1 added, 0 updated." in response.content.decode()
    item = CatalogItem.objects.get(part_number="MK-1")
    assert (item.origin, item.capacities, item.readiness_year) == (Origin.DOMESTIC, {"2027": 100.0}, 2027)
    xrefs = b"part_number,analog_part_number,compatibility,note\nNE555,KR1006VI1,pin,\n"
    client.post("/substitution/upload/xrefs/", {"file": SimpleUploadedFile("x.csv", xrefs)})
    assert CrossReference.objects.filter(part_number="NE555", compatibility="pin").exists()
    assert client.post("/substitution/upload/other/", {"file": SimpleUploadedFile("x.csv", xrefs)}
                       ).status_code == 404


def test_registry_sync_button_keeps_the_registry_products_in_the_catalog(client, order):
    login(client, "analyst")
    CatalogItem.objects.filter(part_number="AT-LFP-12-100").delete()
    response = client.post("/substitution/registry-sync/", follow=True)
    assert "products of the registry" in response.content.decode()
    assert CatalogItem.objects.filter(part_number="AT-LFP-12-100", origin=Origin.DOMESTIC).exists()


def test_catalog_is_filtered_by_origin_and_text(client, order):
    login(client, "analyst")
    domestic = page(client, "/substitution/catalog/?origin=domestic")
    assert "AT-LFP-12-100" in domestic and "STM32F103C8T6" not in domestic
    found = page(client, "/substitution/catalog/?q=NE555")
    assert "NE555P" in found and "AT-LFP-12-100" not in found


def test_coverage_shows_statuses_and_shares_by_category_and_year(client, versions):
    login(client, "analyst")
    html = page(client, f"{versions}/coverage/")
    # 2026 (the first year), all categories: 15 positions, 4 covered, 1 with an analog short of capacity.
    first = row_of(html, "coverage-table", 'data-category="all"').split("</td>")[1]
    assert 'data-status="covered">4<' in first and 'data-status="short">1<' in first
    assert 'data-status="none">10<' in first and "26.7% of positions" in first
    chart = script_data(html, "coverage-data")
    assert chart["years"][0] == 2026
    assert (chart["covered"][0], chart["short"][0], chart["none"][0]) == (26.7, 6.7, 66.7)
    assert 0 < chart["quantity"][0] <= 100
    assert 'data-category="ic.mcu"' in html


def test_capacity_against_demand_by_product_and_category(client, versions):
    login(client, "analyst")
    html = page(client, f"{versions}/capacity/")
    assert "МЭЗ-32F103" in row_of(html, "capacity-products", "МЭЗ-32F103")
    assert "capacity-categories" in html


def test_gaps_are_ranked_and_exported_without_formulas(client, order, versions):
    login(client, "analyst")
    timer = order.positions.get(part_number="NE555P")
    html = page(client, f"{versions}/gaps/")
    assert f'data-position="{timer.position_id}"' in html and 'data-category="ic.timer"' in html
    sheet = load_workbook(io.BytesIO(client.get(f"{versions}/gaps.xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    total = rows[0].index("Shortfall, total") if "Shortfall, total" in rows[0] else rows[0].index("Дефицит, всего")
    totals = [row[total] for row in rows[1:]]
    assert totals == sorted(totals, reverse=True) and len(totals) >= 8
    timer.name = '=HYPERLINK("http://evil.example","x")'
    timer.save()
    text = client.get(f"{versions}/gaps.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    assert client.get(f"{versions}/gaps.pdf").status_code == 404


def test_roadmap_gives_the_year_of_full_coverage_or_none(client, versions):
    login(client, "analyst")
    html = page(client, f"{versions}/roadmap/")
    assert 'data-year="2027"' in row_of(html, "roadmap", 'data-category="ic.mcu"')
    assert "not within the horizon" in row_of(html, "roadmap", 'data-category="ic.timer"')
    chart = script_data(html, "roadmap-data")
    assert [2027, chart["max"]] in chart["bars"] and None in chart["bars"]


def test_analyst_confirms_and_rejects_analogs_of_a_position(client, order, versions):
    login(client, "analyst")
    ebus = order.positions.get(name="Электробус 12 м")
    item = CatalogItem.objects.get(part_number="ЭБС-12")
    url = f"{versions}/positions/{ebus.position_id}/analogs/"
    html = page(client, url)
    assert "ЭБС-12" in html and "every later version" in html
    client.post(url, {"item": item.pk, "verdict": "confirmed"})
    assert AnalogDecision.objects.get(position_key=ebus.key, item=item).verdict == "confirmed"
    assert 'data-verdict="confirmed"' in page(client, url)
    client.post(url, {"item": item.pk, "verdict": "rejected"})
    assert AnalogDecision.objects.get(position_key=ebus.key, item=item).verdict == "rejected"
    stranger = CatalogItem.objects.get(part_number="AT-LFP-12-100")  # not an analog of the e-bus
    assert client.post(url, {"item": stranger.pk, "verdict": "confirmed"}).status_code == 404
    assert client.post(url, {"item": item.pk, "verdict": "maybe"}).status_code == 400


def test_the_department_sees_a_producers_page_and_may_add_offers(client, order):
    login(client, "analyst")
    maker = User.objects.get(username="battery").organization
    html = page(client, f"/substitution/producers/{maker.pk}/")
    assert 'id="forecast-products"' in html and 'id="offer-form"' in html


# The producer -----------------------------------------------------------------------------------------------------


def customer_names(order: CityOrder) -> list[str]:
    names = list(Submission.objects.filter(campaign=order.campaign).values_list("customer__short_name", flat=True))
    assert len(names) >= 2
    return names


def test_manufacturer_sees_its_forecast_without_customer_names(client, order):
    login(client, "battery")
    response = client.get("/substitution/forecast/", follow=True)
    html = response.content.decode()
    maker = User.objects.get(username="battery").organization
    assert response.redirect_chain[-1][0].endswith(f"/substitution/producers/{maker.pk}/")
    products = row_of(html, "forecast-products", "AT-LFP-12-100")
    assert re.findall(r'<td class="text-end">([\d\s,]+)</td>', products)  # figures by year
    assert 'id="forecast-chart"' in html and script_data(html, "forecast-data")["labels"] == order.years
    for name in customer_names(order):
        assert name not in html


def test_manufacturer_cannot_open_the_analysis(client, order, versions):
    login(client, "battery")
    ebus = order.positions.get(name="Электробус 12 м")
    for url in ("/substitution/", "/substitution/catalog/"):
        assert client.get(url).status_code == 403
    for url in (f"{versions}/coverage/", f"{versions}/capacity/", f"{versions}/gaps/", f"{versions}/gaps.csv",
                f"{versions}/roadmap/", f"{versions}/positions/{ebus.position_id}/analogs/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{versions}/match/").status_code == 404
    assert client.post("/substitution/registry-sync/").status_code == 403


def test_manufacturer_adds_edits_and_deletes_its_offer(client, order, settings):
    login(client, "battery")
    maker = User.objects.get(username="battery").organization
    item = CatalogItem.objects.get(organization=maker)
    url = f"/substitution/producers/{maker.pk}/"
    response = client.post(url, {"item": item.pk, "from_year": 2027, "price": "45000", "v_2026": "",
                                 "v_2027": "200", "v_2028": "300", "note": "два цеха"})
    assert response.status_code == 302
    offer = Offer.objects.get(organization=maker)
    assert offer.volumes == {"2027": 200.0, "2028": 300.0} and offer.note == "два цеха"
    assert f'data-offer="{offer.pk}"' in page(client, url)
    edit = f"/substitution/offers/{offer.pk}/edit/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"  # numbers in the inputs are not localized («45000,00»)
    form = page(client, edit)
    assert 'name="v_2028" id="id_v_2028" value="300"' in form and 'value="45000"' in form
    client.post(edit, {"from_year": 2027, "price": "", "v_2027": "250", "note": ""})
    offer.refresh_from_db()
    assert offer.volumes == {"2027": 250.0} and offer.price is None and offer.item == item
    client.post(f"/substitution/offers/{offer.pk}/delete/")
    assert not Offer.objects.exists()


def test_an_offer_with_a_volume_before_its_first_year_is_refused(client, order):
    login(client, "battery")
    maker = User.objects.get(username="battery").organization
    item = CatalogItem.objects.get(organization=maker)
    response = client.post(f"/substitution/producers/{maker.pk}/",
                           {"item": item.pk, "from_year": 2028, "v_2026": "100"})
    assert response.status_code == 200 and 'id="offer-errors"' in response.content.decode()
    assert not Offer.objects.exists()


def test_manufacturer_cannot_see_or_change_another_manufacturers_offers(client, order):
    rival = f.OrganizationFactory(short_name="ООО «Соперник»")
    item = CatalogItem.objects.create(key="RV1", part_number="RV-1", manufacturer="Соперник", origin=Origin.DOMESTIC,
                                      organization=rival)
    offer = Offer.objects.create(organization=rival, item=item, volumes={"2027": 10.0}, from_year=2027)
    login(client, "battery")
    assert client.get(f"/substitution/producers/{rival.pk}/").status_code == 404
    assert client.post(f"/substitution/producers/{rival.pk}/",
                       {"item": item.pk, "from_year": 2027, "v_2027": "5"}).status_code == 404
    assert client.get(f"/substitution/offers/{offer.pk}/edit/").status_code == 404
    assert client.post(f"/substitution/offers/{offer.pk}/edit/", {"from_year": 2027, "v_2027": "999"}
                       ).status_code == 404
    assert client.post(f"/substitution/offers/{offer.pk}/delete/").status_code == 404
    offer.refresh_from_db()
    assert offer.volumes == {"2027": 10.0} and Offer.objects.filter(organization=rival).count() == 1
    own = User.objects.get(username="battery").organization
    client.post(f"/substitution/producers/{own.pk}/", {"item": item.pk, "from_year": 2027, "v_2027": "5"})
    assert not Offer.objects.filter(organization=own).exists()  # a rival's product is not among the choices


def test_customers_and_coordinators_have_no_forecast(client, order):
    maker = User.objects.get(username="battery").organization
    login(client, "mosgortrans")
    assert client.get("/substitution/forecast/").status_code == 404
    assert client.get(f"/substitution/producers/{maker.pk}/").status_code == 404
    assert client.get("/substitution/").status_code == 403
    client.logout()
    login(client, "coordinator")
    assert client.get("/substitution/forecast/").status_code == 404
    assert client.get(f"/substitution/producers/{maker.pk}/").status_code == 404


def test_a_manufacturer_without_catalog_products_is_told_how_to_get_them(client, db):
    maker = f.OrganizationFactory()
    f.UserFactory(username="newmaker", role=Role.MANUFACTURER, organization=maker)
    assert client.login(username="newmaker", password="correct-horse-battery")
    html = client.get("/substitution/forecast/", follow=True).content.decode()
    assert "No city order is published yet." in html and 'id="no-offer-products"' in html


def test_a_manufacturer_sees_the_whole_published_order_by_category_and_exports_it(client, order):
    import csv as csv_module

    login(client, "battery")
    maker = User.objects.get(username="battery").organization
    html = page(client, f"/substitution/producers/{maker.pk}/")
    whole = html[html.index('id="forecast-whole"'):]
    whole = whole[:whole.index("</table>")]
    # Categories it does not make are there too (microcontrollers, timers), with no customer named.
    assert 'data-category="ic.mcu"' in whole and 'data-category="ic.timer"' in whole
    assert "Мосгортранс" not in whole and "ДЗМ" not in whole
    data = client.get("/substitution/forecast/city-order.json").json()
    rows = {(r["category"], r["unit"]): r for r in data["rows"]}
    mcu = order.positions.get(part_number="STM32F103C8T6")
    assert rows[("ic.mcu", "pcs")]["2026"] == mcu.quantity(2026)
    assert data["years"] == [2026, 2027, 2028, 2029, 2030]
    text = client.get("/substitution/forecast/city-order.csv").content.decode("utf-8-sig")
    table = list(csv_module.DictReader(text.splitlines()))
    assert {r["category"] for r in table} == {c for c, _u in rows}
    assert "Мосгортранс" not in text
    assert client.get("/substitution/forecast/city-order.xml").status_code == 404
    client.logout()
    login(client, "mosgortrans")
    assert client.get("/substitution/forecast/city-order.json").status_code == 404
