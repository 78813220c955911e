"""The tender pages through the test client: the committee prepares, bidders bid, the committee opens, evaluates,
awards; who sees which page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cityorder.tenders.models import Bid, BidStatus, OffsetTender, Receipt, TenderStatus
from tests.tenders.helpers import prepared_tender, published_order


def local(at):
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def test_the_committee_prepares_a_tender_on_the_pages(client, tess):
    order = published_order()
    client.force_login(tess)
    now = timezone.now()
    response = client.post(reverse("tenders:new"), {
        "order": order.pk, "code": "akb", "subject": "Тяговые АКБ", "region": "г. Москва", "build_years": 3,
        "min_investment": "3000000000", "localization_level": "60", "city_share": "30",
        "required_capacity": "2029: 10000, 2028: 5000,5",
        "bid_deadline": local(now + timedelta(days=5)), "opening_at": local(now + timedelta(days=6))})
    assert response.status_code == 302, response.content.decode()[:3000]
    tender = OffsetTender.objects.get(code="akb")
    assert tender.required_capacity == {"2028": 5000.5, "2029": 10000.0}
    client.post(reverse("tenders:lot_add", args=["akb"]), {"name": "Электробусы", "max_price": "1000",
                                                           "positions": ["P1", "P2"]})
    assert tender.lots.get().quantities == {"2027": 500.0, "2028": 600.0, "2029": 600.0}
    response = client.post(reverse("tenders:criteria", args=["akb"]), {
        "name_0": "Цена", "weight_0": "70", "better_0": "less", "indicator_0": "price",
        "name_1": "Инвестиции", "weight_1": "20", "better_1": "more", "indicator_1": "investment"})
    assert "сумма весов критериев — 90 %" in response.content.decode()
    client.post(reverse("tenders:criteria", args=["akb"]), {
        "name_0": "Цена", "weight_0": "80", "better_0": "less", "indicator_0": "price",
        "name_1": "Инвестиции", "weight_1": "20", "better_1": "more", "indicator_1": "investment"})
    assert [c.name for c in tender.criteria.all()] == ["Цена", "Инвестиции"]
    client.post(reverse("tenders:publish", args=["akb"]))
    tender.refresh_from_db()
    assert tender.status == TenderStatus.PUBLISHED
    page = client.get(tender.get_absolute_url()).content.decode()
    assert "Электробусы" in page and "Цmin / Цi × 100" in page


def test_a_bidder_submits_on_the_page_and_gets_a_receipt(client, tess, vera):
    tender = prepared_tender(tess)
    tender.status = TenderStatus.PUBLISHED
    tender.save()
    client.force_login(vera)
    url = reverse("tenders:bid", args=[tender.code, 1])
    assert client.get(url).status_code == 200
    response = client.post(url, {"c_1": "951.37", "c_2": "3100", "c_3": "20", "y_2027": "1000", "action": "submit"})
    receipt = Receipt.objects.get()
    assert response.url == reverse("tenders:receipt", args=[receipt.number])
    assert receipt.digest in client.get(response.url).content.decode()
    assert Bid.objects.get().status == BidStatus.SUBMITTED
    # Bid count on the card; the bidder's own contents are not shown back.
    page = client.get(url).content.decode()
    assert "951.37" not in page and "951,37" not in page


def test_a_late_bid_is_refused_on_the_page(client, tess, vera):
    tender = prepared_tender(tess)
    OffsetTender.objects.filter(pk=tender.pk).update(status=TenderStatus.PUBLISHED,
                                                     bid_deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(vera)
    response = client.post(reverse("tenders:bid", args=[tender.code, 1]),
                           {"c_1": "950", "c_2": "3100", "c_3": "20", "action": "submit"})
    assert response.status_code == 200 and not Bid.objects.exists()
    assert "заявок не принимает" in response.content.decode()


@pytest.mark.parametrize("name", ["tenders:new"])
def test_only_the_committee_opens_the_committee_pages(client, vera, alice, name):
    for user in (vera, alice):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403


def test_someone_without_a_tender_role_sees_no_tenders(client, bob, tess):
    tender = prepared_tender(tess)
    client.force_login(bob)
    assert client.get(reverse("tenders:list")).status_code == 403
    assert client.get(tender.get_absolute_url()).status_code == 404


def test_overdue_milestones_are_flagged_on_the_list_and_the_card(client, evaluated, tess):
    from datetime import date

    from cityorder.tenders import awarding

    awarding.tender_award(actor=tess, lot=evaluated.lots.get(number=1), today=date(2020, 1, 15))
    client.force_login(tess)
    listing = client.get(reverse("tenders:list")).content.decode()
    assert 'class="badge text-bg-danger overdue">5 ' in listing  # all five milestones are past due
    card = client.get(evaluated.get_absolute_url()).content.decode()
    assert card.count('class="badge text-bg-danger overdue"') == 5


def test_no_bid_is_taken_before_the_publication(tess, vera):
    from cityorder.tenders import services

    tender = prepared_tender(tess, publication_at=timezone.now() + timedelta(hours=1))
    services.tender_publish(actor=tess, tender=tender)
    with pytest.raises(services.BidRefused):
        services.bid_submit(actor=vera, lot=tender.lots.get(number=1),
                            values={"Цена": 900, "Инвестиции": 1, "Срок запуска": 1})


def test_a_capacity_not_by_year_is_refused_on_the_page(client, tess):
    client.force_login(tess)
    now = timezone.now()
    response = client.post(reverse("tenders:new"), {
        "order": published_order().pk, "code": "akb", "subject": "Тяговые АКБ", "region": "г. Москва",
        "build_years": 3, "min_investment": "0", "localization_level": "0", "city_share": "30",
        "required_capacity": "5000 в 2028", "bid_deadline": local(now + timedelta(days=5)),
        "opening_at": local(now + timedelta(days=6))})
    assert response.status_code == 200 and not OffsetTender.objects.exists()
    assert response.context["form"].errors.keys() == {"required_capacity"}
