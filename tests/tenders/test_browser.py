"""A tender from preparation to award in headless Chromium: the committee prepares and publishes it, a bidder
submits a sealed bid and gets its receipt, the committee opens, scores, ranks and awards, the bidder sees its
score."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cityorder.tenders import services
from cityorder.tenders.models import Award, OffsetTender, Receipt, TenderStatus
from tests.tenders.helpers import published_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user, then: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{then}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}{then}")


def local(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def test_a_tender_from_preparation_to_award(page, live_server, tess, vera, boris):
    order = published_order()
    now = timezone.now()
    log_in(page, live_server, tess, "/tenders/new/")
    page.select_option("#id_order", str(order.pk))
    page.fill("#id_code", "akb-browser")
    page.fill("#id_subject", "Офсетный контракт на тяговые АКБ")
    page.fill("#id_bid_deadline", local(now + timedelta(days=2)))
    page.fill("#id_opening_at", local(now + timedelta(days=3)))
    page.click("#create-tender")
    page.wait_for_url(f"{live_server.url}/tenders/akb-browser/")

    page.fill("#id_name", "Электробусы")
    page.fill("#id_max_price", "1000")
    page.select_option("#id_positions", ["P1", "P2"])
    page.click("#add-lot")
    page.locator("#lots tr[data-lot='1']").wait_for()
    assert "500" in page.locator("#lots tr[data-lot='1']").inner_text()  # P1 400 + P2 100 in 2027

    page.click("#edit-criteria")
    rows = [("Цена", "70", "less", "price"), ("Инвестиции", "20", "more", "investment"),
            ("Опыт", "10", "assessed", "qualification")]
    for i, (name, weight, better, indicator) in enumerate(rows):
        page.fill(f"#id_name_{i}", name)
        page.fill(f"#id_weight_{i}", weight)
        page.select_option(f"#id_better_{i}", better)
        page.select_option(f"#id_indicator_{i}", indicator)
    page.click("#save-criteria")
    page.wait_for_url(f"{live_server.url}/tenders/akb-browser/")
    assert "Цmin / Цi × 100" in page.locator("#criteria").inner_text()
    page.click("#publish")
    page.locator("#tender-status").filter(has_text="Приём заявок").wait_for()

    # A bidder submits a sealed bid and gets a receipt with its hash.
    log_in(page, live_server, vera, "/tenders/akb-browser/lots/1/bid/")
    page.fill("#id_c_1", "900")
    page.fill("#id_c_2", "3000")
    page.fill("#id_y_2027", "2000")
    page.click("#submit-bid")
    page.locator("#receipt").wait_for()
    receipt = Receipt.objects.get()
    assert page.locator("#digest").inner_text() == receipt.digest
    tender = OffsetTender.objects.get(code="akb-browser")
    services.bid_submit(actor=boris, lot=tender.lots.get(), values={"Цена": 800, "Инвестиции": 5000},
                        capacity={2027: 1000})

    # The deadline and the opening time pass.
    OffsetTender.objects.filter(pk=tender.pk).update(bid_deadline=now - timedelta(hours=2),
                                                     opening_at=now - timedelta(hours=1))
    log_in(page, live_server, tess, "/tenders/akb-browser/")
    assert page.locator("#lots tr[data-lot='1'] .bid-count").inner_text() == "2"
    page.click("#open-bids")
    page.click("#evaluation")
    rows_by_bidder = {r.locator("td").nth(1).inner_text(): r for r in page.locator("#opened-bids tbody tr").all()}
    rows_by_bidder[vera.organization.short_name].locator("input.assessment").fill("90")
    rows_by_bidder[boris.organization.short_name].locator("input.assessment").fill("30")
    page.click("#save-points")
    page.locator(".alert-success").wait_for()
    page.click("#evaluate")
    page.wait_for_url(f"{live_server.url}/tenders/akb-browser/protocol/")
    # Альфа: 800/900×100 = 88.888889 ×0.7 = 62.222222, investment 0, experience 90 ×0.1 = 9 → 71.222222
    # Бета: 100 ×0.7 = 70, 100 ×0.2 = 20, 30 ×0.1 = 3 → 93
    beta = page.locator(f"tr[data-bidder='{boris.organization.short_name}']")
    alpha = page.locator(f"tr[data-bidder='{vera.organization.short_name}']")
    assert (beta.locator(".rank").inner_text(), beta.locator(".total").inner_text()) == ("1", "93")
    assert (alpha.locator(".rank").inner_text(), alpha.locator(".total").inner_text()) == ("2", "71,222222")
    assert receipt.digest in alpha.inner_text()

    page.goto(f"{live_server.url}/tenders/akb-browser/")
    page.click("#lots tr[data-lot='1'] button.award")
    page.locator("#milestones").wait_for()
    assert Award.objects.get().bid.bidder == boris.organization
    assert OffsetTender.objects.get(pk=tender.pk).status == TenderStatus.AWARDED
    assert page.locator("#milestones tbody tr").count() == 5

    # The losing bidder sees its own scores, and only its own.
    log_in(page, live_server, vera, "/tenders/bids/")
    page.click("a.my-score")
    scores = page.locator("#my-scores").inner_text()
    assert "71,222222" in scores and boris.organization.short_name not in scores
