"""/api/v1/clusters/: read-only, looked up by code, counting only members the user may see."""

from __future__ import annotations

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_counts_only_visible_members(api, alice, bob, carol):
    cluster = f.ClusterFactory(code="ev", name="Кластер электромобилестроения")
    f.MembershipFactory(cluster=cluster)
    f.MembershipFactory(cluster=cluster, organization=carol.organization)
    assert api(alice).get("/api/v1/clusters/ev/").json()["member_count"] == 2
    assert api(bob).get("/api/v1/clusters/ev/").json()["member_count"] == 1


def test_it_searches_and_cannot_be_written(api, alice):
    f.ClusterFactory(code="ev", name="Кластер электромобилестроения")
    f.ClusterFactory(code="photonics", name="Кластер фотоники")
    found = api(alice).get("/api/v1/clusters/", {"search": "ФОТОНИКИ"}).json()
    assert [c["code"] for c in found["results"]] == ["photonics"]
    assert api(alice).post("/api/v1/clusters/", {"code": "x", "name": "X"}, format="json").status_code == 405
    assert api(alice).get("/api/v1/clusters/nope/").status_code == 404
