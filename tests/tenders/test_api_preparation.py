"""A tender from preparation to award through the API alone, with the pages' rules: the committee prepares
(tender, lots from the order's positions, criteria), bidders bid, the committee opens at the opening time, its
members enter the assessed points, evaluates, awards and marks the contract's milestones."""

from __future__ import annotations

from unittest import mock

import pytest
from rest_framework.test import APIClient

from cityorder.tenders.models import Bid, OffsetTender
from tests.english import english_messages  # noqa: F401  (English messages for these tests)
from tests.tenders.helpers import CRITERIA, published_order


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def tender_fields(db):
    return {"order": published_order().pk, "code": "akb-api", "subject": "Тяговые АКБ через API",
            "bid_deadline": "2031-01-10T12:00:00Z", "opening_at": "2031-01-11T12:00:00Z",
            "required_capacity": {"2028": 5000}, "min_investment": "3000000000"}


def test_only_the_committee_prepares_through_the_api(tender_fields, alice, vera):
    for user in (alice, vera):
        assert api(user).post("/api/v1/tenders/", tender_fields, format="json").status_code == 403
    assert not OffsetTender.objects.exists()


def test_a_tender_from_preparation_to_award(tender_fields, tess, tom, vera, boris):
    created = api(tess).post("/api/v1/tenders/", tender_fields, format="json")
    assert created.status_code == 201, created.data
    assert (created.data["status"], created.data["required_capacity"]) == ("draft", {"2028": 5000.0})
    url = "/api/v1/tenders/akb-api/"
    lots = api(tess).post(f"{url}lots/", {"name": "Электробусы", "max_price": "1000", "positions": ["P1", "P2"]},
                          format="json")
    assert lots.status_code == 200, lots.data
    assert lots.data["lots"][0]["quantities"] == {"2027": 500.0, "2028": 600.0, "2029": 600.0}
    bad = api(tess).put(f"{url}criteria/", {"criteria": [{"name": "Цена", "weight": 90}]}, format="json")
    assert bad.status_code == 400 and "sum to 90" in str(bad.data)
    assert api(tess).put(f"{url}criteria/", {"criteria": CRITERIA}, format="json").status_code == 200
    assert api(tess).post(f"{url}publish/").status_code == 200
    for user, price in ((vera, 900), (boris, 800)):
        bid = {"tender": "akb-api", "lot": 1, "values": {"Цена": price, "Инвестиции": 3000, "Срок запуска": 20},
               "capacity": {"2027": 1000, "2028": 2000, "2029": 3000}}
        assert api(user).post("/api/v1/bids/", bid, format="json").status_code == 201
    tender = OffsetTender.objects.get(code="akb-api")
    assert api(tess).post(f"{url}open/").status_code == 400  # before the opening time
    with mock.patch("django.utils.timezone.now", return_value=tender.opening_at):
        assert api(tess).post(f"{url}open/").status_code == 200
        for member in (tess, tom):
            for bid in Bid.objects.filter(tender=tender):
                points = {"bid": bid.pk, "criterion": "Опыт", "points": 50}
                assert api(member).post(f"{url}assessments/", points, format="json").status_code == 200
        assert api(vera).post(f"{url}assessments/", points, format="json").status_code == 403
        assert api(tess).post(f"{url}evaluate/").status_code == 200
        awarded = api(tess).post(f"{url}lots/1/award/")
        assert awarded.status_code == 200 and awarded.data["status"] == "awarded"
        milestones = api(tess).get(f"{url}milestones/").data
        assert [m["kind"] for m in milestones] == ["land", "construction", "commissioning", "first_supplies",
                                                   "localization"]
        assert api(vera).get(f"{url}milestones/").status_code == 403
        done = api(tess).post(f"{url}milestones/{milestones[0]['id']}/", {"status": "done"}, format="json")
        assert done.status_code == 200 and done.data["status"] == "done" and done.data["done_on"]
    scores = {b["bidder"]: b["score"]["rank"] for b in api(boris).get("/api/v1/bids/").data["results"]}
    assert scores == {"АО «Бета»": 1}  # the cheaper bid wins, and a bidder sees its own score only
