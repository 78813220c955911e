"""/api/v1/memberships/: kept by the cluster's coordinator and the department."""

from __future__ import annotations

import pytest

from cityorder.registry.models import Membership
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/memberships/"


def test_coordinator_manages_members_of_her_cluster(api, cora):
    own = f.ClusterFactory(code="ev", coordinator=cora.organization)
    organization = f.OrganizationFactory()
    client = api(cora)
    created = client.post(URL, {"cluster": "ev", "organization": organization.pk, "role": "research",
                                "joined_on": "2022-09-01"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["cluster"] == "ev" and created.json()["role"] == "research"
    pk = created.json()["id"]
    changed = client.patch(f"{URL}{pk}/", {"left_on": "2025-01-31"}, format="json")
    assert changed.status_code == 200 and changed.json()["left_on"] == "2025-01-31"
    assert client.delete(f"{URL}{pk}/").status_code == 204
    assert not Membership.objects.filter(cluster=own).exists()


def test_it_forbids_members_of_another_cluster(api, cora):
    f.ClusterFactory(code="ev", coordinator=cora.organization)
    foreign = f.ClusterFactory(code="photonics")
    client = api(cora)
    organization = f.OrganizationFactory()
    assert client.post(URL, {"cluster": "photonics", "organization": organization.pk},
                       format="json").status_code == 403
    theirs = f.MembershipFactory(cluster=foreign, role="industrial")
    assert client.patch(f"{URL}{theirs.pk}/", {"role": "anchor"}, format="json").status_code == 403
    assert client.delete(f"{URL}{theirs.pk}/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.role == "industrial" and Membership.objects.filter(cluster=foreign).count() == 1


def test_it_forbids_manufacturers(api, max_maker):
    f.ClusterFactory(code="ev")
    response = api(max_maker).post(URL, {"cluster": "ev", "organization": max_maker.organization.pk},
                                   format="json")
    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_analyst_manages_any_cluster(api, alice):
    f.ClusterFactory(code="pharma")
    organization = f.OrganizationFactory()
    created = api(alice).post(URL, {"cluster": "pharma", "organization": organization.pk}, format="json")
    assert created.status_code == 201
    again = api(alice).post(URL, {"cluster": "pharma", "organization": organization.pk}, format="json")
    assert again.status_code == 400
    assert api(alice).delete(f"{URL}{created.json()['id']}/").status_code == 204


def test_it_rejects_an_unknown_cluster(api, alice):
    response = api(alice).post(URL, {"cluster": "nope", "organization": alice.organization.pk}, format="json")
    assert response.status_code == 400 and "cluster" in response.json()


def test_it_hides_memberships_of_other_customers(api, bob, carol):
    cluster = f.ClusterFactory(code="ev")
    visible = f.MembershipFactory(cluster=cluster)
    f.MembershipFactory(cluster=cluster, organization=carol.organization)
    listed = api(bob).get(URL, {"cluster": "ev"}).json()
    assert [m["id"] for m in listed["results"]] == [visible.pk]
