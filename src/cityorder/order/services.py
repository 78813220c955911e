"""State changes of the city order: consolidating a campaign into a new version, publishing a version, and the
analysts' decisions on probable matches (kept for every later version)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cityorder.demand.lines import record_from_line
from cityorder.demand.models import Campaign, DemandLine, SubmissionStatus
from cityorder.engine.consolidation import ConsolidationResult, consolidate_lines
from cityorder.engine.consolidation.result import qty_column
from cityorder.engine.messages import msg
from cityorder.engine.records import LineRecord
from cityorder.jobs.models import Job, JobKind
from cityorder.jobs.services import JobFailed, Progress, job_start
from cityorder.order import access, figures, texts
from cityorder.order.models import (
    CityOrder,
    MatchDecision,
    MergedKey,
    Position,
    PositionLine,
    PositionQuantity,
    ProbableMatch,
    Verdict,
)
from cityorder.order.signals import version_published

if TYPE_CHECKING:
    from cityorder.accounts.models import User

BULK_SIZE = 2000
Report = Callable[[int, int, str], None]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def consolidation_start(*, actor: User, campaign: Campaign) -> Job:
    """Queue the consolidation of the campaign's accepted demand into a new version of the order."""
    _require(access.can_manage_order(actor))
    if not campaign.submissions.filter(status=SubmissionStatus.ACCEPTED).exists():
        raise ValidationError(_("No submission of this campaign is accepted yet: accept at least one first."))
    with transaction.atomic():
        return job_start(kind=JobKind.CONSOLIDATE, title=msg(texts.CONSOLIDATING, campaign=campaign),
                         params={"campaign": campaign.pk}, user=actor)


def consolidate_job(job: Job, progress: Progress) -> None:
    campaign = Campaign.objects.get(pk=job.params["campaign"])
    consolidate_campaign(campaign, actor=job.created_by,
                         report=lambda done, total, stage: progress(done, total, stage, force=True))


@dataclass(slots=True)
class Consolidated:
    order: CityOrder
    result: ConsolidationResult


def consolidate_campaign(campaign: Campaign, *, actor: User | None, report: Report | None = None) -> Consolidated:
    """Consolidate every accepted line of the campaign with the engine and save the outcome as a new version, in
    one transaction (a failure leaves the earlier versions as they were). The result is returned as well, so the
    command can write the same files as the file mode."""
    def say(step: int, stage: str) -> None:
        if report:
            report(step, 4, stage)

    say(0, texts.STAGE_COLLECTING)
    lines = list(
        DemandLine.objects.filter(submission__campaign=campaign, submission__status=SubmissionStatus.ACCEPTED)
        .select_related("source", "submission__customer")
        .order_by("submission__customer__short_name", "source_id", "sheet", "row", "pk")
    )
    if not lines:
        raise JobFailed(msg(texts.NO_ACCEPTED_DEMAND, campaign=campaign))
    records = [record_from_line(line, customer=_customer_label(line)) for line in lines]
    say(1, msg(texts.STAGE_CONSOLIDATING, count=len(lines)))
    decisions = [(d.key_a, d.key_b, d.verdict) for d in MatchDecision.objects.all()]
    result = consolidate_lines(records, decisions=decisions)
    result.records = records
    result.files = sorted({r.file for r in records})
    say(2, texts.STAGE_SAVING)
    with transaction.atomic():
        order = _save_version(campaign, actor, result, lines, records)
    say(4, texts.STAGE_DONE)
    return Consolidated(order=order, result=result)


def _customer_label(line: DemandLine) -> str:
    """Customers are counted by this text, so it must be unique: the short name with the INN."""
    customer = line.submission.customer
    return f"{customer.short_name} ({customer.inn})"


def _save_version(campaign: Campaign, actor: User | None, result: ConsolidationResult, lines: list[DemandLine],
                  records: list[LineRecord]) -> CityOrder:
    number = (CityOrder.objects.select_for_update().filter(campaign=campaign).aggregate(n=Max("number"))["n"] or 0) + 1
    ok = sum(1 for r in records if r.status == "ok")
    order = CityOrder.objects.create(
        campaign=campaign, number=number, years=result.years, created_by=actor, notes=result.notes,
        stats={
            "lines": len(records), "ok_lines": ok, "positions": result.positions.num_rows,
            "customers": len({line.submission.customer_id for line in lines}),
            "probable_matches": sum(1 for m in result.matches if not m.merged),
            "auto_merged": sum(1 for m in result.matches if m.merged),
        },
    )
    positions = _save_positions(order, result)
    _save_lines(positions, result, lines)
    figures.store(order)
    ProbableMatch.objects.bulk_create(
        [ProbableMatch(order=order, position_a=m.position_a, position_b=m.position_b, key_a=m.key_a, key_b=m.key_b,
                       score=m.score, reason=m.reason, merged=m.merged) for m in result.matches],
        batch_size=BULK_SIZE,
    )
    return order


def _save_positions(order: CityOrder, result: ConsolidationResult) -> dict[str, Position]:
    rows = result.positions.to_pylist()
    objects = []
    for row in rows:
        quantities = {str(y): row[qty_column(y)] for y in result.years if row[qty_column(y)]}
        objects.append(Position(
            order=order, position_id=row["position_id"], key=row["key"][:500], name=row["name"][:1000],
            category=row["category"] or "", kind=row["kind"] or "", manufacturer=(row["manufacturer"] or "")[:255],
            part_number=(row["part_number"] or "")[:255], okpd2=row["okpd2"] or "", unit=row["unit"] or "",
            customers=row["customers"], lines=row["lines"], total=sum(quantities.values()), quantities=quantities,
            merged_keys=[k for k in (row["merged_keys"] or "").split("; ") if k], note=row["note"] or "",
        ))
    Position.objects.bulk_create(objects, batch_size=BULK_SIZE)
    saved = {p.position_id: p for p in Position.objects.filter(order=order)}
    PositionQuantity.objects.bulk_create(
        [PositionQuantity(position=saved[p.position_id], year=int(y), quantity=q)
         for p in objects for y, q in p.quantities.items()],
        batch_size=BULK_SIZE,
    )
    MergedKey.objects.bulk_create(
        [MergedKey(order=order, position=saved[p.position_id], key=key[:500])
         for p in objects for key in p.merged_keys],
        batch_size=BULK_SIZE,
    )
    return saved


def _save_lines(positions: dict[str, Position], result: ConsolidationResult, lines: list[DemandLine]) -> None:
    """Each consolidated line under its position, with its origin copied in (line_id = index in ``lines``)."""
    objects = []
    for line_id, position_id in result.position_ids_by_line().items():
        line = lines[line_id]
        objects.append(PositionLine(
            position=positions[position_id], line=line, customer_id=line.submission.customer_id,
            file=line.file_name, sheet=line.sheet, row=line.row, origin=line.origin,
            name=line.name[:1000], part_number=line.part_number, manufacturer=line.manufacturer, unit=line.unit,
            quantities=line.quantities, total=line.total,
        ))
    PositionLine.objects.bulk_create(objects, batch_size=BULK_SIZE)


@transaction.atomic
def version_publish(*, actor: User, order: CityOrder) -> CityOrder:
    """Mark this version as the published city order of its campaign (the previous one is unpublished)."""
    _require(access.can_manage_order(actor))
    CityOrder.objects.filter(campaign=order.campaign, published=True).exclude(pk=order.pk).update(
        published=False, published_at=None
    )
    order.published = True
    order.published_at = timezone.now()
    order.save(update_fields=["published", "published_at"])
    version_published.send(sender=CityOrder, order=order)
    return order


@transaction.atomic
def match_decide(*, actor: User, match: ProbableMatch, verdict: str) -> MatchDecision:
    """Confirm (same) or split (different) a probable match; the next version of any campaign honours it."""
    _require(access.can_manage_order(actor))
    if verdict not in Verdict.values:
        raise ValidationError(_("Choose «same» or «different»."))
    key_a, key_b = sorted((match.key_a, match.key_b))
    decision, _created = MatchDecision.objects.update_or_create(
        key_a=key_a, key_b=key_b,
        defaults={"verdict": verdict, "decided_by": actor, "campaign": match.order.campaign},
    )
    return decision


@transaction.atomic
def match_decision_clear(*, actor: User, decision: MatchDecision) -> None:
    _require(access.can_manage_order(actor))
    decision.delete()

