"""Who may see and change the registry: organizations, clusters and their members, products.

One function per question, built on accounts' roles and organization scope; pages, the API, the services, the
importer and the exports all ask these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from cityorder.accounts.access import (
    acts_for,
    is_coordinator,
    is_department,
    is_manufacturer,
    organization_id_of,
    role_of,
    sees_every_organization,
)
from cityorder.accounts.roles import Role
from cityorder.registry.models import CUSTOMER_KINDS, Cluster, Membership, Organization, OrganizationKind, Product

if TYPE_CHECKING:
    from cityorder.accounts.access import AnyUser

# The fields that say which organization it is (its registration) and who sees it (its kind and parent body): the
# department's to change. An organization's own users and coordinators keep the rest (contacts, description,
# competencies); through the API they may send these only with their current values.
DEPARTMENT_FIELDS = ("inn", "ogrn", "kpp", "full_name", "short_name", "kind", "parent")


def visible_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Department, coordinators and the tender committee see everyone; others see producers and their own
    organization, never another customer (a city body's or subordinate's data is theirs and the department's)."""
    qs = Organization.objects.all()
    if role_of(user) is None:
        return qs.none()
    if sees_every_organization(user):
        return qs
    own = organization_id_of(user)
    return qs.filter((Q(pk=own) if own else Q(pk__in=[])) | ~Q(kind__in=CUSTOMER_KINDS))


def visible_products(user: AnyUser) -> QuerySet[Product]:
    return Product.objects.filter(organization__in=visible_organizations(user))


def visible_memberships(user: AnyUser) -> QuerySet[Membership]:
    """Cluster memberships of the organizations the user may see."""
    return Membership.objects.filter(organization__in=visible_organizations(user))


def can_create_organization(user: AnyUser) -> bool:
    return role_of(user) in (Role.ADMIN, Role.ANALYST, Role.COORDINATOR)


def can_edit_organization(user: AnyUser, organization: Organization) -> bool:
    """Its profile (contacts, description, competencies): the department, the organization's own users, and the
    coordinator of a cluster it is a member of (not of a customer). DEPARTMENT_FIELDS: see can_edit_registration."""
    if is_department(user):
        return True
    if role_of(user) is None:
        return False
    if role_of(user) == Role.COORDINATOR and not organization.is_customer:
        return _coordinates_a_cluster_of(user, organization)
    return acts_for(user, organization)


def can_edit_registration(user: AnyUser, organization: Organization | None) -> bool:
    """Whether the user may set DEPARTMENT_FIELDS of ``organization`` (None: of a new one it creates).

    A changed kind makes a customer visible to other customers, a changed parent moves it under another body, a
    changed INN makes it another organization: only the department does that. Whoever may create an organization
    gives the new one its registration."""
    if organization is None or organization.pk is None:
        return can_create_organization(user)
    return is_department(user)


def registration_changes(organization: Organization, fields: Mapping[str, Any]) -> list[str]:
    """The DEPARTMENT_FIELDS that ``fields`` would change on ``organization`` (its saved values)."""
    changed = []
    for name in DEPARTMENT_FIELDS:
        if name not in fields:
            continue
        current = organization.parent_id if name == "parent" else getattr(organization, name)
        given = fields[name]
        if name == "parent":
            given = getattr(given, "pk", given)
        if (given or None) != (current or None):
            changed.append(name)
    return changed


def parent_bodies(user: AnyUser, organization: Organization | None = None) -> QuerySet[Organization]:
    """The bodies the user may name as an organization's parent: government bodies it sees, not the organization
    itself. The same query gives the page's choices and checks the service's input."""
    qs = visible_organizations(user).filter(kind=OrganizationKind.GOVERNMENT_BODY)
    if organization is not None and organization.pk:
        qs = qs.exclude(pk=organization.pk)
    return qs.order_by("short_name")


def can_edit_products_of(user: AnyUser, organization: Organization) -> bool:
    """Products, capacities (and offers, substitution.access) of a producer: the department, the producer's own
    manufacturer users, and the coordinator of a cluster it is a member of."""
    if is_department(user):
        return True
    if is_manufacturer(user):
        return acts_for(user, organization)
    if is_coordinator(user):
        return _coordinates_a_cluster_of(user, organization)
    return False


def can_manage_cluster(user: AnyUser, cluster: Cluster) -> bool:
    if is_department(user):
        return True
    return is_coordinator(user) and cluster.coordinator_id is not None and acts_for(user, cluster.coordinator_id)


def managed_clusters(user: AnyUser) -> QuerySet[Cluster]:
    if is_department(user):
        return Cluster.objects.all()
    if is_coordinator(user):
        return Cluster.objects.filter(coordinator_id=organization_id_of(user))
    return Cluster.objects.none()


def managed_memberships(user: AnyUser) -> QuerySet[Membership]:
    """Memberships the user may change or remove: those of the clusters it manages (any other is not found)."""
    return Membership.objects.filter(cluster__in=managed_clusters(user))


def membership_candidates(user: AnyUser, cluster: Cluster) -> QuerySet[Organization]:
    """Organizations the user may add to ``cluster``: those it sees that are not members yet."""
    if not can_manage_cluster(user, cluster):
        return Organization.objects.none()
    return visible_organizations(user).exclude(memberships__cluster=cluster).order_by("short_name")


def can_import_registry(user: AnyUser) -> bool:
    return role_of(user) in (Role.ADMIN, Role.ANALYST, Role.COORDINATOR)


def can_import_products(user: AnyUser) -> bool:
    """A manufacturer imports its own products; the registry's importers anything they may change."""
    return can_import_registry(user) or is_manufacturer(user)


def _coordinates_a_cluster_of(user: AnyUser, organization: Organization) -> bool:
    return managed_clusters(user).filter(memberships__organization=organization).exists()
