"""State changes after the bid deadline: opening, the members' assessments, evaluation by the engine's scoring,
the award with the contract's milestones, and the contracted supplies fed into the order's coverage."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityorder.engine import tenders as engine
from cityorder.engine.messages import msg
from cityorder.engine.tenders import obligations
from cityorder.order.models import CityOrder, Position
from cityorder.substitution import stored
from cityorder.substitution.models import (
    Analog,
    AnalogDecision,
    AnalogVerdict,
    CatalogItem,
    Compatibility,
    CoverageChange,
    Origin,
)
from cityorder.tenders import access, sealing, texts
from cityorder.tenders.models import (
    Assessment,
    Award,
    Better,
    Bid,
    BidScore,
    BidStatus,
    Criterion,
    Indicator,
    Lot,
    Milestone,
    MilestoneStatus,
    OffsetTender,
    TenderStatus,
)
from cityorder.tenders.services import engine_criteria, log, require

if TYPE_CHECKING:
    from cityorder.accounts.models import User


@transaction.atomic
def tender_open(*, actor: User, tender: OffsetTender, now: datetime | None = None) -> int:
    """Open the submitted bids (at or after the opening time, which is after the deadline): each is unsealed and
    checked against its receipt's digest. Returns how many were opened."""
    require(access.can_manage_tenders(actor))
    now = now or timezone.now()
    # Locked, and read again: a cancellation committed meanwhile keeps the bids sealed.
    OffsetTender.objects.select_for_update().filter(pk=tender.pk).first()
    tender.refresh_from_db()
    if tender.status != TenderStatus.PUBLISHED:
        raise ValidationError(_("Only a published tender is opened, once."))
    if now < tender.opening_at or now < tender.bid_deadline:
        raise ValidationError(_("Bids are opened at %s, not before.")
                              % timezone.localtime(tender.opening_at).strftime("%d.%m.%Y %H:%M"))
    bids = list(Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED).select_related("lot"))
    for bid in bids:
        bid.opened = sealing.unseal(tender, bid.sealed, bid.digest)
        bid.save(update_fields=["opened"])
    tender.status, tender.opened_at = TenderStatus.OPENED, now
    tender.save(update_fields=["status", "opened_at"])
    log(tender, actor, "tender.opened", bids=len(bids))
    return len(bids)


def _require_no_award(tender: OffsetTender) -> None:
    """Once a lot is awarded the scores it was awarded on stay as they are."""
    if Award.objects.filter(lot__tender=tender).exists():
        raise ValidationError(_("The evaluation is closed: a lot of this tender is awarded."))


@transaction.atomic
def assessment_enter(*, actor: User, bid: Bid, criterion: Criterion, points: Decimal) -> Assessment:
    """A committee member's points (0–100) for a bid on an assessed criterion (qualification, experience)."""
    require(access.can_assess(actor, bid.tender))
    _require_no_award(bid.tender)
    if criterion.tender_id != bid.tender_id or criterion.better != Better.ASSESSED:
        raise ValidationError(_("Points are entered for the tender's assessed criteria only."))
    if not Decimal(0) <= points <= Decimal(100):
        raise ValidationError({"points": _("Give from 0 to 100 points.")})
    assessment, _created = Assessment.objects.update_or_create(bid=bid, criterion=criterion, member=actor,
                                                               defaults={"points": points})
    log(bid.tender, actor, "assessment.entered", lot=bid.lot.number, bidder=bid.bidder_id,
        criterion=criterion.name, points=str(points))
    return assessment


def assessed_values(bid: Bid, criteria: list[Criterion]) -> dict[str, Fraction]:
    """The mean of the members' points for each assessed criterion of a bid."""
    marks: dict[int, list[Decimal]] = defaultdict(list)
    for assessment in bid.assessments.all():
        marks[assessment.criterion_id].append(assessment.points)
    return {c.name: sum((engine.exact(str(p)) for p in marks[c.pk]), Fraction(0)) / len(marks[c.pk])
            for c in criteria if c.better == Better.ASSESSED and marks.get(c.pk)}


def offers_of(tender: OffsetTender) -> tuple[list[Criterion], list[tuple[Bid, engine.Offer]]]:
    """The opened bids as the engine scores them, in submission order (it decides ties)."""
    criteria = list(tender.criteria.all())
    offers = []
    bids = Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED).select_related("lot", "bidder")
    for bid in bids.order_by("submitted_at", "pk").prefetch_related("assessments"):
        values = {name: engine.exact(value) for name, value in (bid.opened or {}).get("values", {}).items()}
        values.update(assessed_values(bid, criteria))
        offers.append((bid, engine.Offer(lot=str(bid.lot.number), bidder=str(bid.pk), values=values)))
    return criteria, offers


@transaction.atomic
def tender_evaluate(*, actor: User, tender: OffsetTender) -> list[BidScore]:
    """Score every opened bid with the engine's Decree 2604 scoring (the same function as cityorder
    tender_score) and store points, totals and ranks."""
    require(access.can_manage_tenders(actor))
    if tender.status not in (TenderStatus.OPENED, TenderStatus.EVALUATED):
        raise ValidationError(_("Bids are evaluated after they are opened and before the award."))
    _require_no_award(tender)
    criteria, offers = offers_of(tender)
    try:
        scores = engine.score_offers(engine_criteria(criteria), [o for _b, o in offers], require_price=True)
    except engine.ScoringError as exc:
        raise ValidationError(_("The bids cannot be scored yet: %s") % exc) from exc
    bids = {str(bid.pk): (bid, offer) for bid, offer in offers}
    BidScore.objects.filter(bid__tender=tender).delete()
    stored = []
    for score in scores:
        bid, offer = bids[score.bidder]
        stored.append(BidScore.objects.create(
            bid=bid, values={k: engine.shown(v) for k, v in offer.values.items()},
            points={k: engine.shown(v) for k, v in score.points.items()},
            total=Decimal(engine.shown(score.total)), rank=score.rank))
    tender.status = TenderStatus.EVALUATED
    tender.save(update_fields=["status"])
    log(tender, actor, "tender.evaluated", bids=len(stored))
    return stored


def _value(bid: Bid, criteria: list[Criterion], indicator: str) -> Decimal | None:
    for criterion in criteria:
        if criterion.indicator == indicator and criterion.name in (bid.opened or {}).get("values", {}):
            return Decimal(bid.opened["values"][criterion.name])  # type: ignore[index]
    return None


@transaction.atomic
def tender_award(*, actor: User, lot: Lot, bid: Bid | None = None, today: date | None = None) -> Award:
    """Award a lot to its first-ranked bid (or the one the committee names): the obligations become milestones,
    and the contracted supplies count in the order's coverage as capacity of the domestic plant."""
    tender = lot.tender
    require(access.can_manage_tenders(actor))
    if tender.status not in (TenderStatus.EVALUATED, TenderStatus.AWARDED):
        raise ValidationError(_("A lot is awarded after the evaluation."))
    if hasattr(lot, "award"):
        raise ValidationError(_("This lot is awarded already."))
    scored = BidScore.objects.filter(bid__lot=lot).select_related("bid", "bid__bidder").order_by("rank")
    chosen = next((s for s in scored if bid is None or s.bid_id == bid.pk), None)
    if chosen is None:
        raise ValidationError(_("The lot has no evaluated bid to award."))
    winner = chosen.bid
    criteria = list(tender.criteria.all())
    plant = {int(y): float(q) for y, q in (winner.opened or {}).get("capacity", {}).items()}
    supplies = obligations.contracted_supply({int(y): float(q) for y, q in lot.quantities.items()}, plant,
                                             float(tender.city_share))
    award = Award.objects.create(lot=lot, bid=winner, awarded_by=actor,
                                 supplies={str(y): q for y, q in supplies.items()},
                                 plant_capacity={str(y): q for y, q in sorted(plant.items())})
    awarded_on = today or timezone.localdate()
    months = _value(winner, criteria, Indicator.START_MONTHS)
    dates = obligations.milestone_dates(awarded_on, build_years=tender.build_years,
                                        start_months=int(months) if months is not None else None)
    Milestone.objects.bulk_create([Milestone(award=award, kind=kind, due=due) for kind, due in dates.items()])
    award.catalog_item = _count_in_coverage(award, supplies)
    award.save(update_fields=["catalog_item"])
    if not Lot.objects.filter(tender=tender, bids__score__isnull=False, award__isnull=True).exists():
        tender.status = TenderStatus.AWARDED
        tender.save(update_fields=["status"])
    log(tender, actor, "lot.awarded", lot=lot.number, bidder=winner.bidder_id, supplies=award.supplies)
    return award


def _count_in_coverage(award: Award, supplies: dict[int, float]) -> CatalogItem:
    """The plant's product enters the catalog as a domestic product with the contracted supplies as its capacity,
    confirmed as the analog of the lot's positions: the one coverage computation (substitution.queries.coverage_for)
    then counts it, and later matchings keep it (a confirmed analog always stays)."""
    lot, bidder = award.lot, award.bid.bidder
    positions = list(lot.positions.all())
    item, _created = CatalogItem.objects.update_or_create(
        key=f"TENDER-{lot.tender.code}-{lot.number}".upper(), manufacturer=bidder.short_name,
        defaults={"part_number": f"{lot.tender.code}/{lot.number}", "name": lot.name,
                  "category": next((p.category for p in positions if p.category), ""), "origin": Origin.DOMESTIC,
                  "capacities": {str(y): q for y, q in supplies.items()}, "organization": bidder,
                  "readiness_year": min(supplies) if supplies else None, "source": f"tender:{lot.tender.code}"})
    for position in positions:
        AnalogDecision.objects.update_or_create(
            position_key=position.key, item=item,
            defaults={"verdict": AnalogVerdict.CONFIRMED, "decided_by": award.awarded_by,
                      "comment": msg(texts.CONTRACT_DECISION, tender=lot.tender.code, lot=lot.number)})
        # Every version holding the position counts the contract at once, first of its analogs.
        for same in Position.objects.filter(key=position.key):
            Analog.objects.update_or_create(
                position=same, item=item,
                # Drop-in, not «the same product»: the plant supplies to the lot's specification within its
                # contracted capacity, and coverage counts a «same» analog as the position itself, uncapped.
                defaults={"order_id": same.order_id, "rank": 0, "compatibility": Compatibility.PIN, "score": 100,
                          "reason": msg(texts.CONTRACT_REASON, tender=lot.tender.code, lot=lot.number),
                          "verdict": AnalogVerdict.CONFIRMED})
    stored.coverage_changed(CityOrder.objects.filter(positions__key__in=[p.key for p in positions]),
                            CoverageChange.AWARD)
    return item


@transaction.atomic
def milestone_update(*, actor: User, milestone: Milestone, status: str, done_on: date | None = None,
                     note: str = "") -> Milestone:
    require(access.can_manage_tenders(actor))
    if status == MilestoneStatus.DONE and done_on is None:
        done_on = timezone.localdate()
    milestone.status, milestone.done_on, milestone.note = status, done_on, note
    milestone.full_clean()
    milestone.save()
    log(milestone.award.lot.tender, actor, "milestone.updated", lot=milestone.award.lot.number,
        milestone=milestone.kind, status=status, done_on=done_on.isoformat() if done_on else None)
    return milestone


def protocol_values(bid: Bid) -> dict[str, Any]:
    """A bid's scored values (the offered numbers and the assessed means) for the protocol."""
    return dict(bid.score.values) if hasattr(bid, "score") else {}
