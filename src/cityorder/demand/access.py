"""Who may see and change demand: campaigns, submissions, their files and lines.

Raw demand names a customer and what it buys: the department sees all of it, a customer only its own, anyone
else none (manufacturers see the aggregated forecast only, substitution.access). Built on accounts' roles and
organization scope and on the registry's visibility of organizations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from cityorder.accounts.access import acts_for, is_customer, is_department, organization_id_of
from cityorder.demand.models import Campaign, CampaignStatus, DemandLine, SourceFile, Submission
from cityorder.registry.access import visible_organizations
from cityorder.registry.models import CUSTOMER_KINDS, Organization

if TYPE_CHECKING:
    from cityorder.accounts.access import AnyUser


def can_manage_campaigns(user: AnyUser) -> bool:
    """Campaigns are opened, closed and reviewed by the department."""
    return is_department(user)


def visible_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """The department sees every campaign; a customer sees open and closed ones it is invited to (or open to all)."""
    if is_department(user):
        return Campaign.objects.all()
    if not is_customer(user):
        return Campaign.objects.none()
    org = organization_id_of(user)
    return (
        Campaign.objects.exclude(status=CampaignStatus.DRAFT)
        .filter(Q(invited=org) | Q(invited=None) | Q(submissions__customer=org))
        .distinct()
    )


def can_see_demand(user: AnyUser) -> bool:
    """Whether the demand pages have anything for the user: the department, or a customer with campaigns."""
    return can_manage_campaigns(user) or visible_campaigns(user).exists()


def invitable_customers(user: AnyUser) -> QuerySet[Organization]:
    """The customers a campaign may invite: for the department, every city body and subordinate organization."""
    if not can_manage_campaigns(user):
        return Organization.objects.none()
    return visible_organizations(user).filter(kind__in=CUSTOMER_KINDS).order_by("short_name")


def can_submit_demand_for(user: AnyUser, campaign: Campaign, customer: Organization) -> bool:
    """Customers send their own demand to campaigns they see; the department may enter it for any customer."""
    if is_department(user):
        return True
    return (
        is_customer(user)
        and acts_for(user, customer)
        and campaign.status == CampaignStatus.OPEN
        and visible_campaigns(user).filter(pk=campaign.pk).exists()
    )


def visible_submissions(user: AnyUser) -> QuerySet[Submission]:
    """Raw demand: the department sees all of it, a customer only its own, anyone else none."""
    if is_department(user):
        return Submission.objects.all()
    if is_customer(user):
        return Submission.objects.filter(customer_id=organization_id_of(user))
    return Submission.objects.none()


def visible_demand_lines(user: AnyUser) -> QuerySet[DemandLine]:
    return DemandLine.objects.filter(submission__in=visible_submissions(user))


def visible_files(user: AnyUser) -> QuerySet[SourceFile]:
    """Uploaded files of the submissions the user may see."""
    return SourceFile.objects.filter(submission__in=visible_submissions(user))


def can_edit_submission(user: AnyUser, submission: Submission) -> bool:
    """Lines change only while the submission is in the customer's hands (draft or returned)."""
    if not submission.editable:
        return False
    return can_submit_demand_for(user, submission.campaign, submission.customer)


def can_review_submission(user: AnyUser, submission: Submission) -> bool:
    return is_department(user)
