"""The protocol (page and xlsx) with every value, formula and score; the OCDS release; the demo."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from cityorder.tenders import awarding
from cityorder.tenders.demo import CODE, load_tender_demo
from cityorder.tenders.exporting import ocds_release
from cityorder.tenders.models import Award, Bid, BidScore, OffsetTender, TenderStatus
from tests import factories as f
from tests.tenders.helpers import published_order


def test_the_protocol_page_shows_formulas_values_and_scores(client, evaluated, tess, vera):
    client.force_login(tess)
    page = client.get(reverse("tenders:protocol", args=[evaluated.code])).content.decode()
    assert "Цmin / Цi × 100" in page and "100 × (Xmax − Xi) / (Xmax − 12 (предел))" in page
    # Альфа's row: 900 → 88.888889 points → 53.333333 weighted; total 63.333333 (see test_services).
    assert "900 · <span class=\"points\">88,888889</span> · 53,333333" in page
    assert "63,333333" in page and "89" in page
    client.force_login(vera)
    assert client.get(reverse("tenders:protocol", args=[evaluated.code])).status_code == 403


def test_the_protocol_workbook_holds_every_value(client, evaluated, tess, boris):
    client.force_login(tess)
    response = client.get(reverse("tenders:protocol_xlsx", args=[evaluated.code]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    criteria = list(book.worksheets[0].iter_rows(values_only=True))
    assert criteria[1][:2] == ("Цена", 60) and criteria[1][4] == "Цmin / Цi × 100"
    rows = list(book.worksheets[1].iter_rows(min_row=4, values_only=True))
    first = rows[0]
    assert first[0] == 1 and first[1] == boris.organization.short_name
    assert first[4] == Bid.objects.get(bidder=boris.organization).digest
    # Бета: price 800 → 100 points → 60 weighted, … total 89.
    assert first[5:8] == (800, 100, 60) and first[-2] == 89


def test_the_ocds_release_names_lots_bids_and_awards(evaluated, tess, boris):
    awarding.tender_award(actor=tess, lot=evaluated.lots.get(number=1))
    release = ocds_release(OffsetTender.objects.get(pk=evaluated.pk))
    assert release["ocid"] == "ocds-cityorder-akb-offset" and release["tag"] == ["award"]
    assert [lot["id"] for lot in release["tender"]["lots"]] == ["1", "2"]
    assert {item["relatedLot"] for item in release["tender"]["items"]} == {"1", "2"}
    assert sorted(d["value"]["amount"] for d in release["bids"]["details"]) == [800.0, 900.0, 1000.0]
    award = release["awards"][0]
    assert award["relatedLots"] == ["1"] and award["suppliers"][0]["name"] == boris.organization.short_name
    supplier = next(p for p in release["parties"] if p["name"] == boris.organization.short_name)
    assert supplier["roles"] == ["supplier", "tenderer"] and supplier["identifier"]["scheme"] == "RU-INN"


def test_before_the_opening_the_release_only_counts_bids(published, vera):
    from cityorder.tenders import services
    from tests.tenders.helpers import values

    services.bid_submit(actor=vera, lot=published.lots.get(number=1), values=values(900, 1, 1))
    release = ocds_release(published)
    assert "details" not in release["bids"]
    assert release["bids"]["statistics"][0]["value"] == 1


def test_the_demo_tender_is_evaluated_with_one_award_under_way(db):
    f.OrganizationFactory(kind="government_body", short_name="ДИПП Москвы")
    published_order()
    logins = load_tender_demo()
    assert load_tender_demo() == logins  # a second run changes nothing
    assert [u for u, *_ in logins] == ["committee", "bidder", "bidder2", "bidder3"]
    tender = OffsetTender.objects.get(code=CODE)
    assert tender.status == TenderStatus.EVALUATED and tender.lots.count() == 5
    assert Bid.objects.filter(tender=tender).count() == 15 and BidScore.objects.count() == 15
    award = Award.objects.get()
    assert award.lot.number == 1 and award.milestones.count() == 5
    assert award.milestones.filter(status="done").count() == 1
