"""accounts.services: administrators keep users; roles must fit the kind of organization."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityorder.accounts import services
from cityorder.accounts.models import User
from cityorder.accounts.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return f.UserFactory(username="root", role=Role.ADMIN, is_superuser=True, is_staff=True)


def test_admin_creates_users_whose_role_fits_the_organization(root, bob):
    maker = services.user_create(actor=root, username="maker", password="Batteries-2026!", role=Role.MANUFACTURER,
                                 organization=f.OrganizationFactory(), last_name="Петров")
    assert maker.check_password("Batteries-2026!") and not maker.is_staff
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=root, username="wrong", password="Batteries-2026!", role=Role.CUSTOMER,
                             organization=maker.organization)
    assert "organization" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.user_create(actor=root, username="weak", password="123", role=Role.ANALYST)
    assert not User.objects.filter(username__in=["wrong", "weak"]).exists()
    admin = services.user_create(actor=root, username="admin2", password="Batteries-2026!", role=Role.ADMIN)
    assert admin.is_superuser and admin.is_staff


@pytest.mark.parametrize("who", ["alice", "bob", "max_maker", "cora"])
def test_only_administrators_manage_users(request, who, carol):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.user_create(actor=actor, username="x", password="Batteries-2026!", role=Role.ANALYST)
    with pytest.raises(PermissionDenied):
        services.user_update(actor=actor, user=carol, role=Role.ANALYST)
    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=actor, user=carol, password="Batteries-2026!")


def test_role_change_and_own_password(root, bob):
    services.user_update(actor=root, user=bob, role=Role.ANALYST)
    bob.refresh_from_db()
    assert bob.role == Role.ANALYST
    services.user_set_password(actor=bob, user=bob, password="Trolleybus-2026!")
    assert User.objects.get(pk=bob.pk).check_password("Trolleybus-2026!")
    with pytest.raises(ValidationError):
        services.user_update(actor=root, user=root, role=Role.ANALYST)
