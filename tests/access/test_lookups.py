"""Lookups by id answer alike for «not yours» and «not there»: the answer never tells whether an id exists."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cityorder.order.models import MatchDecision
from cityorder.registry import importing
from cityorder.registry.models import Membership
from cityorder.substitution import services as substitution_services
from cityorder.substitution.models import CatalogItem, Offer
from tests import factories as f
from tests.demand.workbooks import xlsx

pytestmark = pytest.mark.django_db

MISSING = 999_999


def api(user) -> APIClient:
    client = APIClient()
    client.cookies["django_language"] = "en"
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def same_answer(first, second) -> bool:
    """Same status and same body, the ids named in it aside."""
    def body(response):
        return re.sub(r"\d+", "N", response.content.decode())
    return first.status_code == second.status_code and body(first) == body(second)


@pytest.fixture
def other_producer(world, alice):
    """A second producer with a catalog product and an offer, none of it the manufacturer's."""
    organization = f.OrganizationFactory(short_name="ООО «Другой завод»")
    product = f.ProductFactory(organization=organization, part_number="NMC-50")
    substitution_services.catalog_sync_registry()
    item = CatalogItem.objects.get(product=product)
    offer = substitution_services.offer_create(actor=alice, organization=organization, item=item,
                                               volumes={"2026": 3}, from_year=2026)
    return organization, item, offer


def test_membership_remove_is_404_for_a_cluster_one_does_not_manage(client, world, carol):
    """The coordinator of another cluster sees the membership on the cluster's page, but may not remove it."""
    other = f.UserFactory(role="coordinator", organization=f.OrganizationFactory())
    f.ClusterFactory(coordinator=other.organization)
    for user in (other, carol):
        client.force_login(user)
        mine = client.post(reverse("registry:membership_remove", args=[world.membership.pk]))
        missing = client.post(reverse("registry:membership_remove", args=[MISSING]))
        assert mine.status_code == missing.status_code == 404
    assert Membership.objects.filter(pk=world.membership.pk).exists()


def test_decision_clear_is_404_outside_the_department_and_for_a_missing_decision(client, world, cora):
    client.force_login(cora)
    url = "order:decision_clear"
    assert client.post(reverse(url, args=[world.order.pk, world.decision.pk])).status_code == 404
    assert client.post(reverse(url, args=[world.order.pk, MISSING])).status_code == 404
    client.force_login(world.users["analyst"])
    assert client.post(reverse(url, args=[world.order.pk, MISSING])).status_code == 404
    assert MatchDecision.objects.filter(pk=world.decision.pk).exists()


def test_a_producer_page_is_404_for_another_producer_and_for_no_producer(client, world, max_maker, other_producer):
    organization, _item, _offer = other_producer
    client.force_login(max_maker)
    for pk in (organization.pk, MISSING, world.org_a.pk):
        assert client.get(reverse("substitution:producer", args=[pk])).status_code == 404, pk
        assert client.post(reverse("substitution:producer", args=[pk]), {}).status_code == 404, pk
    client.force_login(world.users["analyst"])  # a customer has no forecast, even for the department
    assert client.get(reverse("substitution:producer", args=[world.org_a.pk])).status_code == 404


def test_another_producers_offer_is_404_as_a_missing_one(client, world, max_maker, other_producer):
    _organization, _item, offer = other_producer
    client.force_login(max_maker)
    for name, method in (("substitution:offer_edit", client.get), ("substitution:offer_edit", client.post),
                         ("substitution:offer_delete", client.post)):
        theirs, missing = method(reverse(name, args=[offer.pk])), method(reverse(name, args=[MISSING]))
        assert theirs.status_code == missing.status_code == 404, name
    assert Offer.objects.filter(pk=offer.pk).exists()


def test_offer_input_names_another_producers_item_as_a_missing_one(world, max_maker, other_producer):
    organization, item, _offer = other_producer
    client = api(max_maker)
    body = {"volumes": {"2027": 5}, "from_year": 2027}
    theirs = client.post("/api/v1/offers/", {**body, "item": item.pk}, format="json")
    missing = client.post("/api/v1/offers/", {**body, "item": MISSING}, format="json")
    assert theirs.status_code == 400 and same_answer(theirs, missing)
    assert set(theirs.json()) == {"item"}
    theirs = client.post("/api/v1/offers/", {**body, "item": world.item.pk, "organization": organization.pk},
                         format="json")
    missing = client.post("/api/v1/offers/", {**body, "item": world.item.pk, "organization": MISSING}, format="json")
    assert theirs.status_code == 400 and same_answer(theirs, missing)
    assert not Offer.objects.filter(organization=organization, created_by=max_maker).exists()


def test_offers_are_refused_before_their_input_is_read(world, bob):
    response = api(bob).post("/api/v1/offers/", {"item": MISSING}, format="json")
    assert response.status_code == 403


def test_a_forecast_of_another_producer_is_404_as_a_missing_one(world, max_maker, other_producer):
    organization, _item, _offer = other_producer
    client = api(max_maker)
    theirs = client.get(f"/api/v1/forecast/?organization={organization.pk}")
    missing = client.get(f"/api/v1/forecast/?organization={MISSING}")
    assert theirs.status_code == 404 and same_answer(theirs, missing)


def test_another_users_job_is_404_as_a_missing_one(client, world, carol):
    client.force_login(carol)
    for name in ("jobs:progress", "jobs:retry"):
        send = client.post if name == "jobs:retry" else client.get
        assert send(reverse(name, args=[world.job_a.pk])).status_code == 404
        assert send(reverse(name, args=[MISSING])).status_code == 404
    theirs, missing = api(carol).get(f"/api/v1/jobs/{world.job_a.pk}/"), api(carol).get(f"/api/v1/jobs/{MISSING}/")
    assert theirs.status_code == 404 and same_answer(theirs, missing)


def test_an_invisible_submission_is_404_whatever_the_body(world, carol):
    """The nested routes find the submission before reading the input: no 400 tells an id exists."""
    client = api(carol)
    for pk in (world.submission_a.pk, MISSING):
        assert client.post(f"/api/v1/submissions/{pk}/files/", {}, format="multipart").status_code == 404
        assert client.post(f"/api/v1/submissions/{pk}/lines/", {}, format="json").status_code == 404


def test_a_products_import_names_an_invisible_organization_as_an_unknown_one(world, max_maker):
    """A manufacturer importing products learns nothing of a customer's INN."""
    def errors_for(inn: str) -> list[str]:
        data = xlsx([["ИНН", "Наименование", "Категория"], [inn, "Батарея", world.category.code]])
        preview = importing.preview_import("products", data, "products.xlsx", actor=max_maker)
        return [re.sub(r"\d{10}", "INN", message) for message in preview.messages()]

    assert errors_for(world.org_a.inn) == errors_for("7700000000")
    assert any("no organization" in message for message in errors_for(world.org_a.inn))
