"""The suppliers page costs a fixed number of queries, whatever the number of parts, and reads the derived needs
the last explosion stored instead of exploding the BOM again when that explosion is of the BOM and plan shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cityorder.cooperation import services, suppliers
from cityorder.registry.models import Capacity, Competency
from tests import factories as f
from tests.cooperation.conftest import bom_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def makers(cluster):
    """Two microelectronics houses of the cluster with capacities, so every regulator has competency candidates."""
    competency = Competency.objects.create(code="microelectronics", name="Микроэлектроника")
    for name in ("АО «Микро»", "АО «Кристалл»"):
        org = f.MembershipFactory(cluster=cluster, organization=f.OrganizationFactory(short_name=name)).organization
        org.competencies.add(competency)
        product = f.ProductFactory(organization=org, category=f.CategoryFactory(code="ic.regulator"))
        Capacity.objects.create(product=product, year=2026, quantity=1000)


def page_queries(client, project, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("cooperation:suppliers", args=[project.code]), params)
    assert page.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_3_or_23_parts(client, cora, project, makers):
    client.force_login(cora)
    services.plan_set(actor=cora, project=project, plan={2026: 150})
    services.bom_import(actor=cora, project=project, name="small.xlsx", data=bom_with(0))
    small = page_queries(client, project)
    services.bom_import(actor=cora, project=project, name="large.xlsx", data=bom_with(20))
    large = page_queries(client, project)
    assert small == large


def test_the_page_costs_the_same_queries_for_3_or_120_parts(client, cora, project, suppliers):
    client.force_login(cora)
    small = page_queries(client, project)
    services.bom_import(actor=cora, project=project, name="large.xlsx", data=bom_with(117))
    assert page_queries(client, project) == small
    assert page_queries(client, project, page=3) == small
    assert page_queries(client, project, show="unassigned", q="КР142", page=2) == small


def test_after_an_explosion_the_page_reads_its_stored_needs_until_the_bom_or_plan_changes(
        client, cora, project, campaign, makers, monkeypatch, django_capture_on_commit_callbacks):
    services.plan_set(actor=cora, project=project, plan={2026: 150, 2027: 600})
    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_with(2))
    fresh = suppliers.project_sourcing(project)
    with django_capture_on_commit_callbacks(execute=True):
        services.explosion_start(actor=cora, project=project, campaign=campaign)
    exploded = []
    real_explode = suppliers.explode
    monkeypatch.setattr(suppliers, "explode", lambda *a, **k: exploded.append(1) or real_explode(*a, **k))
    stored = suppliers.project_sourcing(project)
    assert not exploded
    assert [(p.need.key, p.need.by_year, p.need.qty_per_product, [c.name for c in p.candidates])
            for p in stored.parts] == [(p.need.key, p.need.by_year, p.need.qty_per_product,
                                        [c.name for c in p.candidates]) for p in fresh.parts]
    assert stored.years == fresh.years == [2026, 2027]
    services.plan_set(actor=cora, project=project, plan={2026: 150, 2027: 700})
    assert suppliers.project_sourcing(project).parts[0].need.by_year != fresh.parts[0].need.by_year
    assert exploded == [1]  # the stored needs are of another plan: exploded afresh
    services.plan_set(actor=cora, project=project, plan={2026: 150, 2027: 600})
    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_with(3))
    assert len(suppliers.project_sourcing(project).parts) == len(fresh.parts) + 1 and exploded == [1, 1]
