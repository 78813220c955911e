"""/api/v1/orders/: versions of the city order, their positions and source lines, consolidation and publishing.

The order names customers and their raw lines, so it is the department's: for anyone else it does not exist.
"""

from __future__ import annotations

import pytest

from cityorder.demand import services
from cityorder.order import services as order_services
from cityorder.order.models import CityOrder

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"




@pytest.fixture
def campaign(alice, bob, carol):
    return services.campaign_create(actor=alice, code="ekb-2026", title="ЭКБ и АКБ", year_from=2026, year_to=2028,
                                    invited=[bob.organization, carol.organization])


def send(customer, campaign, *lines, accept_by=None):
    """A customer's submission with the given (part number, name, quantities) lines, accepted by the analyst."""
    submission = services.submission_open(actor=customer, campaign=campaign)
    for part_number, name, quantities in lines:
        services.line_add(actor=customer, submission=submission, part_number=part_number, name=name, unit="шт",
                          quantities=quantities)
    services.submission_submit(actor=customer, submission=submission)
    if accept_by is not None:
        services.submission_accept(actor=accept_by, submission=submission)
    return submission


@pytest.fixture
def order(alice, bob, carol, campaign):
    """Version 1: the NE555P timer asked by Bob and Carol, a regulator and a battery asked by Bob."""
    send(bob, campaign, ("NE555P", "Таймер", {"2026": 100, "2027": 50}), ("L7805CV", "Стабилизатор 5 В", {"2026": 20}),
         ("", "Аккумулятор LiFePO4 12,8 В 100 А·ч", {"2028": 4}), accept_by=alice)
    send(carol, campaign, ("NE555P", "Таймер", {"2026": 10}), accept_by=alice)
    return order_services.consolidate_campaign(campaign, actor=alice).order


def positions_url(order: CityOrder) -> str:
    return f"{ORDERS}{order.pk}/positions/"


def test_analyst_lists_versions_of_a_campaign(api, alice, campaign, order):
    second = order_services.consolidate_campaign(campaign, actor=alice).order
    client = api(alice)
    listed = client.get(ORDERS, {"campaign": "ekb-2026"}).json()
    assert [(v["id"], v["number"]) for v in listed["results"]] == [(second.pk, 2), (order.pk, 1)]
    assert client.get(ORDERS, {"campaign": "other"}).json()["count"] == 0
    version = client.get(f"{ORDERS}{order.pk}/").json()
    assert version["campaign"] == "ekb-2026" and version["years"] == [2026, 2027, 2028]
    assert version["stats"]["positions"] == 3 and version["stats"]["customers"] == 2


def test_positions_carry_quantities_by_year_customers_and_lines(api, alice, order):
    results = api(alice).get(positions_url(order)).json()["results"]
    timer = next(p for p in results if p["part_number"] == "NE555P")
    assert timer["quantities"] == {"2026": 110.0, "2027": 50.0} and timer["total"] == 160.0
    assert (timer["customers"], timer["lines"], timer["category"]) == (2, 2, "ic.timer")
    assert [p["total"] for p in results] == sorted((p["total"] for p in results), reverse=True)


def test_positions_filter_by_category_and_year(api, alice, order):
    client = api(alice)
    ics = client.get(positions_url(order), {"category": "ic"}).json()["results"]
    assert {p["part_number"] for p in ics} == {"NE555P", "L7805CV"}
    timers = client.get(positions_url(order), {"category": "ic.timer"}).json()["results"]
    assert [p["part_number"] for p in timers] == ["NE555P"]
    in_2028 = client.get(positions_url(order), {"year": 2028}).json()["results"]
    assert [p["category"] for p in in_2028] == ["battery.lfp"]
    in_2027 = client.get(positions_url(order), {"year": 2027, "category": "battery"}).json()
    assert in_2027["count"] == 0


def test_a_position_shows_its_source_lines(api, alice, bob, carol, order):
    client = api(alice)
    timer = order.positions.get(part_number="NE555P")
    detail = client.get(f"{positions_url(order)}{timer.position_id}/")
    assert detail.status_code == 200
    sources = detail.json()["source_lines"]
    assert {(s["customer"], s["customer_name"], s["origin"], s["total"]) for s in sources} == {
        (bob.organization.pk, bob.organization.short_name, "form", 150.0),
        (carol.organization.pk, carol.organization.short_name, "form", 10.0),
    }
    assert all(s["line"] for s in sources)
    assert client.get(f"{positions_url(order)}P0000000000/").status_code == 404
    other = CityOrder.objects.create(campaign=order.campaign, number=9)
    assert client.get(f"{positions_url(other)}{timer.position_id}/").status_code == 404


def test_consolidation_through_the_api_makes_a_new_version(api, alice, bob, campaign,
                                                           django_capture_on_commit_callbacks):
    client = api(alice)
    nothing = client.post("/api/v1/campaigns/ekb-2026/consolidate/")
    assert nothing.status_code == 400 and "accept at least one" in nothing.json()["non_field_errors"][0]
    send(bob, campaign, ("NE555P", "Таймер", {"2026": 1}), accept_by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/campaigns/ekb-2026/consolidate/")
    assert started.status_code == 202
    job = client.get(f"/api/v1/jobs/{started.json()['id']}/").json()
    assert (job["status"], job["error"]) == ("done", "")
    version = CityOrder.objects.get(campaign=campaign)
    assert version.number == 1 and version.created_by == alice


def test_publishing_a_version_unpublishes_the_previous(api, alice, campaign, order):
    second = order_services.consolidate_campaign(campaign, actor=alice).order
    client = api(alice)
    first = client.post(f"{ORDERS}{order.pk}/publish/")
    assert first.status_code == 200 and first.json()["published"] is True and first.json()["published_at"]
    assert client.post(f"{ORDERS}{second.pk}/publish/").json()["published"] is True
    order.refresh_from_db()
    assert order.published is False
    assert [v["number"] for v in client.get(ORDERS, {"published": "true"}).json()["results"]] == [2]


@pytest.mark.parametrize("who", ["bob", "carol", "max_maker", "cora"])
def test_nobody_but_the_department_sees_the_order(api, request, who, order):
    client = api(request.getfixturevalue(who))
    assert client.get(ORDERS).json()["count"] == 0
    assert client.get(f"{ORDERS}{order.pk}/").status_code == 404
    assert client.get(positions_url(order)).status_code == 404
    position = order.positions.first()
    assert client.get(f"{positions_url(order)}{position.position_id}/").status_code == 404
    assert client.post(f"{ORDERS}{order.pk}/publish/").status_code == 404
    order.refresh_from_db()
    assert order.published is False


def test_customers_may_not_consolidate_a_campaign_they_see(api, bob, order):
    response = api(bob).post("/api/v1/campaigns/ekb-2026/consolidate/")
    assert response.status_code == 403
    assert CityOrder.objects.count() == 1


@pytest.mark.parametrize("who", ["max_maker", "cora"])
def test_others_do_not_find_the_campaign_to_consolidate(api, request, who, order):
    assert api(request.getfixturevalue(who)).post("/api/v1/campaigns/ekb-2026/consolidate/").status_code == 404
    assert CityOrder.objects.count() == 1


def test_it_answers_401_without_credentials(api, order):
    assert api().get(positions_url(order)).status_code == 401
    assert api().post(f"{ORDERS}{order.pk}/publish/").status_code == 401


def test_schema_describes_the_order_endpoints(api, alice):
    schema = api(alice).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"/api/v1/orders/", "/api/v1/orders/{id}/", "/api/v1/orders/{id}/publish/",
            "/api/v1/orders/{order_pk}/positions/", "/api/v1/orders/{order_pk}/positions/{position_id}/"} <= set(paths)
    detail = paths["/api/v1/orders/{order_pk}/positions/{position_id}/"]["get"]
    assert detail["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/PositionDetailOutput")
    assert {"category", "year", "page"} <= {p["name"] for p in paths["/api/v1/orders/{order_pk}/positions/"]["get"][
        "parameters"]}
