"""The organizations list of the API asks a fixed number of queries however many organizations, competencies,
clusters and residencies it shows (its nested lists are prefetched, not read per organization), and shows them all."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityorder.registry.models import Residency
from tests import factories as f

pytestmark = pytest.mark.django_db


def _organizations(n: int, prefix: str) -> None:
    """n producers, each with two competencies, a cluster membership and a residency at a site of a zone."""
    cluster = f.ClusterFactory(code=f"{prefix}-cluster")
    site = f.SiteFactory(zone=f.ZoneFactory(code=f"{prefix}-zone"), name=f"{prefix}-site")
    for i in range(n):
        organization = f.OrganizationFactory(short_name=f"{prefix}-{i:02d}")
        organization.competencies.set([f.CompetencyFactory(code=f"{prefix}-{i}-a"),
                                       f.CompetencyFactory(code=f"{prefix}-{i}-b")])
        f.MembershipFactory(cluster=cluster, organization=organization)
        Residency.objects.create(organization=organization, site=site)


def _count(client) -> tuple[int, list[dict]]:
    client.get("/api/v1/organizations/")  # the session and caches settle on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/organizations/")
    assert response.status_code == 200
    return len(queries.captured_queries), response.json()["results"]


def test_the_organizations_list_asks_as_many_queries_for_many_as_for_few(client, alice):
    client.force_login(alice)
    _organizations(2, "few")
    few, _ = _count(client)
    _organizations(20, "many")
    many, results = _count(client)
    assert many == few
    shown = {row["short_name"]: row for row in results}
    assert sorted(shown["many-07"]["competencies"]) == ["many-7-a", "many-7-b"]
    assert shown["many-07"]["clusters"] == ["many-cluster"]
    assert shown["many-07"]["residencies"] == [{"zone": "many-zone", "site": "many-site", "since": None,
                                                "until": None}]
    assert shown["many-07"]["is_sez_resident"] is True
    assert sum(1 for name in shown if name.startswith(("few-", "many-"))) == 22
