"""The tender endpoints apply the pages' rules: contents sealed until the opening, late bids refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cityorder.tenders.models import OffsetTender, TenderStatus
from tests.english import english_messages  # noqa: F401  (English messages for these tests)
from tests.tenders.helpers import prepared_tender

BID = {"tender": "akb-offset", "lot": 1, "values": {"Цена": "777.5", "Инвестиции": 3000, "Срок запуска": 20},
       "capacity": {"2027": 900}}


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client
    return client_for


def test_a_bid_through_the_api_is_sealed_for_everyone_until_the_opening(api, published, tess, vera, alice):
    answer = api(vera).post("/api/v1/bids/", BID, format="json")
    assert answer.status_code == 201, answer.data
    bid = answer.data
    assert bid["contents"] is None and len(bid["receipts"]) == 1 and bid["receipts"][0]["digest"] == bid["digest"]
    for user in (tess, alice, vera):
        for url in ("/api/v1/bids/", f"/api/v1/bids/{bid['id']}/", "/api/v1/tenders/akb-offset/",
                    "/api/v1/tenders/akb-offset/ocds/"):
            response = api(user).get(url)
            assert response.status_code in (200, 404)
            assert "777.5" not in response.content.decode()
    lots = api(tess).get("/api/v1/tenders/akb-offset/").data["lots"]
    assert [lot["bid_count"] for lot in lots] == [1, 0]


def test_a_draft_is_readable_by_its_bidder_only(api, published, vera, boris, tess):
    answer = api(vera).post("/api/v1/bids/", {**BID, "draft": True}, format="json")
    assert answer.data["status"] == "draft" and answer.data["contents"]["values"]["Цена"] == "777.5"
    assert api(boris).get(f"/api/v1/bids/{answer.data['id']}/").status_code == 404
    assert api(tess).get(f"/api/v1/bids/{answer.data['id']}/").status_code == 404  # drafts are the bidder's


def test_a_late_bid_is_refused(api, published, vera):
    OffsetTender.objects.filter(pk=published.pk).update(bid_deadline=timezone.now() - timedelta(seconds=1))
    answer = api(vera).post("/api/v1/bids/", BID, format="json")
    assert answer.status_code == 400 and "заявок не принимает" in str(answer.data)  # the API answers in Russian


def test_the_committee_opens_evaluates_and_awards_through_the_api(api, published, tess, vera, boris):
    for user, price in ((vera, 900), (boris, 800)):
        api(user).post("/api/v1/bids/", {**BID, "values": {**BID["values"], "Цена": price}}, format="json")
    assert api(tess).post("/api/v1/tenders/akb-offset/open/").status_code == 400  # not before the opening time
    assert api(vera).post("/api/v1/tenders/akb-offset/open/").status_code in (400, 403)
    OffsetTender.objects.filter(pk=published.pk).update(bid_deadline=timezone.now() - timedelta(hours=2),
                                                        opening_at=timezone.now() - timedelta(hours=1))
    assert api(tess).post("/api/v1/tenders/akb-offset/open/").data["status"] == TenderStatus.OPENED
    bids = api(tess).get("/api/v1/bids/").data["results"]
    assert sorted(b["contents"]["values"]["Цена"] for b in bids) == ["800", "900"]
    ocds = api(tess).get("/api/v1/tenders/akb-offset/ocds/").data
    assert sorted(d["value"]["amount"] for d in ocds["releases"][0]["bids"]["details"]) == [800.0, 900.0]
    # The assessed criterion has no points yet: the evaluation says so.
    answer = api(tess).post("/api/v1/tenders/akb-offset/evaluate/")
    assert answer.status_code == 400 and "Опыт" in str(answer.data)


def test_only_the_committee_publishes(api, tess, vera):
    prepared_tender(tess)
    assert api(vera).post("/api/v1/tenders/akb-offset/publish/").status_code == 404  # a draft is not visible
    assert api(tess).post("/api/v1/tenders/akb-offset/publish/").data["status"] == TenderStatus.PUBLISHED
