"""/api/v1/organizations/: scoped by accounts.access, written through registry.services."""

from __future__ import annotations

import pytest

from cityorder.registry.models import Organization, Residency
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations/"
NEW = {"inn": "7707083893", "full_name": "Публичное акционерное общество «Сбербанк России»",
       "short_name": "ПАО Сбербанк", "kind": "company"}


def test_it_hides_other_customers(api, bob, carol):
    producer = f.OrganizationFactory()
    listed = api(bob).get(URL).json()
    inns = {o["inn"] for o in listed["results"]}
    assert inns == {bob.organization.inn, producer.inn}
    assert api(bob).get(f"{URL}{carol.organization.pk}/").status_code == 404
    assert api(bob).get(URL, {"search": carol.organization.inn}).json()["count"] == 0
    assert api(bob).get(f"{URL}{bob.organization.pk}/").json()["inn"] == bob.organization.inn


def test_it_answers_404_to_changes_of_a_hidden_organization(api, bob, carol):
    response = api(bob).patch(f"{URL}{carol.organization.pk}/", {"short_name": "Взлом"}, format="json")
    assert response.status_code == 404
    carol.organization.refresh_from_db()
    assert carol.organization.short_name != "Взлом"


def test_it_forbids_customers_to_create(api, bob):
    response = api(bob).post(URL, NEW, format="json")
    assert response.status_code == 403
    assert not Organization.objects.filter(inn=NEW["inn"]).exists()


def test_it_forbids_a_customer_to_change_a_producer(api, bob):
    producer = f.OrganizationFactory(short_name="Завод")
    response = api(bob).patch(f"{URL}{producer.pk}/", {"short_name": "Чужой"}, format="json")
    assert response.status_code == 403
    producer.refresh_from_db()
    assert producer.short_name == "Завод"


def test_analyst_creates_and_updates(api, alice):
    f.CompetencyFactory(code="batteries")
    created = api(alice).post(URL, {**NEW, "competencies": ["batteries"]}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["inn"] == NEW["inn"] and body["competencies"] == ["batteries"] and body["is_sez_resident"] is False
    changed = api(alice).patch(f"{URL}{body['id']}/", {"website": "https://www.sberbank.ru"}, format="json")
    assert changed.status_code == 200, changed.json()
    organization = Organization.objects.get(pk=body["id"])
    assert organization.website == "https://www.sberbank.ru"
    assert [c.code for c in organization.competencies.all()] == ["batteries"]


def test_coordinator_creates(api, cora):
    assert api(cora).post(URL, NEW, format="json").status_code == 201


def test_it_names_the_invalid_field(api, alice):
    bad = api(alice).post(URL, {**NEW, "inn": "7707083894"}, format="json")
    assert bad.status_code == 400
    assert list(bad.json()) == ["inn"]
    f.OrganizationFactory(inn=NEW["inn"])
    duplicate = api(alice).post(URL, NEW, format="json")
    assert duplicate.status_code == 400 and "inn" in duplicate.json()
    assert Organization.objects.filter(inn=NEW["inn"]).count() == 1


def test_it_requires_the_names_and_kind(api, alice):
    response = api(alice).post(URL, {"inn": NEW["inn"]}, format="json")
    assert response.status_code == 400
    assert {"full_name", "short_name", "kind"} <= set(response.json())


def test_a_parent_body_must_be_visible(api, bob, carol):
    response = api(bob).patch(f"{URL}{bob.organization.pk}/", {"parent": carol.organization.pk}, format="json")
    assert response.status_code == 400 and "parent" in response.json()
    bob.organization.refresh_from_db()
    assert bob.organization.parent is None


def test_it_filters_by_kind_cluster_competency_and_sez(api, alice):
    cluster = f.ClusterFactory(code="ev")
    competency = f.CompetencyFactory(code="batteries")
    member = f.MembershipFactory(cluster=cluster).organization
    member.competencies.add(competency)
    resident = f.OrganizationFactory()
    Residency.objects.create(organization=resident, site=f.SiteFactory())
    customer = f.CustomerOrganizationFactory()

    def inns(**params):
        return {o["inn"] for o in api(alice).get(URL, params).json()["results"]}

    assert inns(cluster="ev") == {member.inn}
    assert inns(competency="batteries") == {member.inn}
    assert inns(sez_resident="true") == {resident.inn}
    assert resident.inn not in inns(sez_resident="false")
    assert customer.inn in inns(kind="subordinate") and member.inn not in inns(kind="subordinate")


def test_it_searches_cyrillic_in_any_case(api, alice):
    target = f.OrganizationFactory(short_name="ООО «Приводная техника»")
    f.OrganizationFactory(short_name="ООО «Союз»")
    found = api(alice).get(URL, {"search": "приводная"}).json()
    assert [o["id"] for o in found["results"]] == [target.pk]


def test_it_orders_and_paginates(api, alice):
    for name in ("Бета", "Альфа"):
        f.OrganizationFactory(short_name=name)
    f.OrganizationFactory.create_batch(50)
    first = api(alice).get(URL, {"ordering": "short_name"}).json()
    assert first["count"] == 53  # with the department
    assert len(first["results"]) == 50 and first["next"]
    assert [o["short_name"] for o in first["results"][:2]] == ["Альфа", "Бета"]
    descending = api(alice).get(URL, {"ordering": "-short_name", "page": 2}).json()
    assert [o["short_name"] for o in descending["results"]][-2:] == ["Бета", "Альфа"]
