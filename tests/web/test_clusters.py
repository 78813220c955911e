"""Cluster list, cluster overview and the management of members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityorder.registry.models import Membership, Residency, Site
from cityorder.registry.services import reference_data_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db


def _ev_cluster():
    reference_data_ensure()
    cluster = f.ClusterFactory(code="ev", name="Кластер электромобилестроения")
    batteries = f.CompetencyFactory(code="batt", name="Аккумуляторы")
    resident = f.MembershipFactory(cluster=cluster).organization
    resident.competencies.add(batteries)
    other = f.MembershipFactory(cluster=cluster).organization
    Residency.objects.create(organization=resident, site=Site.objects.get(name="Печатники"))
    return cluster, resident, other


def test_cluster_list_links_to_overviews(client, bob):
    cluster = f.ClusterFactory(name="Кластер фотоники")
    client.force_login(bob)
    html = client.get(reverse("registry:cluster_list")).content.decode()
    assert "Кластер фотоники" in html
    assert reverse("registry:cluster_detail", args=[cluster.code]) in html


def test_cluster_overview_shows_members_sez_share_and_coverage(client, alice):
    cluster, resident, _other = _ev_cluster()
    client.force_login(alice)
    response = client.get(reverse("registry:cluster_detail", args=["ev"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert resident.short_name in html and "Печатники" in html
    assert 'id="sez-share">50%' in html
    assert 'id="coverage-chart"' in html and "vendor/chart.js/chart.umd" in html
    assert response.context["chart"] == {"labels": ["Аккумуляторы"], "counts": [1]}


def test_cluster_overview_filters_members_by_competency_and_site(client, alice):
    _cluster, resident, other = _ev_cluster()
    client.force_login(alice)
    url = reverse("registry:cluster_detail", args=["ev"])
    by_competency = client.get(url, {"competency": "batt"}).content.decode()
    assert resident.short_name in by_competency and other.short_name not in by_competency
    by_site = client.get(url, {"site": "Печатники"}).content.decode()
    assert resident.short_name in by_site and other.short_name not in by_site


def test_unknown_cluster_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("registry:cluster_detail", args=["nope"])).status_code == 404


def test_coordinator_manages_members_of_her_cluster_only(client, cora):
    own = f.ClusterFactory(coordinator=cora.organization)
    foreign = f.ClusterFactory()
    newcomer = f.OrganizationFactory()
    client.force_login(cora)
    response = client.post(reverse("registry:membership_add", args=[own.code]),
                           {"organization": newcomer.pk, "role": "industrial", "joined_on": "2024-05-01"})
    assert response.status_code == 302
    assert Membership.objects.filter(cluster=own, organization=newcomer).exists()
    assert client.get(reverse("registry:membership_add", args=[foreign.code])).status_code == 403
    membership = f.MembershipFactory(cluster=foreign)
    # A membership of a cluster she does not manage is not found, as a missing one (tests/access/test_lookups.py).
    assert client.post(reverse("registry:membership_remove", args=[membership.pk])).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_manufacturer_cannot_manage_members(client, max_maker):
    cluster = f.ClusterFactory()
    membership = f.MembershipFactory(cluster=cluster)
    client.force_login(max_maker)
    assert client.get(reverse("registry:membership_add", args=[cluster.code])).status_code == 403
    assert client.post(reverse("registry:membership_remove", args=[membership.pk])).status_code == 404


def test_analyst_manages_members_of_any_cluster(client, alice):
    cluster = f.ClusterFactory()
    membership = f.MembershipFactory(cluster=cluster)
    client.force_login(alice)
    assert client.get(reverse("registry:membership_add", args=[cluster.code])).status_code == 200
    response = client.post(reverse("registry:membership_remove", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
