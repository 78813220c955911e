"""Who may see and change what: the one place where role and organization scoping is decided.

Pages, the API and the services all ask these functions; none of them decides on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from cityorder.accounts.roles import Role
from cityorder.demand.models import Campaign, CampaignStatus, DemandLine, Submission
from cityorder.jobs.models import Job
from cityorder.registry.models import CUSTOMER_KINDS, Cluster, Organization, Product
from cityorder.substitution.models import CatalogItem, Offer, Origin

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


# Demand, the order and background jobs ------------------------------------------------------------------------


def can_see_job(user: AnyUser, job: Job) -> bool:
    """A job is watched and retried by whoever started it and by the department."""
    return user.is_authenticated and (is_department(user) or job.created_by_id == user.pk)


def can_manage_campaigns(user: AnyUser) -> bool:
    """Campaigns are opened, closed and consolidated by the department."""
    return is_department(user)


def visible_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """The department sees every campaign; a customer sees open and closed ones it is invited to (or open to all)."""
    if is_department(user):
        return Campaign.objects.all()
    if _role(user) != Role.CUSTOMER or not user.organization_id:  # type: ignore[union-attr]
        return Campaign.objects.none()
    org = user.organization_id  # type: ignore[union-attr]
    return (
        Campaign.objects.exclude(status=CampaignStatus.DRAFT)
        .filter(Q(invited=org) | Q(invited=None) | Q(submissions__customer=org))
        .distinct()
    )


def can_see_demand(user: AnyUser) -> bool:
    """Whether the demand pages have anything for the user: the department, or a customer with campaigns."""
    return can_manage_campaigns(user) or visible_campaigns(user).exists()


def can_submit_demand_for(user: AnyUser, campaign: Campaign, customer: Organization) -> bool:
    """Customers send their own demand to campaigns they see; the department may enter it for any customer."""
    if is_department(user):
        return True
    return (
        _role(user) == Role.CUSTOMER
        and customer.pk == user.organization_id  # type: ignore[union-attr]
        and campaign.status == CampaignStatus.OPEN
        and visible_campaigns(user).filter(pk=campaign.pk).exists()
    )


def visible_submissions(user: AnyUser) -> QuerySet[Submission]:
    """Raw demand: the department sees all of it, a customer only its own, anyone else none (manufacturers see
    only the aggregated forecast)."""
    if is_department(user):
        return Submission.objects.all()
    if _role(user) == Role.CUSTOMER and user.organization_id:  # type: ignore[union-attr]
        return Submission.objects.filter(customer_id=user.organization_id)  # type: ignore[union-attr]
    return Submission.objects.none()


def visible_demand_lines(user: AnyUser) -> QuerySet[DemandLine]:
    return DemandLine.objects.filter(submission__in=visible_submissions(user))


def can_edit_submission(user: AnyUser, submission: Submission) -> bool:
    """Lines change only while the submission is in the customer's hands (draft or returned)."""
    if not submission.editable:
        return False
    return can_submit_demand_for(user, submission.campaign, submission.customer)


def can_review_submission(user: AnyUser, submission: Submission) -> bool:
    return is_department(user)


def can_see_order(user: AnyUser) -> bool:
    """Positions with their customers and source lines are the department's; others see their own part only."""
    return is_department(user)


def can_see_forecast_of(user: AnyUser, organization: Organization) -> bool:
    """A producer's forecast (aggregates of the published order, no customer named) and its offers: the
    department and the producer's own manufacturer users."""
    if is_department(user):
        return True
    return _role(user) == Role.MANUFACTURER and organization.pk == user.organization_id  # type: ignore[union-attr]


def is_manufacturer(user: AnyUser) -> bool:
    return _role(user) == Role.MANUFACTURER and bool(user.organization_id)  # type: ignore[union-attr]


def visible_catalog_items(user: AnyUser) -> QuerySet[CatalogItem]:
    """The whole catalog (with every producer's capacities) is the department's; a manufacturer sees the domestic
    products of its own organization, the ones it may make offers for."""
    if is_department(user):
        return CatalogItem.objects.all()
    if is_manufacturer(user):
        return CatalogItem.objects.filter(organization_id=user.organization_id,  # type: ignore[union-attr,misc]
                                          origin=Origin.DOMESTIC)
    return CatalogItem.objects.none()


def visible_offers(user: AnyUser) -> QuerySet[Offer]:
    """Offers feed the department's coverage; a manufacturer sees and keeps its own organization's."""
    if is_department(user):
        return Offer.objects.all()
    if is_manufacturer(user):
        return Offer.objects.filter(organization_id=user.organization_id)  # type: ignore[union-attr,misc]
    return Offer.objects.none()
