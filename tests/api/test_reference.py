"""Reference data: zones with their sites, categories, competencies (read-only)."""

from __future__ import annotations

import pytest

from cityorder.registry.services import reference_data_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_zones_list_their_sites(api, bob):
    reference_data_ensure()
    zones = api(bob).get("/api/v1/zones/").json()["results"]
    technopolis = next(z for z in zones if z["code"] == "technopolis-moscow")
    assert any(s["name"] == "Печатники" for s in technopolis["sites"])


def test_categories_are_searchable(api, bob):
    reference_data_ensure()
    found = api(bob).get("/api/v1/categories/", {"search": "battery.lfp"}).json()["results"]
    assert [c["code"] for c in found] == ["battery.lfp"]


def test_competencies_show_their_parent(api, bob):
    parent = f.CompetencyFactory(code="microelectronics")
    child = f.CompetencyFactory(code="photonic-ic", parent=parent)
    found = api(bob).get(f"/api/v1/competencies/{child.pk}/").json()
    assert found["code"] == "photonic-ic" and found["parent"] == parent.pk
    assert api(bob).post("/api/v1/competencies/", {"code": "x", "name": "X"}, format="json").status_code == 405
