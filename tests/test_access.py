"""The registry's access policy: which organizations each role sees and may change."""

from __future__ import annotations

import pytest

from cityorder.accounts.access import is_department
from cityorder.accounts.roles import Role
from cityorder.registry import access
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_hides_other_customers_from_a_customer(bob, carol):
    producer = f.OrganizationFactory()
    visible = set(access.visible_organizations(bob))
    assert bob.organization in visible
    assert producer in visible
    assert carol.organization not in visible


def test_it_hides_customers_from_a_manufacturer(max_maker, bob):
    visible = set(access.visible_organizations(max_maker))
    assert max_maker.organization in visible
    assert bob.organization not in visible


def test_department_sees_everyone(alice, bob, carol):
    visible = set(access.visible_organizations(alice))
    assert {bob.organization, carol.organization} <= visible


def test_anonymous_sees_nothing(bob):
    from django.contrib.auth.models import AnonymousUser

    assert not access.visible_organizations(AnonymousUser()).exists()


def test_manufacturer_edits_only_own_products(max_maker):
    other = f.OrganizationFactory()
    assert access.can_edit_products_of(max_maker, max_maker.organization)
    assert not access.can_edit_products_of(max_maker, other)


def test_coordinator_manages_only_the_cluster_of_its_organization(cora):
    own = f.ClusterFactory(coordinator=cora.organization)
    foreign = f.ClusterFactory()
    member = f.MembershipFactory(cluster=own).organization
    outsider = f.MembershipFactory(cluster=foreign).organization
    assert access.can_manage_cluster(cora, own)
    assert not access.can_manage_cluster(cora, foreign)
    assert access.can_edit_organization(cora, member)
    assert not access.can_edit_organization(cora, outsider)


def test_superuser_counts_as_administrator(db):
    root = f.UserFactory(role=Role.CUSTOMER, is_superuser=True)
    assert is_department(root)
