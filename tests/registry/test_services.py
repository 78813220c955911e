from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityorder.registry import services
from cityorder.registry.models import Capacity, Membership, Organization
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_analyst_creates_an_organization(alice):
    org = services.organization_create(actor=alice, inn="7707083893", full_name="ПАО Сбербанк",
                                       short_name="Сбербанк", kind="company")
    assert Organization.objects.get(inn="7707083893") == org


def test_it_names_the_field_with_a_bad_inn(alice):
    with pytest.raises(ValidationError) as exc:
        services.organization_create(actor=alice, inn="7707083894", full_name="X", short_name="X", kind="company")
    assert "inn" in exc.value.message_dict
    assert not Organization.objects.filter(inn="7707083894").exists()


def test_customer_cannot_create_organizations(bob):
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=bob, inn="7707083893", full_name="X", short_name="X", kind="company")


def test_customer_cannot_edit_another_customer(bob, carol):
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=bob, organization=carol.organization, phone="+7 495 000-00-00")


def test_manufacturer_manages_only_its_own_products(max_maker):
    product = services.product_create(actor=max_maker, organization=max_maker.organization, name="Ячейка",
                                      part_number="Я-1", category=f.CategoryFactory(), capacities={2026: 100})
    services.capacity_set(actor=max_maker, product=product, year=2026, quantity=250)
    assert Capacity.objects.get(product=product, year=2026).quantity == 250
    services.capacity_set(actor=max_maker, product=product, year=2026, quantity=None)
    assert not Capacity.objects.filter(product=product).exists()
    other = f.ProductFactory()
    with pytest.raises(PermissionDenied):
        services.capacity_set(actor=max_maker, product=other, year=2026, quantity=1)
    with pytest.raises(PermissionDenied):
        services.product_update(actor=max_maker, product=product, organization=other.organization)


def test_negative_capacity_is_refused(max_maker):
    product = f.ProductFactory(organization=max_maker.organization)
    with pytest.raises(ValidationError):
        services.capacity_set(actor=max_maker, product=product, year=2026, quantity=-5)


def test_coordinator_adds_members_only_to_her_cluster(cora):
    own = f.ClusterFactory(coordinator=cora.organization)
    foreign = f.ClusterFactory()
    org = f.OrganizationFactory()
    services.membership_add(actor=cora, cluster=own, organization=org, role="industrial")
    assert Membership.objects.filter(cluster=own, organization=org).exists()
    with pytest.raises(PermissionDenied):
        services.membership_add(actor=cora, cluster=foreign, organization=org)
    with pytest.raises(PermissionDenied):
        services.cluster_update(actor=cora, cluster=own, coordinator=org)


def test_reference_data_is_idempotent(db):
    from cityorder.engine.nomenclature import CATEGORIES
    from cityorder.registry.models import Category, Site

    services.reference_data_ensure()
    services.reference_data_ensure()
    assert Category.objects.count() == len(CATEGORIES)
    assert Category.objects.get(code="battery.lfp").parent.code == "battery"
    assert Site.objects.filter(zone__code="technopolis-moscow").count() == 5
