"""The order's pages are the department's: a manufacturer, a coordinator or a customer gets 403 or 404 on every
one of them and changes nothing through them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityorder.jobs.models import Job
from cityorder.order.models import CityOrder, MatchDecision
from tests.order.helpers import TIMER, position_named

pytestmark = pytest.mark.django_db

OUTSIDERS = ("max_maker", "cora", "bob", "carol")


def department_pages(order: CityOrder, customer_pk: int) -> list[str]:
    timer = position_named(order, TIMER)
    return [
        reverse("order:index"),
        reverse("order:version", args=[order.pk]),
        reverse("order:position", args=[order.pk, timer.position_id]),
        reverse("order:review", args=[order.pk]),
        reverse("order:diff", args=[order.pk]),
        reverse("order:dashboard", args=[order.pk]),
        reverse("order:campaign_dashboard", args=[order.campaign.code]),
        reverse("order:summary", args=[order.pk]),
        reverse("order:export", args=[order.pk, "xlsx"]),
        reverse("order:export", args=[order.pk, "csv"]),
        reverse("order:customer_export", args=[order.pk, customer_pk, "xlsx"]),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_are_refused_every_department_page(client, request, who, bob, version):
    client.force_login(request.getfixturevalue(who))
    for url in department_pages(version, bob.organization.pk):
        assert client.get(url).status_code in (403, 404), url


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_change_nothing(client, request, who, version):
    client.force_login(request.getfixturevalue(who))
    match = version.matches.get(merged=False)
    posts = [
        reverse("order:consolidate", args=[version.campaign.code]),
        reverse("order:publish", args=[version.pk]),
        reverse("order:decide", args=[version.pk, match.pk]),
    ]
    for url in posts:
        assert client.post(url, {"verdict": "same"}).status_code in (403, 404), url
    version.refresh_from_db()
    assert not version.published and not MatchDecision.objects.exists() and not Job.objects.filter(
        kind="consolidate").exists()


def test_an_outsider_cannot_undo_a_decision(client, alice, cora, version):
    from cityorder.order import services

    decision = services.match_decide(actor=alice, match=version.matches.get(merged=False), verdict="same")
    client.force_login(cora)
    assert client.post(reverse("order:decision_clear", args=[version.pk, decision.pk])).status_code == 404
    assert MatchDecision.objects.filter(pk=decision.pk).exists()


def test_the_department_sees_every_page_and_visitors_are_sent_to_log_in(client, alice, bob, version):
    for url in department_pages(version, bob.organization.pk):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    client.force_login(alice)
    for url in department_pages(version, bob.organization.pk):
        assert client.get(url).status_code in (200, 302), url
