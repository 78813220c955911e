"""What the home page asks each role to act on (reads only): the department's queue, a customer's open campaigns
and what its submission still lacks, a manufacturer's forecast changes and offers, a coordinator's clusters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cityorder.demand import access as demand_access
from cityorder.demand import queries as demand_queries
from cityorder.demand.models import Campaign, CampaignStatus, LineStatus, Submission, SubmissionStatus
from cityorder.jobs.models import Job, JobStatus
from cityorder.order import queries as order_queries
from cityorder.order import review as order_review
from cityorder.order.models import CityOrder, Position
from cityorder.registry import access as registry_access
from cityorder.registry.models import Cluster, Organization
from cityorder.substitution import access as substitution_access
from cityorder.substitution import queries as substitution_queries
from cityorder.substitution.models import Offer

SHOWN = 10  # rows per list on the home page; each list links to its full page


@dataclass(slots=True)
class LateCampaign:
    campaign: Campaign
    late: list[demand_queries.ProgressRow]


@dataclass(slots=True)
class OpenMatches:
    order: CityOrder
    count: int


@dataclass(slots=True)
class DepartmentWork:
    awaiting_review: list[Submission]
    awaiting_count: int
    late: list[LateCampaign]
    matches: list[OpenMatches]
    failed_jobs: list[Job]


def department_work(user: Any) -> DepartmentWork:
    queue = demand_queries.awaiting_review(user)
    shown = list(queue[:SHOWN])
    demand_queries.count_submission_lines(shown)
    late = []
    # Only a campaign whose deadline has passed can have late customers (demand.queries.is_late): the others' progress
    # is not read at all (three queries and a row per invited customer each, on every visit to the home page).
    past_deadline = demand_access.visible_campaigns(user).filter(status=CampaignStatus.OPEN,
                                                                 deadline__lt=timezone.localdate())
    for campaign in past_deadline:
        rows = [row for row in demand_queries.campaign_progress(user, campaign, line_counts=False).rows if row.late]
        if rows:
            late.append(LateCampaign(campaign, rows))
    return DepartmentWork(awaiting_review=shown, awaiting_count=queue.count(), late=late,
                          matches=_open_matches(), failed_jobs=list(
                              Job.objects.filter(status=JobStatus.FAILED).order_by("-finished_at", "-pk")[:SHOWN]))


def _open_matches() -> list[OpenMatches]:
    """Probable matches nobody has decided yet, in the latest version of each campaign."""
    return [OpenMatches(order, count) for order, count in order_review.latest_versions_with_open_matches()]


@dataclass(slots=True)
class CustomerCampaign:
    row: demand_queries.CustomerCampaignRow
    errors: int = 0
    lines: int = 0
    missing: list[str] = field(default_factory=list)  # what the submission still lacks, in words


def customer_work(user: Any) -> list[CustomerCampaign]:
    """The customer's open campaigns, the nearest deadline first, each with what is still to do."""
    campaigns = demand_access.visible_campaigns(user).filter(status=CampaignStatus.OPEN)
    rows = demand_queries.customer_campaigns(user, campaigns)
    counts = {s.pk: s for s in Submission.objects.filter(pk__in=[r.submission.pk for r in rows if r.submission])
              .annotate(errors=Count("lines", filter=Q(lines__status=LineStatus.ERROR)),
                        ok=Count("lines", filter=Q(lines__status=LineStatus.OK)))}
    work = []
    for row in rows:
        item = CustomerCampaign(row)
        submission = counts.get(row.submission.pk) if row.submission else None
        if submission is None:
            item.missing.append(_("not started: open your submission and upload your demand"))
        else:
            item.errors, item.lines = submission.errors, submission.ok
            if submission.status == SubmissionStatus.RETURNED:
                item.missing.append(_("returned by the department: see its comment"))
            if submission.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
                if not item.lines:
                    item.missing.append(_("no lines yet: upload a spreadsheet or add lines"))
                if item.errors:
                    item.missing.append(_("%(n)s rows with errors to fix") % {"n": item.errors})
                if item.lines and not item.errors:
                    item.missing.append(_("ready: submit it to the department"))
        work.append(item)
    far = "9999-12-31"
    work.sort(key=lambda w: (w.row.campaign.deadline.isoformat() if w.row.campaign.deadline else far,
                             w.row.campaign.pk))
    return work


@dataclass(slots=True)
class ForecastChange:
    label: str
    code: str
    unit: str
    before: float
    now: float

    @property
    def change(self) -> float:
        return self.now - self.before


@dataclass(slots=True)
class ManufacturerWork:
    organization: Organization
    orders: list[CityOrder]
    changes: list[ForecastChange]
    offers: QuerySet[Offer]


def manufacturer_work(user: Any) -> ManufacturerWork | None:
    """The categories it makes in the published order against the campaign's previous version: what changed."""
    organization = getattr(user, "organization", None)
    if organization is None or not substitution_access.can_see_forecast_of(user, organization):
        return None
    forecast = substitution_queries.producer_forecast(organization)
    codes = {row.detail for row in forecast.by_category}
    now = _category_totals(forecast.orders, codes)
    before = _category_totals([p for o in forecast.orders if (p := order_queries.previous_version(o))], codes)
    names = substitution_queries.category_names()
    changes = [ForecastChange(names.get(code, code), code, unit, before.get((code, unit), 0.0), total)
               for (code, unit), total in now.items()]
    changes.sort(key=lambda c: (-abs(c.change), -c.now, c.label))
    return ManufacturerWork(organization, forecast.orders, changes[:SHOWN],
                            substitution_queries.offers_of(organization))


def _category_totals(orders: list[CityOrder], codes: set[str]) -> dict[tuple[str, str], float]:
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for code, unit, total in Position.objects.filter(order__in=orders, category__in=codes).values_list(
            "category", "unit", "total"):
        totals[(code, unit)] += float(total or 0)
    return totals


def coordinator_clusters(user: Any) -> QuerySet[Cluster]:
    visible = registry_access.visible_organizations(user)
    return registry_access.managed_clusters(user).annotate(
        member_count=Count("memberships", filter=Q(memberships__organization__in=visible), distinct=True),
    ).order_by("name")
