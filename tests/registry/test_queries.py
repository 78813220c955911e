from __future__ import annotations

import pytest

from cityorder.registry import queries
from cityorder.registry.models import Organization
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev_cluster(bob, carol):
    """Four members: two SEZ residents; batteries ×3, sensors ×1; plus the two customers as partners."""
    cluster = f.ClusterFactory(code="ev", name="Кластер электромобилестроения")
    batteries = f.CompetencyFactory(code="batteries", name="Аккумуляторные батареи")
    sensors = f.CompetencyFactory(code="sensors", name="Датчики")
    site = f.SiteFactory(name="Печатники")
    members = [f.MembershipFactory(cluster=cluster).organization for _ in range(4)]
    for org in members[:3]:
        org.competencies.add(batteries)
    members[3].competencies.add(sensors)
    for org in members[:2]:
        org.residencies.create(site=site)
    for customer in (bob.organization, carol.organization):
        f.MembershipFactory(cluster=cluster, organization=customer, role="partner")
    return cluster, members, batteries, sensors


def test_overview_counts_members_sez_share_and_coverage(alice, ev_cluster):
    cluster, members, batteries, sensors = ev_cluster
    overview = queries.cluster_overview(alice, cluster)
    assert overview.member_count == 6
    assert overview.sez_members == 2
    assert overview.sez_share == pytest.approx(2 / 6)
    assert [(c.code, n) for c, n in overview.coverage] == [("batteries", 3), ("sensors", 1)]
    residents = {row.membership.organization for row in overview.members if row.is_sez_resident}
    assert residents == set(members[:2])
    assert all(row.site_names == ["Печатники"] for row in overview.members if row.is_sez_resident)


def test_overview_hides_other_customers(bob, ev_cluster):
    cluster, members, _b, _s = ev_cluster
    shown = {row.membership.organization for row in queries.cluster_overview(bob, cluster).members}
    assert shown == {*members, bob.organization}
    clusters = {c.code: c.member_count for c in queries.clusters_for(bob)}
    assert clusters["ev"] == 5


def test_supplier_search_by_competency_and_product_text(max_maker, ev_cluster, bob):
    _cluster, members, batteries, sensors = ev_cluster
    f.ProductFactory(organization=members[3], name="Датчик тока", part_number="ДТХ-500")
    f.ProductFactory(organization=bob.organization, name="Датчик давления", part_number="ДД-1")
    assert set(queries.supplier_search(max_maker, competency=batteries)) == set(members[:3])
    assert list(queries.supplier_search(max_maker, text="дтх-5")) == [members[3]]  # Cyrillic, any case
    assert list(queries.supplier_search(max_maker, text="ДАТЧИК ТОКА")) == [members[3]]
    assert list(queries.supplier_search(max_maker, competency=sensors, text="датчик")) == [members[3]]
    # A customer is never offered as a supplier, even to the department.
    assert bob.organization not in set(queries.supplier_search(max_maker, text="датчик"))


def test_products_and_organization_card_are_scoped(max_maker, bob, carol):
    own = f.ProductFactory(organization=bob.organization)
    producer_product = f.ProductFactory()
    f.CapacityFactory(product=producer_product, year=2027, quantity=10)
    f.CapacityFactory(product=producer_product, year=2026, quantity=5)
    assert set(queries.products_for(bob)) == {own, producer_product}
    assert own not in set(queries.products_for(carol))
    listed = queries.products_for(max_maker).get(pk=producer_product.pk)
    assert [c.year for c in listed.capacities.all()] == [2026, 2027]
    assert queries.capacity_years(queries.products_for(max_maker)) == [2026, 2027]
    card = queries.organization_card(bob, bob.organization.pk)
    assert list(card.products.all()) == [own]
    with pytest.raises(Organization.DoesNotExist):
        queries.organization_card(carol, bob.organization.pk)


def test_dashboard_counts_follow_the_scope(alice, bob, max_maker, ev_cluster):
    department = queries.dashboard_counts(alice)
    assert department["members"] == 6 and department["sez_residents"] == 2 and department["clusters"] == 1
    customer = queries.dashboard_counts(bob)
    assert customer["members"] == 5
    assert customer["organizations"] == department["organizations"] - 2  # carol's org and alice's department
    assert queries.dashboard_counts(max_maker)["members"] == 4
