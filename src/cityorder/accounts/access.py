"""Roles and organization scope: the ground floor every app's own ``access.py`` builds its rules on.

Who a user is (role), which organization it acts for, and whether its work is to see every organization: that
is all this module knows. The rules about each app's models live beside them (``registry/access.py``,
``demand/access.py``, ...), so this module imports no app of cityorder (a test checks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cityorder.accounts.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cityorder.accounts.models import User

    AnyUser = User | AnonymousUser

# Roles whose work spans every organization (reading the registry whole); what each may change is decided by
# the apps' rules.
REGISTRY_WIDE_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.COORDINATOR, Role.TENDER_COMMITTEE})


def role_of(user: AnyUser) -> str | None:
    """The user's role; None for a visitor. A superuser is an administrator whatever its stored role."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def organization_id_of(user: AnyUser) -> int | None:
    """The id of the organization the user works for, None for a visitor or a user without one."""
    if not user.is_authenticated:
        return None
    return getattr(user, "organization_id", None)


def acts_for(user: AnyUser, organization: Any) -> bool:
    """Whether ``organization`` (an Organization, or its id) is the one the user works for."""
    own = organization_id_of(user)
    wanted = getattr(organization, "pk", organization)
    return own is not None and wanted == own


def is_department(user: AnyUser) -> bool:
    """Administrators and city analysts act for the department."""
    return role_of(user) in (Role.ADMIN, Role.ANALYST)


def sees_every_organization(user: AnyUser) -> bool:
    """The department, cluster coordinators and the tender committee read the whole registry; customers and
    manufacturers see producers and their own organization only (registry.access.visible_organizations)."""
    return role_of(user) in REGISTRY_WIDE_ROLES


def is_customer(user: AnyUser) -> bool:
    """A customer user linked to its organization (a city body or a subordinate one)."""
    return role_of(user) == Role.CUSTOMER and organization_id_of(user) is not None


def is_manufacturer(user: AnyUser) -> bool:
    """A manufacturer user linked to its organization (a producer)."""
    return role_of(user) == Role.MANUFACTURER and organization_id_of(user) is not None


def is_coordinator(user: AnyUser) -> bool:
    """A cluster coordinator linked to its organization (the one clusters name as their coordinator)."""
    return role_of(user) == Role.COORDINATOR and organization_id_of(user) is not None


def can_manage_users(user: AnyUser) -> bool:
    """Users, their roles and organizations are kept by administrators only."""
    return role_of(user) == Role.ADMIN
