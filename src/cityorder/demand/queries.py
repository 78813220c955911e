"""Reads of demand for the pages, always scoped to what the user may see (demand.access)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.db.models import CharField, Count, Exists, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityorder.demand import access
from cityorder.demand.models import (
    Campaign,
    DemandLine,
    EventAction,
    LineStatus,
    SourceFile,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from cityorder.registry.models import Organization

NOT_STARTED = "not_started"
# A submission in the department's hands is on time whatever the date; any other one is late after the deadline.
HANDED_IN = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED})
PROGRESS_STATUSES: tuple[tuple[str, Any], ...] = (
    (NOT_STARTED, _("Not started")), *SubmissionStatus.choices,
)


def line_counts_by_status(via: str = "submission") -> dict[str, Any]:
    """Rows by status of each submission's (``via="submission"``) or file's (``via="source"``) lines, as
    annotations named ok_count, skipped_count and error_count. Each is a count over the (submission or file,
    status) index, not a join of every line to its parent: a submission of a million lines is counted in
    milliseconds, not seconds."""
    def count(status: str) -> Any:
        rows = (DemandLine.objects.filter(**{via: OuterRef("pk")}, status=status).order_by().values(via)
                .annotate(n=Count("pk")).values("n"))
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return {f"{name}_count": count(status)
            for name, status in (("ok", LineStatus.OK), ("skipped", LineStatus.SKIPPED), ("error", LineStatus.ERROR))}


def is_late(campaign: Campaign, status: str | None, today: datetime.date | None = None) -> bool:
    if campaign.deadline is None or status in HANDED_IN:
        return False
    return (today or timezone.localdate()) > campaign.deadline


# Campaigns ------------------------------------------------------------------------------------------------------


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    """Visible campaigns with how many customers were invited, started and handed in.

    Each is counted by a subquery of its own: counting them over one join of invitations and submissions made
    invited × submissions rows per campaign (160,000 for a campaign of 400 customers)."""
    def count(rows: QuerySet[Any], by: str) -> Any:
        counted = rows.filter(**{by: OuterRef("pk")}).order_by().values(by).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    submissions = Submission.objects.all()
    return Campaign.objects.filter(pk__in=access.visible_campaigns(user).values("pk")).annotate(
        invited_count=count(Campaign.invited.through.objects.all(), "campaign"),
        submission_count=count(submissions, "campaign"),
        submitted_count=count(submissions.filter(status__in=HANDED_IN), "campaign"),
    )


def campaign_for(user: Any, code: str) -> Campaign:
    """The campaign if the user may see it; Campaign.DoesNotExist otherwise."""
    return access.visible_campaigns(user).get(code=code)


class _SubmissionState:
    """Status of a customer's submission to a campaign, «not started» before there is one."""

    campaign: Campaign
    submission: Submission | None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else NOT_STARTED

    @property
    def status_label(self) -> str:
        return str(dict(PROGRESS_STATUSES)[self.status])


@dataclass
class CustomerCampaignRow(_SubmissionState):
    campaign: Campaign
    submission: Submission | None

    @property
    def late(self) -> bool:
        return is_late(self.campaign, self.submission.status if self.submission else None)


def customer_campaigns(user: Any, campaigns: QuerySet[Campaign] | None = None) -> list[CustomerCampaignRow]:
    """The campaigns a customer sees, each with its own submission (None before it opened one)."""
    campaigns = campaigns if campaigns is not None else access.visible_campaigns(user)
    rows = list(campaigns.order_by("-created_at", "-pk"))
    own = {s.campaign_id: s for s in access.visible_submissions(user).filter(campaign__in=[c.pk for c in rows])}
    return [CustomerCampaignRow(campaign, own.get(campaign.pk)) for campaign in rows]


def own_submission(user: Any, campaign: Campaign) -> Submission | None:
    organization = getattr(user, "organization_id", None)
    if organization is None:
        return None
    return access.visible_submissions(user).filter(campaign=campaign, customer_id=organization).first()


@dataclass
class ProgressRow(_SubmissionState):
    campaign: Campaign
    customer: Organization
    submission: Submission | None
    invited: bool

    @property
    def ok_count(self) -> int:
        return getattr(self.submission, "ok_count", 0)

    @property
    def error_count(self) -> int:
        return getattr(self.submission, "error_count", 0)

    @property
    def submitted_at(self) -> datetime.datetime | None:
        return self.submission.submitted_at if self.submission else None

    @property
    def late(self) -> bool:
        return is_late(self.campaign, self.submission.status if self.submission else None)


@dataclass
class CampaignProgress:
    rows: ProgressRows
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (status, label, customers)
    late_count: int = 0

    @property
    def total(self) -> int:
        return len(self.rows)


class NameKey(Func):
    """A name folded to lower case and compared by code point, as Python's ``str.lower()`` and ``<`` do: SQLite's
    LOWER folds ASCII only (PY_LOWER is Python's, registered by demand.apps) and PostgreSQL's collation would
    order «Б-2» and «Б 10» by its own rules, not as the table did when it sorted in Python."""

    function = "LOWER"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="PY_LOWER", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = super().as_sql(compiler, connection, **extra)
        return f'({sql}) COLLATE "C"', params


def py_lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


class ProgressRows(Sequence[ProgressRow]):
    """A campaign's progress rows in the table's order, by customer name, read from the database a slice at a
    time: the page of 50 builds its 50 rows (sorting in Python built all thousand customers and their
    submissions for every page). Its length is the counted total."""

    def __init__(self, user: Any, campaign: Campaign, total: int, *, line_counts: bool) -> None:
        self.user, self.campaign, self.total, self.line_counts = user, campaign, total, line_counts

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, key: int) -> ProgressRow: ...

    @overload
    def __getitem__(self, key: slice) -> list[ProgressRow]: ...

    def __getitem__(self, key: int | slice) -> ProgressRow | list[ProgressRow]:
        if isinstance(key, int):
            index = key + self.total if key < 0 else key
            if not 0 <= index < self.total:
                raise IndexError(key)
            return self[index:index + 1][0]
        start, stop, step = key.indices(self.total)
        if step != 1:
            return self[start:stop][::step]
        return self._read(start, stop) if start < stop else []

    def __iter__(self) -> Iterator[ProgressRow]:
        return iter(self[:])

    def _read(self, start: int, stop: int) -> list[ProgressRow]:
        submissions = access.visible_submissions(self.user).filter(campaign=self.campaign)
        invited = Campaign.invited.through.objects.filter(campaign=self.campaign)
        customers = list(
            Organization.objects.filter(Q(pk__in=invited.values("organization_id"))
                                        | Q(pk__in=submissions.values("customer_id")))
            .annotate(is_invited=Exists(invited.filter(organization=OuterRef("pk"))))
            .order_by(NameKey("short_name"), "pk")[start:stop]
        )
        by_pk = {c.pk: c for c in customers}
        own = {s.customer_id: s for s in submissions.filter(customer__in=list(by_pk))}
        for customer_id, submission in own.items():
            submission.customer = by_pk[customer_id]
        rows = [ProgressRow(self.campaign, c, own.get(c.pk), c.is_invited) for c in customers]
        if self.line_counts:
            count_lines(rows)
        return rows


def campaign_progress(user: Any, campaign: Campaign, *, line_counts: bool = True) -> CampaignProgress:
    """Every invited customer, and any other that sent something, with where its submission stands, and (unless
    ``line_counts`` is false) its lines by status. The customers by status, the late ones and the total are
    counted by the database; the rows are read when sliced or iterated (ProgressRows)."""
    counts = progress_counts(user, campaign)
    total = sum(n for _status, _label, n in counts)
    handed_in = sum(n for status, _label, n in counts if status in HANDED_IN)
    late = total - handed_in if is_late(campaign, NOT_STARTED) else 0
    return CampaignProgress(rows=ProgressRows(user, campaign, total, line_counts=line_counts), counts=counts,
                            late_count=late)


def progress_counts(user: Any, campaign: Campaign) -> list[tuple[str, str, int]]:
    """(status, label, customers) for every status, «not started» being the invited customers without a
    submission: two grouped queries whatever the campaign's size."""
    submissions = access.visible_submissions(user).filter(campaign=campaign)
    by_status = dict(submissions.values_list("status").annotate(n=Count("pk")).order_by())
    by_status[NOT_STARTED] = campaign.invited.exclude(pk__in=submissions.values("customer_id")).count()
    return [(status, str(label), int(by_status.get(status, 0))) for status, label in PROGRESS_STATUSES]


@dataclass
class ProgressSummary:
    """A campaign's progress as a dashboard shows it: customers by status and the late ones only."""
    counts: list[tuple[str, str, int]]  # (status, label, customers), as CampaignProgress.counts
    late: list[ProgressRow]


def progress_summary(user: Any, campaign: Campaign) -> ProgressSummary:
    """campaign_progress's counts and late rows, counted by the database: only the late customers are read (a
    campaign of a thousand customers built every one of them for a chart of five figures)."""
    submissions = access.visible_submissions(user).filter(campaign=campaign)
    waiting = campaign.invited.exclude(pk__in=submissions.values("customer_id")).order_by("short_name", "pk")
    counts = progress_counts(user, campaign)
    if not is_late(campaign, NOT_STARTED):
        return ProgressSummary(counts, [])
    invited = set(campaign.invited.values_list("pk", flat=True))
    late = [ProgressRow(campaign, customer, None, True) for customer in waiting]
    late += [ProgressRow(campaign, s.customer, s, s.customer_id in invited)
             for s in submissions.exclude(status__in=HANDED_IN).select_related("customer")]
    late.sort(key=lambda r: (r.customer.short_name.lower(), r.customer.pk))
    return ProgressSummary(counts, late)


def count_lines(rows: Iterable[ProgressRow]) -> None:
    """Set ok_count, skipped_count and error_count on the rows' submissions (see count_submission_lines)."""
    count_submission_lines([row.submission for row in rows if row.submission is not None])


def count_submission_lines(shown: Iterable[Submission]) -> None:
    """Set ok_count, skipped_count and error_count on these submissions: one query grouped over the (submission,
    status) index for just them, not a count for each, nor three correlated subqueries (line_counts_by_status)
    that cost more to build than to run for a page's few rows."""
    submissions = {submission.pk: submission for submission in shown}
    names = {LineStatus.OK: "ok_count", LineStatus.SKIPPED: "skipped_count", LineStatus.ERROR: "error_count"}
    for submission in submissions.values():
        for name in names.values():
            setattr(submission, name, 0)
    found = (DemandLine.objects.filter(submission__in=list(submissions)).values_list("submission", "status")
             .annotate(n=Count("pk")).order_by())
    for pk, status, n in found:
        if status in names:
            setattr(submissions[pk], names[status], n)


def invitable_customers(user: Any) -> QuerySet[Organization]:
    return access.invitable_customers(user)


# Submissions ----------------------------------------------------------------------------------------------------


def submission_for(user: Any, pk: int) -> Submission:
    """The submission if the user may see it; Submission.DoesNotExist otherwise."""
    return access.visible_submissions(user).select_related("campaign", "customer").get(pk=pk)


def awaiting_review(user: Any) -> QuerySet[Submission]:
    """Submissions handed in and waiting for the department, the oldest first (without their line counts: for a
    count of the queue or a few rows given to count_submission_lines)."""
    if not access.can_manage_campaigns(user):
        return Submission.objects.none()
    return (
        access.visible_submissions(user).filter(status=SubmissionStatus.SUBMITTED)
        .select_related("campaign", "customer").order_by("submitted_at", "pk")
    )


def review_queue(user: Any) -> QuerySet[Submission]:
    """The queue awaiting review with each submission's lines by status (the queue's sortable table)."""
    return awaiting_review(user).annotate(**line_counts_by_status())


def line_counts(submission: Submission) -> dict[str, int]:
    found = dict(
        submission.lines.values_list("status").annotate(n=Count("pk")).order_by()
    )
    counts = {status: int(found.get(status, 0)) for status in LineStatus.values}
    counts["all"] = sum(counts.values())
    return counts


def files_of(submission: Submission) -> list[SourceFile]:
    """The submission's files with counts of their rows by status and of rows a person corrected.

    Counted by two grouped queries over indexes, not by joining the files to their lines: a file of a million
    lines took the page seconds that way."""
    files = list(submission.files.select_related("job", "uploaded_by"))
    by_status = dict(
        ((source, status), n) for source, status, n in
        DemandLine.objects.filter(source__in=files).values_list("source_id", "status").annotate(n=Count("pk"))
        .order_by()
    )
    corrected = dict(
        DemandLine.objects.filter(source__in=files, updated_by__isnull=False).values_list("source_id")
        .annotate(n=Count("pk")).order_by()
    )
    for source in files:
        source.ok_count = by_status.get((source.pk, LineStatus.OK), 0)  # type: ignore[attr-defined]
        source.skipped_count = by_status.get((source.pk, LineStatus.SKIPPED), 0)  # type: ignore[attr-defined]
        source.error_count = by_status.get((source.pk, LineStatus.ERROR), 0)  # type: ignore[attr-defined]
        source.corrected_count = corrected.get(source.pk, 0)  # type: ignore[attr-defined]
    return files


def lines_of(user: Any, submission: Submission) -> QuerySet[DemandLine]:
    return access.visible_demand_lines(user).filter(submission=submission).select_related("source")


def events_of(submission: Submission) -> QuerySet[SubmissionEvent]:
    return submission.events.select_related("actor")


def return_comment(submission: Submission) -> SubmissionEvent | None:
    """The department's reason for returning the submission, while it is returned."""
    if submission.status != SubmissionStatus.RETURNED:
        return None
    return submission.events.filter(action=EventAction.RETURNED).select_related("actor").order_by("at", "pk").last()


def line_for(user: Any, pk: int) -> DemandLine:
    """The line if the user may see it; DemandLine.DoesNotExist otherwise."""
    return access.visible_demand_lines(user).select_related("submission__campaign", "submission__customer",
                                                            "source").get(pk=pk)


def file_for(user: Any, pk: int) -> SourceFile:
    """The uploaded file if the user may see its submission; SourceFile.DoesNotExist otherwise."""
    return access.visible_files(user).select_related(
        "submission__campaign", "submission__customer", "job"
    ).get(pk=pk)
