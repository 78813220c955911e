"""Cancelling a tender before its award: the committee's, with a reason; unopened bids are never decrypted and stay
sealed; bidders see the cancellation and its reason; no later step accepts the tender; all in the audit log."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from cityorder.tenders import awarding, sealing, services
from cityorder.tenders.models import AuditEntry, Bid, OffsetTender, TenderStatus
from tests.english import english_messages  # noqa: F401  (services speak English here)
from tests.tenders.helpers import prepared_tender, values

REASON = "Изменилась потребность города в тяговых АКБ."


@pytest.fixture
def bid_on(published, vera):
    services.bid_submit(actor=vera, lot=published.lots.get(number=1), values=values(876.5, 3000, 24), note="тайна")
    return published


def test_a_cancelled_tender_keeps_its_bids_sealed_for_good(bid_on, tess, vera):
    stale = OffsetTender.objects.get(pk=bid_on.pk)  # read by another request before the cancellation
    with mock.patch.object(sealing, "unseal", side_effect=AssertionError("a bid was decrypted")):
        services.tender_cancel(actor=tess, tender=bid_on, reason=REASON)
    bid_on.refresh_from_db()
    assert (bid_on.status, bid_on.cancelled_from, bid_on.cancel_reason) == (TenderStatus.CANCELLED,
                                                                            TenderStatus.PUBLISHED, REASON)
    assert Bid.objects.get().opened is None
    with pytest.raises(ValidationError):
        awarding.tender_open(actor=tess, tender=stale, now=bid_on.opening_at)
    with pytest.raises(ValidationError):
        services.bid_submit(actor=vera, lot=bid_on.lots.get(number=1), values=values(800, 3000, 24))
    entry = AuditEntry.objects.get(tender=bid_on, action="tender.cancelled")
    assert entry.actor == tess and entry.detail == {"reason": REASON, "status": "published", "sealed_bids": 1}


def test_only_the_committee_cancels_and_only_with_a_reason(bid_on, alice, vera, tess):
    for user in (alice, vera):
        with pytest.raises(PermissionDenied):
            services.tender_cancel(actor=user, tender=bid_on, reason=REASON)
    with pytest.raises(ValidationError, match="reason"):
        services.tender_cancel(actor=tess, tender=bid_on, reason="  ")
    bid_on.refresh_from_db()
    assert bid_on.status == TenderStatus.PUBLISHED


def test_an_awarded_tender_is_not_cancelled(evaluated, tess):

    awarding.tender_award(actor=tess, lot=evaluated.lots.get(number=1))
    with pytest.raises(ValidationError, match="before its award"):
        services.tender_cancel(actor=tess, tender=evaluated, reason=REASON)


def test_an_evaluated_tender_may_be_cancelled_and_then_takes_no_award(evaluated, tess):
    services.tender_cancel(actor=tess, tender=evaluated, reason=REASON)
    with pytest.raises(ValidationError):
        awarding.tender_award(actor=tess, lot=evaluated.lots.get(number=1))
    with pytest.raises(ValidationError):
        services.tender_cancel(actor=tess, tender=evaluated, reason=REASON)


def test_bidders_see_the_cancellation_and_its_reason(bid_on, client, tess, vera, boris):
    client.force_login(tess)
    assert 'id="cancel-form"' in client.get(bid_on.get_absolute_url()).content.decode()
    assert client.post(reverse("tenders:cancel", args=[bid_on.code]), {"reason": REASON}).status_code == 302
    for user in (vera, boris):
        client.force_login(user)
        page = client.get(bid_on.get_absolute_url()).content.decode()
        assert 'id="cancellation"' in page and REASON in page and "остаётся запечатанным" in page
    client.force_login(vera)
    assert 'class="badge text-bg-warning cancelled"' in client.get(reverse("tenders:my_bids")).content.decode()


def test_a_draft_cancelled_stays_out_of_the_bidders_sight(tess, vera, client):
    draft = prepared_tender(tess)
    services.tender_cancel(actor=tess, tender=draft, reason=REASON)
    client.force_login(vera)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_page_refuses_others(bid_on, client, alice, vera):
    for user in (alice, vera):
        client.force_login(user)
        assert client.post(reverse("tenders:cancel", args=[bid_on.code]), {"reason": REASON}).status_code == 403


def test_the_api_cancels_with_the_same_rules(bid_on, tess, vera):
    def api(user):
        c = APIClient()
        c.force_authenticate(user)
        return c
    url = f"/api/v1/tenders/{bid_on.code}/cancel/"
    assert api(vera).post(url, {"reason": REASON}, format="json").status_code == 403
    assert api(tess).post(url, {}, format="json").status_code == 400
    answer = api(tess).post(url, {"reason": REASON}, format="json")
    assert answer.status_code == 200 and answer.data["status"] == "cancelled" and answer.data["cancel_reason"] == REASON
    seen = api(vera).get(f"/api/v1/tenders/{bid_on.code}/").data
    assert (seen["status"], seen["cancel_reason"]) == ("cancelled", REASON)
    assert api(vera).get("/api/v1/bids/").data["results"][0]["contents"] is None
