"""The API applies the same rules as the pages (accounts.access)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cityorder.registry.models import Membership, Organization
from cityorder.registry.services import reference_data_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_token_is_obtained_with_username_and_password(bob):
    client = APIClient()
    ok = client.post("/api/v1/auth/token/", {"username": "bob", "password": "correct-horse-battery"})
    assert ok.status_code == 200 and ok.json()["token"]
    bad = client.post("/api/v1/auth/token/", {"username": "bob", "password": "wrong"})
    assert bad.status_code == 400
    assert api().get("/api/v1/organizations/").status_code == 401
    listed = APIClient()
    listed.credentials(HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    assert listed.get("/api/v1/organizations/").status_code == 200


def test_it_hides_other_customers(bob, carol):
    producer = f.OrganizationFactory()
    response = api(bob).get("/api/v1/organizations/")
    inns = {o["inn"] for o in response.json()["results"]}
    assert bob.organization.inn in inns and producer.inn in inns
    assert carol.organization.inn not in inns
    assert api(bob).get(f"/api/v1/organizations/{carol.organization.pk}/").status_code == 404
    searched = api(bob).get("/api/v1/organizations/", {"search": carol.organization.inn}).json()
    assert searched["count"] == 0


def test_customer_cannot_create_organizations(bob):
    response = api(bob).post("/api/v1/organizations/", {"inn": "7707083893", "full_name": "X",
                                                         "short_name": "X", "kind": "company"})
    assert response.status_code == 403
    assert not Organization.objects.filter(inn="7707083893").exists()


def test_analyst_creates_and_a_bad_inn_names_the_field(alice):
    bad = api(alice).post("/api/v1/organizations/", {"inn": "7707083894", "full_name": "X", "short_name": "X",
                                                      "kind": "company"})
    assert bad.status_code == 400
    assert "inn" in bad.json()
    good = api(alice).post("/api/v1/organizations/", {"inn": "7707083893", "full_name": "ПАО Сбербанк",
                                                       "short_name": "Сбербанк", "kind": "company"}, format="json")
    assert good.status_code == 201, good.json()
    duplicate = api(alice).post("/api/v1/organizations/", {"inn": "7707083893", "full_name": "X", "short_name": "X",
                                                            "kind": "company"})
    assert duplicate.status_code == 400 and "inn" in duplicate.json()


def test_manufacturer_manages_its_own_products_only(max_maker):
    reference_data_ensure()
    other = f.OrganizationFactory()
    client = api(max_maker)
    created = client.post("/api/v1/products/", {"organization": max_maker.organization.pk, "name": "Ячейка LFP",
                                                "part_number": "LFP-280", "category": "battery.lfp"}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    cap = client.post(f"/api/v1/products/{pk}/capacity/", {"year": 2027, "quantity": "5000"}, format="json")
    assert cap.status_code == 200
    assert cap.json()["capacities"] == [{"year": 2027, "quantity": "5000.000"}]
    assert client.patch(f"/api/v1/products/{pk}/", {"name": "Ячейка LFP 280 А·ч"}, format="json").status_code == 200
    foreign = client.post("/api/v1/products/", {"organization": other.pk, "name": "X", "category": "battery.lfp"},
                          format="json")
    assert foreign.status_code == 403
    theirs = f.ProductFactory(organization=other)
    assert client.post(f"/api/v1/products/{theirs.pk}/capacity/", {"year": 2027, "quantity": 1},
                       format="json").status_code == 403


def test_coordinator_manages_members_of_her_cluster_only(cora):
    own = f.ClusterFactory(coordinator=cora.organization)
    foreign = f.ClusterFactory()
    org = f.OrganizationFactory()
    client = api(cora)
    assert client.post("/api/v1/memberships/", {"cluster": own.pk, "organization": org.pk, "role": "industrial"},
                       format="json").status_code == 201
    assert client.post("/api/v1/memberships/", {"cluster": foreign.pk, "organization": org.pk},
                       format="json").status_code == 403
    theirs = f.MembershipFactory(cluster=foreign)
    assert client.delete(f"/api/v1/memberships/{theirs.pk}/").status_code == 403
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_filters_and_reference_endpoints(alice):
    reference_data_ensure()
    cluster = f.ClusterFactory(code="ev")
    member = f.MembershipFactory(cluster=cluster).organization
    f.OrganizationFactory()
    client = api(alice)
    by_cluster = client.get("/api/v1/organizations/", {"cluster": "ev"}).json()
    assert [o["inn"] for o in by_cluster["results"]] == [member.inn]
    assert client.get("/api/v1/clusters/ev/").json()["member_count"] == 1
    assert len(client.get("/api/v1/zones/").json()[0]["sites"]) == 5
    assert any(c["code"] == "battery.lfp" for c in client.get("/api/v1/categories/").json())


def test_schema_lists_the_main_paths(alice):
    response = api(alice).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/organizations/", "/api/v1/products/{id}/capacity/", "/api/v1/memberships/",
                 "/api/v1/auth/token/"):
        assert path in schema["paths"]


def test_api_token_command_prints_the_token(capsys, bob):
    from django.core.management import call_command

    call_command("api_token", "bob")
    assert capsys.readouterr().out.strip() == Token.objects.get(user=bob).key
