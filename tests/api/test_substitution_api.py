"""/api/v1/ of import substitution on the demo: catalog, analogs and verdicts, matching, coverage, offers, forecast.

The catalog and the analysis are the department's; a manufacturer sees its own products, offers and forecast
(aggregates, never a customer's name); a customer sees none of it.
"""

from __future__ import annotations

import pytest

from cityorder.accounts.models import User
from cityorder.jobs.models import JobStatus
from cityorder.substitution.models import Analog, AnalogDecision, CatalogItem, Offer
from tests.substitution.helpers import demo_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return demo_order()


@pytest.fixture
def users(order):
    return {name: User.objects.get(username=name) for name in ("analyst", "battery", "mosgortrans")}


def every_page(client, url: str) -> list[dict]:
    rows = []
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        rows += answer.json()["results"]
        url = answer.json()["next"]
    return rows


def test_the_catalog_is_the_departments_and_a_maker_sees_its_own_products(api, users):
    analyst, maker, customer = (api(users[n]) for n in ("analyst", "battery", "mosgortrans"))
    everything = every_page(analyst, "/api/v1/catalog/")
    assert len(everything) == CatalogItem.objects.count()
    domestic_mcus = analyst.get("/api/v1/catalog/", {"origin": "domestic", "category": "ic", "search": "32f103"})
    assert [row["part_number"] for row in domestic_mcus.json()["results"]] == ["МЭЗ-32F103"]
    (own,) = every_page(maker, "/api/v1/catalog/")
    assert (own["part_number"], own["origin"], own["capacities"]["2026"]) == ("AT-LFP-12-100", "domestic", 5000.0)
    assert every_page(customer, "/api/v1/catalog/") == []
    assert api().get("/api/v1/catalog/").status_code == 401


def test_analogs_of_a_version_ranked_with_reasons_and_a_verdict_kept_by_key(api, users, order):
    analyst = api(users["analyst"])
    url = f"/api/v1/orders/{order.pk}/analogs/"
    mcu = order.positions.get(part_number="STM32F103C8T6")
    (best,) = analyst.get(url, {"position": mcu.position_id, "best": "true"}).json()["results"]
    assert (best["item"]["part_number"], best["compatibility"], best["rank"]) == ("МЭЗ-32F103", "functional", 1)
    assert best["reason"] and best["verdict"] == ""
    decided = analyst.post(f"{url}{best['id']}/decide/", {"verdict": "confirmed", "comment": "проверено"})
    assert decided.status_code == 200 and decided.json()["verdict"] == "confirmed"
    assert AnalogDecision.objects.get(position_key=mcu.key).comment == "проверено"
    assert analyst.post(f"{url}{best['id']}/decide/", {"verdict": "maybe"}).status_code == 400
    for name in ("battery", "mosgortrans"):
        assert api(users[name]).get(url).status_code == 404
        assert api(users[name]).post(f"{url}{best['id']}/decide/", {"verdict": "rejected"}).status_code == 404
    assert AnalogDecision.objects.get(position_key=mcu.key).verdict == "confirmed"


def test_matching_runs_in_the_background_and_replaces_the_versions_analogs(api, users, order,
                                                                          django_capture_on_commit_callbacks):
    before = set(Analog.objects.filter(order=order).values_list("position_id", "item_id", "rank"))
    with django_capture_on_commit_callbacks(execute=True):
        answer = api(users["analyst"]).post(f"/api/v1/orders/{order.pk}/match/")
    assert answer.status_code == 202 and answer.json()["kind"] == "match_analogs"
    job = api(users["analyst"]).get(f"/api/v1/jobs/{answer.json()['id']}/").json()
    assert job["status"] == JobStatus.DONE and job["stalled"] is False
    assert set(Analog.objects.filter(order=order).values_list("position_id", "item_id", "rank")) == before
    assert api(users["battery"]).post(f"/api/v1/orders/{order.pk}/match/").status_code == 404


def test_coverage_gaps_and_roadmap_as_worked_out_by_hand(api, users, order):
    answer = api(users["analyst"]).get(f"/api/v1/orders/{order.pk}/coverage/")
    assert answer.status_code == 200
    data = answer.json()
    whole = {share["year"]: share for share in data["shares"] if share["category"] == ""}
    assert (whole[2026]["positions"], whole[2026]["positions_covered"], whole[2026]["positions_with_analog"]) == (
        15, 4, 5)
    assert whole[2026]["quantity_covered"] == 100000 + 20000 + 13500 + 360
    covered_value = (100000 + 20000) * 0.85 + 13500 * 38 + 360 * 62000  # the demo's prices of the analogs
    assert whole[2026]["value_share"] == pytest.approx(covered_value / (covered_value + 4800 * 420))
    assert whole[2027]["positions_covered"] == 5
    roadmap = {step["category"]: step["first_full_year"] for step in data["roadmap"]}
    assert roadmap["ic.mcu"] == 2027 and roadmap["ic.timer"] is None
    totals = [gap["total"] for gap in data["gaps"]]
    assert totals == sorted(totals, reverse=True)
    timer = order.positions.get(part_number="NE555P")
    (gap,) = [g for g in data["gaps"] if g["position"] == timer.position_id]
    assert set(gap["statuses"].values()) == {"none"} and gap["total"] == sum(gap["shortfall"].values())
    assert api(users["battery"]).get(f"/api/v1/orders/{order.pk}/coverage/").status_code == 404


def test_a_maker_keeps_its_own_offers_and_they_count_in_coverage(api, users, order):
    maker = api(users["battery"])
    own = CatalogItem.objects.get(part_number="AT-LFP-12-100")
    other = CatalogItem.objects.get(part_number="МЭЗ-32F103")
    created = maker.post("/api/v1/offers/", {"item": own.pk, "volumes": {"2026": 1500, "2027": 2500},
                                             "from_year": 2026, "price": "61000.00"}, format="json")
    assert created.status_code == 201, created.content
    offer = created.json()
    assert (offer["organization"], offer["volumes"]) == (users["battery"].organization_id,
                                                         {"2026": 1500.0, "2027": 2500.0})
    refused = maker.post("/api/v1/offers/", {"item": other.pk, "volumes": {"2026": 10}, "from_year": 2026},
                         format="json")
    assert refused.status_code == 400 and "item" in refused.json()
    early = maker.patch(f"/api/v1/offers/{offer['id']}/", {"volumes": {"2025": 5}}, format="json")
    assert early.status_code == 400 and "volumes" in early.json()
    changed = maker.patch(f"/api/v1/offers/{offer['id']}/", {"note": "линия 2"}, format="json")
    assert changed.status_code == 200 and changed.json()["volumes"] == {"2026": 1500.0, "2027": 2500.0}
    # The department sees the offer; another customer neither sees nor may make one.
    assert [o["id"] for o in every_page(api(users["analyst"]), "/api/v1/offers/")] == [offer["id"]]
    customer = api(users["mosgortrans"])
    assert every_page(customer, "/api/v1/offers/") == []
    assert customer.delete(f"/api/v1/offers/{offer['id']}/").status_code == 404
    assert customer.post("/api/v1/offers/", {"item": own.pk, "volumes": {"2026": 1}, "from_year": 2026},
                         format="json").status_code == 403
    assert maker.delete(f"/api/v1/offers/{offer['id']}/").status_code == 204
    assert not Offer.objects.exists()


def test_a_makers_forecast_is_aggregates_without_customer_names(api, users, order):
    maker = users["battery"]
    answer = api(maker).get("/api/v1/forecast/")
    assert answer.status_code == 200
    data = answer.json()
    (product,) = data["by_product"]
    assert product["quantities"] == {"2026": 360.0, "2027": 410.0, "2028": 480.0, "2029": 530.0, "2030": 600.0}
    assert product["customers"] == 2 and data["orders"] == [order.pk]
    assert "Мосгортранс" not in answer.content.decode()
    other = users["mosgortrans"].organization_id
    assert api(maker).get("/api/v1/forecast/", {"organization": other}).status_code == 404
    assert api(users["mosgortrans"]).get("/api/v1/forecast/").status_code == 404
    by_analyst = api(users["analyst"]).get("/api/v1/forecast/", {"organization": maker.organization_id})
    assert by_analyst.json()["by_product"] == data["by_product"]
