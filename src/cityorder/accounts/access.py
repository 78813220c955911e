"""Who may see and change what: the one place where role and organization scoping is decided.

Pages, the API and the services all ask these functions; none of them decides on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from cityorder.accounts.roles import Role
from cityorder.registry.models import CUSTOMER_KINDS, Cluster, Organization, Product

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cityorder.accounts.models import User

    AnyUser = User | AnonymousUser


def _role(user: AnyUser) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def is_department(user: AnyUser) -> bool:
    return _role(user) in (Role.ADMIN, Role.ANALYST)


def visible_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Department and coordinators see everyone; others see producers and their own organization,
    never another customer (a city body's or subordinate's data is theirs and the department's)."""
    role = _role(user)
    qs = Organization.objects.all()
    if role is None:
        return qs.none()
    if role in (Role.ADMIN, Role.ANALYST, Role.COORDINATOR, Role.TENDER_COMMITTEE):
        return qs
    own = Q(pk=user.organization_id) if user.organization_id else Q(pk__in=[])  # type: ignore[union-attr]
    return qs.filter(own | ~Q(kind__in=CUSTOMER_KINDS))


def visible_products(user: AnyUser) -> QuerySet[Product]:
    return Product.objects.filter(organization__in=visible_organizations(user))


def can_edit_organization(user: AnyUser, organization: Organization) -> bool:
    role = _role(user)
    if role in (Role.ADMIN, Role.ANALYST):
        return True
    if role is None:
        return False
    if role == Role.COORDINATOR and not organization.is_customer:
        return _coordinates_a_cluster_of(user, organization)
    return organization.pk == user.organization_id  # type: ignore[union-attr]


def can_create_organization(user: AnyUser) -> bool:
    return _role(user) in (Role.ADMIN, Role.ANALYST, Role.COORDINATOR)


def can_edit_products_of(user: AnyUser, organization: Organization) -> bool:
    role = _role(user)
    if role in (Role.ADMIN, Role.ANALYST):
        return True
    if role == Role.MANUFACTURER:
        return organization.pk == user.organization_id  # type: ignore[union-attr]
    if role == Role.COORDINATOR:
        return _coordinates_a_cluster_of(user, organization)
    return False


def can_manage_cluster(user: AnyUser, cluster: Cluster) -> bool:
    role = _role(user)
    if role in (Role.ADMIN, Role.ANALYST):
        return True
    return (
        role == Role.COORDINATOR
        and cluster.coordinator_id is not None
        and cluster.coordinator_id == user.organization_id  # type: ignore[union-attr]
    )


def managed_clusters(user: AnyUser) -> QuerySet[Cluster]:
    role = _role(user)
    if role in (Role.ADMIN, Role.ANALYST):
        return Cluster.objects.all()
    if role == Role.COORDINATOR and user.organization_id:  # type: ignore[union-attr]
        return Cluster.objects.filter(coordinator_id=user.organization_id)  # type: ignore[union-attr]
    return Cluster.objects.none()


def can_import_registry(user: AnyUser) -> bool:
    return _role(user) in (Role.ADMIN, Role.ANALYST, Role.COORDINATOR)


def _coordinates_a_cluster_of(user: AnyUser, organization: Organization) -> bool:
    return managed_clusters(user).filter(memberships__organization=organization).exists()


def can_manage_users(user: AnyUser) -> bool:
    """Users, their roles and organizations are kept by administrators only."""
    return _role(user) == Role.ADMIN
