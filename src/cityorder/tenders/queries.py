"""Reads of offset tenders for pages, the API and exports; who may see what is decided by tenders.access."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cityorder.engine import tenders as engine
from cityorder.tenders import access, sealing
from cityorder.tenders.models import (
    Bid,
    BidScore,
    BidStatus,
    Criterion,
    Lot,
    Milestone,
    MilestoneStatus,
    OffsetTender,
    Question,
    Receipt,
)
from cityorder.tenders.services import engine_criteria
from cityorder.web.stored_text import shown

if TYPE_CHECKING:
    from cityorder.tenders.access import AnyUser


def tenders_for(user: AnyUser) -> QuerySet[OffsetTender]:
    """Visible tenders with their lots, submitted bids and overdue milestones counted."""
    overdue = Q(lots__award__milestones__status=MilestoneStatus.PLANNED,
                lots__award__milestones__due__lt=timezone.localdate())
    return access.visible_tenders(user).select_related("order__campaign").annotate(
        bid_count=Count("bids", filter=Q(bids__status=BidStatus.SUBMITTED), distinct=True),
        lot_count=Count("lots", distinct=True),
        overdue=Count("lots__award__milestones", filter=overdue, distinct=True))


def bid_counts(tender: OffsetTender) -> dict[int, int]:
    """Submitted bids per lot number: the one figure about bids shown before the opening."""
    rows = Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED).values("lot__number").annotate(n=Count("pk"))
    return {row["lot__number"]: row["n"] for row in rows}


def my_bids(user: AnyUser) -> QuerySet[Bid]:
    if not access.is_bidder(user):
        return Bid.objects.none()
    return (access.visible_bids(user).select_related("tender", "lot", "score")
            .prefetch_related("receipts").order_by("-updated_at"))


def receipt_for(user: AnyUser, number: str) -> Receipt | None:
    return Receipt.objects.filter(number=number, bid__in=access.visible_bids(user)).select_related(
        "bid__tender", "bid__lot", "bid__bidder").first()


def formulas(criteria: list[Criterion]) -> dict[str, str]:
    """Each criterion's formula in the reader's language."""
    return {c.name: shown(engine.formula(e)) for c, e in zip(criteria, engine_criteria(criteria), strict=True)}


@dataclass(slots=True)
class ProtocolBid:
    bid: Bid
    score: BidScore
    receipt: Receipt | None
    cells: list[dict[str, Any]] = field(default_factory=list)  # per criterion: value, points, weighted
    awarded: bool = False
    nonce: str = ""  # sealed with the bid, shown once opened: with it the receipt's hash can be recomputed
    checked: bool = False  # the opened contents hash to the receipt's digest


@dataclass(slots=True)
class ProtocolLot:
    lot: Lot
    bids: list[ProtocolBid]


@dataclass(slots=True)
class Protocol:
    tender: OffsetTender
    criteria: list[Criterion]
    formulas: dict[str, str]
    lots: list[ProtocolLot]


def protocol(tender: OffsetTender, *, only_bidder: int | None = None) -> Protocol:
    """Every value, formula and score of the evaluation, lot by lot and rank by rank; ``only_bidder`` keeps one
    organization's own bids (what a bidder sees of the protocol)."""
    criteria = list(tender.criteria.all())
    lots = []
    scores = (BidScore.objects.filter(bid__tender=tender).select_related("bid__bidder", "bid__lot", "bid__award")
              .prefetch_related("bid__receipts").order_by("bid__lot__number", "rank"))
    if only_bidder is not None:
        scores = scores.filter(bid__bidder_id=only_bidder)
    by_lot: dict[int, list[ProtocolBid]] = {}
    for score in scores:
        bid = score.bid
        row = ProtocolBid(bid=bid, score=score, receipt=next(iter(bid.receipts.all()), None),
                          awarded=hasattr(bid, "award"), nonce=(bid.opened or {}).get(sealing.NONCE, ""),
                          checked=bid.opened is not None and sealing.matches(bid.opened, bid.digest))
        for c in criteria:
            points = Decimal(score.points.get(c.name, "0"))
            row.cells.append({"criterion": c, "value": score.values.get(c.name, ""), "points": points,
                              "weighted": (points * c.weight / 100).quantize(Decimal("0.000001"))})
        by_lot.setdefault(bid.lot_id, []).append(row)
    for lot in tender.lots.all():
        lots.append(ProtocolLot(lot=lot, bids=by_lot.get(lot.pk, [])))
    return Protocol(tender=tender, criteria=criteria, formulas=formulas(criteria), lots=lots)


def milestones_of(tender: OffsetTender) -> QuerySet[Milestone]:
    return Milestone.objects.filter(award__lot__tender=tender).select_related("award__lot", "award__bid__bidder")


def opened_bids(user: AnyUser, tender: OffsetTender) -> list[Bid]:
    """The bids whose contents the user may read (after the opening)."""
    bids = Bid.objects.filter(tender=tender).exclude(status=BidStatus.DRAFT).select_related("lot", "bidder")
    return [b for b in bids if access.can_read_contents(user, b)]


def questions_for(user: AnyUser, tender: OffsetTender) -> QuerySet[Question]:
    """The questions the user sees (access.visible_questions), oldest first, with who asked for those who may
    know it."""
    return access.visible_questions(user, tender).select_related("asked_by").order_by("asked_at", "pk")

