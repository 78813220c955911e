from __future__ import annotations

import datetime

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


def test_kpp_and_ogrn_errors_name_their_fields(alice):
    with pytest.raises(ValidationError) as exc:
        services.organization_create(actor=alice, inn="7707083893", ogrn="1027700132194", kpp="77070100",
                                     full_name="ПАО Сбербанк", short_name="Сбербанк", kind="company")
    assert {"ogrn", "kpp"} <= set(exc.value.message_dict)
    assert "OGRN" in " ".join(exc.value.message_dict["ogrn"])
    assert "KPP" in " ".join(exc.value.message_dict["kpp"])


def test_customer_edits_its_own_organization_only(bob, carol):
    services.organization_update(actor=bob, organization=bob.organization, phone="+7 495 111-11-11")
    bob.organization.refresh_from_db()
    assert bob.organization.phone == "+7 495 111-11-11"
    competency = f.CompetencyFactory()
    with pytest.raises(PermissionDenied):
        services.organization_set_competencies(actor=bob, organization=carol.organization, competencies=[competency])


def test_coordinator_edits_members_of_her_cluster_but_not_outsiders(cora):
    own = f.ClusterFactory(coordinator=cora.organization)
    member = f.MembershipFactory(cluster=own).organization
    outsider = f.OrganizationFactory()
    site = f.SiteFactory()
    competency = f.CompetencyFactory()
    services.organization_set_competencies(actor=cora, organization=member, competencies=[competency])
    assert list(member.competencies.all()) == [competency]
    services.residency_set(actor=cora, organization=member, site=site)
    with pytest.raises(PermissionDenied):
        services.residency_set(actor=cora, organization=outsider, site=site)
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=cora, organization=outsider, phone="1")
    with pytest.raises(PermissionDenied):
        services.cluster_create(actor=cora, code="new", name="Новый кластер")


def test_residency_set_is_an_upsert(alice):
    org, site = f.OrganizationFactory(), f.SiteFactory()
    services.residency_set(actor=alice, organization=org, site=site, since=datetime.date(2021, 1, 1))
    services.residency_set(actor=alice, organization=org, site=site, since=datetime.date(2022, 1, 1),
                           agreement_no="ОЭЗ-1")
    residency = org.residencies.get()
    assert residency.since == datetime.date(2022, 1, 1) and residency.agreement_no == "ОЭЗ-1"
    with pytest.raises(ValidationError):
        services.residency_set(actor=alice, organization=org, site=site, since=datetime.date(2022, 1, 1),
                               until=datetime.date(2020, 1, 1))


def test_membership_update_and_remove_by_role(cora, alice, bob):
    own = f.ClusterFactory(coordinator=cora.organization)
    foreign = f.MembershipFactory()
    membership = f.MembershipFactory(cluster=own)
    services.membership_update(actor=cora, membership=membership, role="anchor", note="якорь")
    membership.refresh_from_db()
    assert membership.role == "anchor"
    with pytest.raises(ValidationError):
        services.membership_update(actor=cora, membership=membership, role="king")
    for actor, target in ((cora, foreign), (bob, membership)):
        with pytest.raises(PermissionDenied):
            services.membership_update(actor=actor, membership=target, role="partner")
        with pytest.raises(PermissionDenied):
            services.membership_remove(actor=actor, membership=target)
    services.membership_remove(actor=alice, membership=foreign)
    assert not Membership.objects.filter(pk=foreign.pk).exists()
    with pytest.raises(ValidationError):  # the same organization twice in a cluster
        services.membership_add(actor=cora, cluster=own, organization=membership.organization)


def test_cluster_create_and_update(alice, cora):
    cluster = services.cluster_create(actor=alice, code="photonics", name="Кластер фотоники", name_en="Photonics")
    services.cluster_update(actor=alice, cluster=cluster, coordinator=cora.organization)
    services.cluster_update(actor=cora, cluster=cluster, description="Фотонные ИС")
    cluster.refresh_from_db()
    assert cluster.coordinator == cora.organization and cluster.description == "Фотонные ИС"
    with pytest.raises(ValidationError):
        services.cluster_create(actor=alice, code="photonics", name="Дубль")


def test_product_delete_and_customer_has_no_catalog(max_maker, bob):
    product = f.ProductFactory(organization=max_maker.organization)
    with pytest.raises(PermissionDenied):
        services.product_delete(actor=bob, product=product)
    with pytest.raises(PermissionDenied):
        services.product_create(actor=bob, organization=bob.organization, name="X", category=f.CategoryFactory())
    services.product_delete(actor=max_maker, product=product)
    assert not type(product).objects.filter(pk=product.pk).exists()


def test_coordinator_keeps_member_products(cora):
    own = f.ClusterFactory(coordinator=cora.organization)
    member = f.MembershipFactory(cluster=own).organization
    product = services.product_create(actor=cora, organization=member, name="Зарядная станция 150 кВт",
                                      category=f.CategoryFactory(), capacities={2027: 12})
    assert product.capacities.get().quantity == 12
    with pytest.raises(PermissionDenied):
        services.product_create(actor=cora, organization=f.OrganizationFactory(), name="X",
                                category=f.CategoryFactory())
