"""State changes of offset tenders: preparation from the published city order, publication, clarification
questions and answers, cancellation, sealed bids.

Opening, evaluation and award are in cityorder.tenders.awarding. Every function checks permissions with
cityorder.tenders.access, runs in one transaction and writes the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityorder.engine import tenders as engine
from cityorder.order.models import CityOrder, Position
from cityorder.tenders import access, sealing
from cityorder.tenders import documents as documents_module
from cityorder.tenders.models import (
    AuditEntry,
    Better,
    Bid,
    BidStatus,
    Criterion,
    Indicator,
    Lot,
    OffsetTender,
    Question,
    Receipt,
    TenderKey,
    TenderStatus,
)

if TYPE_CHECKING:
    from cityorder.accounts.models import User


class BidRefused(ValidationError):
    """A bid came after the deadline, or for a tender that does not accept bids."""


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def log(tender: OffsetTender, actor: User | None, action: str, **detail: Any) -> AuditEntry:
    """Append an entry to the tender's audit log (never a bid's contents: the log is readable before opening)."""
    return AuditEntry.objects.create(tender=tender, actor=actor, action=action, detail=detail)


def _require_draft(tender: OffsetTender) -> None:
    if tender.status != TenderStatus.DRAFT:
        raise ValidationError(_("A published tender cannot be changed."))


# Preparation ----------------------------------------------------------------------------------------------------


@transaction.atomic
def tender_create(*, actor: User, order: CityOrder, code: str, subject: str, bid_deadline: datetime,
                  opening_at: datetime, **details: Any) -> OffsetTender:
    """A draft tender on a published version of the city order; ``details`` are the obligations and the rest
    of the timetable (region, build_years, min_investment, localization_level, required_capacity, city_share,
    publication_at, questions_until, evaluation_until, award_at)."""
    require(access.can_manage_tenders(actor))
    if not order.published:
        raise ValidationError({"order": _("Prepare a tender from a published version of the city order.")})
    tender = OffsetTender(order=order, code=code, subject=subject, bid_deadline=bid_deadline, opening_at=opening_at,
                          created_by=actor, **details)
    _check_timetable(tender)
    tender.full_clean()
    tender.save()
    log(tender, actor, "tender.created", code=code)
    return tender


def _check_timetable(tender: OffsetTender) -> None:
    steps = [("publication_at", tender.publication_at), ("questions_until", tender.questions_until),
             ("bid_deadline", tender.bid_deadline), ("opening_at", tender.opening_at),
             ("evaluation_until", tender.evaluation_until), ("award_at", tender.award_at)]
    given = [(name, at) for name, at in steps if at is not None]
    for (_earlier, first), (later, second) in zip(given, given[1:], strict=False):
        if second < first:
            raise ValidationError({later: _("The timetable goes in order: publication, questions, bid deadline, "
                                            "opening, evaluation, award.")})


def order_positions(order: CityOrder, *, position_ids: Iterable[str] = (), categories: Iterable[str] = ()
                    ) -> list[Position]:
    """The positions picked one by one and those of whole categories (e.g. traction batteries)."""
    picked = set(position_ids)
    chosen = set(categories)
    return [p for p in Position.objects.filter(order=order).order_by("position_id")
            if p.position_id in picked or (p.category and p.category in chosen)]


def lot_quantities(positions: Sequence[Position]) -> dict[str, float]:
    """The lot's quantities by year: the sum of its positions' volumes by year in the city order."""
    total: dict[str, float] = {}
    for position in positions:
        for year, quantity in (position.quantities or {}).items():
            total[str(year)] = total.get(str(year), 0.0) + float(quantity or 0)
    return dict(sorted(total.items()))


@transaction.atomic
def lot_add(*, actor: User, tender: OffsetTender, name: str, max_price: Decimal, position_ids: Iterable[str] = (),
            categories: Iterable[str] = (), quantities: Mapping[str, float] | None = None, unit: str = "") -> Lot:
    """A lot of picked positions or categories of the tender's order; without them, quantities given directly
    (a need the order does not hold yet)."""
    require(access.can_manage_tenders(actor))
    _require_draft(tender)
    positions = order_positions(tender.order, position_ids=position_ids, categories=categories)
    if (list(position_ids) or list(categories)) and not positions:
        raise ValidationError({"positions": _("None of the chosen positions or categories is in the order.")})
    units = {p.unit for p in positions if p.unit}
    if len(units) > 1:
        raise ValidationError({"positions": _("The positions of a lot are counted in one unit; these are in %s.")
                               % ", ".join(sorted(units))})
    counted = lot_quantities(positions) if positions else {str(y): float(q) for y, q in (quantities or {}).items()}
    if not any(q > 0 for q in counted.values()):
        raise ValidationError({"quantities": _("A lot needs quantities: pick positions or enter them by year.")})
    number = (tender.lots.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    lot = Lot(tender=tender, number=number, name=name, max_price=max_price, quantities=counted,
              unit=unit or next(iter(units), ""))
    lot.full_clean()
    lot.save()
    lot.positions.set(positions)
    log(tender, actor, "lot.added", lot=number, name=name, positions=[p.position_id for p in positions])
    return lot


def engine_criteria(criteria: Iterable[Criterion]) -> list[engine.Criterion]:
    return [engine.Criterion(name=c.name, weight=engine.exact(str(c.weight)), better=engine.Better(c.better),
                             limit=None if c.limit is None else engine.exact(str(c.limit))) for c in criteria]


@transaction.atomic
def criteria_set(*, actor: User, tender: OffsetTender, criteria: Sequence[Mapping[str, Any]]) -> list[Criterion]:
    """Replace the tender's criteria: weights summing to 100, the price «Цена» always among them (the engine's
    check_criteria decides)."""
    require(access.can_manage_tenders(actor))
    _require_draft(tender)
    rows = []
    for number, given in enumerate(criteria, start=1):
        name = str(given["name"]).strip()
        is_price = name.casefold() == engine.PRICE.casefold()
        rows.append(Criterion(
            tender=tender, number=number, name=engine.PRICE if is_price else name,
            weight=Decimal(str(given["weight"])), better=given.get("better", Better.LESS if is_price else Better.MORE),
            limit=None if given.get("limit") in (None, "") else Decimal(str(given["limit"])),
            unit=given.get("unit", ""), indicator=Indicator.PRICE if is_price else given.get("indicator",
                                                                                               Indicator.OTHER)))
    try:
        engine.check_criteria(engine_criteria(rows), require_price=True)
    except engine.ScoringError as exc:
        raise ValidationError({"criteria": str(exc)}) from exc
    for row in rows:
        row.full_clean(exclude=["tender"])
    tender.criteria.all().delete()
    Criterion.objects.bulk_create(rows)
    log(tender, actor, "criteria.set", criteria=[{"name": r.name, "weight": str(r.weight), "better": r.better,
                                                  "limit": None if r.limit is None else str(r.limit)} for r in rows])
    return list(tender.criteria.all())


@transaction.atomic
def tender_publish(*, actor: User, tender: OffsetTender, now: datetime | None = None) -> OffsetTender:
    require(access.can_manage_tenders(actor))
    _require_draft(tender)
    now = now or timezone.now()
    if not tender.lots.exists():
        raise ValidationError(_("Add at least one lot before publishing."))
    try:
        engine.check_criteria(engine_criteria(tender.criteria.all()), require_price=True)
    except engine.ScoringError as exc:
        raise ValidationError({"criteria": str(exc)}) from exc
    if tender.bid_deadline <= now:
        raise ValidationError({"bid_deadline": _("The bid deadline must be in the future.")})
    tender.status = TenderStatus.PUBLISHED
    tender.publication_at = tender.publication_at or now
    _check_timetable(tender)
    tender.save(update_fields=["status", "publication_at"])
    log(tender, actor, "tender.published")
    return tender


# Clarifications and cancellation ----------------------------------------------------------------------------------


def _clean_text(text: str, field: str, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: empty})
    return text


@transaction.atomic
def question_ask(*, actor: User, tender: OffsetTender, text: str, now: datetime | None = None) -> Question:
    """A bidder's question about the tender, in its questions period (until «questions until», or the bid
    deadline without it)."""
    require(access.is_bidder(actor))
    now = now or timezone.now()
    if not tender.accepting_questions(now):
        raise ValidationError(_("Questions about this tender are not accepted now."))
    question = Question(tender=tender, asked_by=actor.organization, asked_at=now,
                        text=_clean_text(text, "text", _("Write the question.")))
    question.save()
    log(tender, actor, "question.asked", question=question.pk, bidder=actor.organization_id)
    return question


@transaction.atomic
def question_answer(*, actor: User, question: Question, answer: str, now: datetime | None = None) -> Question:
    """The committee's answer, published at once to every bidder without naming who asked; answers are given
    until the bid deadline, so that bidders can still act on them; a correction replaces the answer (the audit
    log keeps both)."""
    require(access.can_answer(actor))
    tender = question.tender
    now = now or timezone.now()
    if tender.status != TenderStatus.PUBLISHED or now >= tender.bid_deadline:
        raise ValidationError(_("Questions are answered while the tender accepts bids."))
    question.answer = _clean_text(answer, "answer", _("Write the answer."))
    corrected = question.answered_at is not None
    question.answered_by, question.answered_at = actor, now
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    log(tender, actor, "question.answer_corrected" if corrected else "question.answered", question=question.pk,
        answer=question.answer)
    return question


@transaction.atomic
def tender_cancel(*, actor: User, tender: OffsetTender, reason: str, now: datetime | None = None) -> OffsetTender:
    """Cancel a tender before any of its lots is awarded. Nothing is unsealed: bids not yet opened stay
    encrypted for good, and no later step (opening, evaluation, award) accepts a cancelled tender."""
    require(access.can_cancel(actor))
    # Locked, and read again: an opening or an award committed meanwhile decides.
    OffsetTender.objects.select_for_update().filter(pk=tender.pk).first()
    tender.refresh_from_db()
    if not tender.cancellable():
        raise ValidationError(_("A tender is cancelled before its award, once."))
    reason = _clean_text(reason, "reason", _("Give the reason for cancelling."))
    tender.cancelled_from, tender.status = tender.status, TenderStatus.CANCELLED
    tender.cancelled_at, tender.cancel_reason = now or timezone.now(), reason
    tender.save(update_fields=["cancelled_from", "status", "cancelled_at", "cancel_reason"])
    log(tender, actor, "tender.cancelled", reason=reason, status=tender.cancelled_from,
        sealed_bids=0 if tender.is_open else tender.bids.exclude(status=BidStatus.DRAFT).count())
    return tender


# Bids -------------------------------------------------------------------------------------------------------------


def _number(value: Any, criterion: Criterion) -> str:
    try:
        number = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError({criterion.name: _("«%s» is not a number.") % value}) from None
    if not number.is_finite():
        raise ValidationError({criterion.name: _("«%s» is not a number.") % value})
    return str(number)


def bid_contents(lot: Lot, *, values: Mapping[str, Any], capacity: Mapping[Any, Any] | None = None, note: str = "",
                 documents: Iterable[tuple[str, bytes]] = (), kept: Iterable[dict[str, Any]] = (),
                 complete: bool = True) -> dict[str, Any]:
    """What a bid says, as it is sealed: a value for every criterion the bidder answers (the committee assesses
    the rest), the plant's capacity by year, a note, and the documents: those ``kept`` from the bid it replaces,
    then the new ones, each with its (cleaned) file name."""
    offered: dict[str, str] = {}
    for criterion in lot.tender.criteria.all():
        if criterion.better == Better.ASSESSED:
            continue
        value = values.get(criterion.name)
        if value in (None, ""):
            if complete:
                raise ValidationError({criterion.name: _("Enter a value for «%s».") % criterion.name})
            continue
        offered[criterion.name] = _number(value, criterion)
    price = offered.get(engine.PRICE)
    if price is not None and not Decimal(0) < Decimal(price) <= lot.max_price:
        raise ValidationError({engine.PRICE: _("The price must be above 0 and at most the lot's initial maximum "
                                               "price, %s RUB.") % lot.max_price})
    plant: dict[str, float] = {}
    for year, quantity in (capacity or {}).items():
        if quantity in (None, ""):
            continue
        if float(quantity) < 0:
            raise ValidationError({"capacity": _("Capacity cannot be negative.")})
        plant[str(int(year))] = float(quantity)
    files = [*kept, *(documents_module.entry(name, data) for name, data in documents)]
    return {"lot": lot.number, "values": offered, "capacity": dict(sorted(plant.items())), "note": note,
            "documents": files}


def _refuse_late(tender: OffsetTender, now: datetime | None) -> None:
    if not tender.accepting_bids(now):
        raise BidRefused(_("Bids are accepted until %(deadline)s; this tender accepts none now.")
                         % {"deadline": timezone.localtime(tender.bid_deadline).strftime("%d.%m.%Y %H:%M")})


def _own_bid(actor: User, lot: Lot) -> Bid:
    """The bidder's bid for the lot, locked (two submissions at once must not both build on the same earlier
    documents), or a new one."""
    bid = Bid.objects.select_for_update().filter(lot=lot, bidder_id=actor.organization_id).first()
    return bid if bid is not None else Bid(tender=lot.tender, lot=lot, bidder=actor.organization)


def _seal_into(bid: Bid, contents: dict[str, Any]) -> Bid:
    bid.sealed, bid.digest = sealing.seal(bid.tender, contents)
    return bid


@transaction.atomic
def bid_draft(*, actor: User, lot: Lot, values: Mapping[str, Any], capacity: Mapping[Any, Any] | None = None,
              note: str = "", documents: Iterable[tuple[str, bytes]] = (), remove: Iterable[str] = (),
              now: datetime | None = None) -> Bid:
    """Save a bid as a draft (sealed like any bid; only its bidder reads a draft), keeping the documents saved
    before but those ``remove`` names by SHA-256. A submitted bid stays submitted: to change it, submit it again."""
    tender = lot.tender
    require(access.is_bidder(actor))
    _refuse_late(tender, now)
    bid = _own_bid(actor, lot)
    if bid.status == BidStatus.SUBMITTED and bid.pk is not None:
        raise ValidationError(_("This bid is submitted; submit the changed bid to replace it, or withdraw it."))
    contents = bid_contents(lot, values=values, capacity=capacity, note=note, documents=documents,
                            kept=documents_module.carried_over(bid, remove), complete=False)
    _seal_into(bid, contents)
    bid.status = BidStatus.DRAFT
    bid.save()
    log(tender, actor, "bid.drafted", lot=lot.number, bidder=actor.organization_id, digest=bid.digest)
    return bid


@transaction.atomic
def bid_submit(*, actor: User, lot: Lot, values: Mapping[str, Any], capacity: Mapping[Any, Any] | None = None,
               note: str = "", documents: Iterable[tuple[str, bytes]] = (), remove: Iterable[str] = (),
               now: datetime | None = None) -> Receipt:
    """Submit (or replace) the bidder's bid for a lot before the deadline; the receipt holds the SHA-256 of what
    was sealed. A replacement keeps the earlier documents (of the submitted bid or the draft) but those
    ``remove`` names by SHA-256, so the receipt covers the documents as they stand after it."""
    tender = lot.tender
    require(access.is_bidder(actor))
    _refuse_late(tender, now)
    bid = _own_bid(actor, lot)
    contents = bid_contents(lot, values=values, capacity=capacity, note=note, documents=documents,
                            kept=documents_module.carried_over(bid, remove))
    _seal_into(bid, contents)
    replaced = bid.pk is not None and bid.status == BidStatus.SUBMITTED
    bid.status = BidStatus.SUBMITTED
    bid.submitted_at = now or timezone.now()
    bid.save()
    count = bid.receipts.count() + 1
    receipt = Receipt.objects.create(bid=bid, number=f"{tender.code}-{lot.number}-{bid.pk}-{count}",
                                     digest=bid.digest, issued_at=bid.submitted_at)
    log(tender, actor, "bid.replaced" if replaced else "bid.submitted", lot=lot.number,
        bidder=actor.organization_id, receipt=receipt.number, digest=bid.digest)
    return receipt


@transaction.atomic
def bid_withdraw(*, actor: User, bid: Bid, now: datetime | None = None) -> Bid:
    require(access.owns_bid(actor, bid))
    _refuse_late(bid.tender, now)
    bid.status = BidStatus.WITHDRAWN
    bid.save(update_fields=["status", "updated_at"])
    log(bid.tender, actor, "bid.withdrawn", lot=bid.lot.number, bidder=bid.bidder_id)
    return bid


def draft_contents(*, actor: User, bid: Bid) -> dict[str, Any]:
    """A bidder reads back its own draft to go on editing it; nobody reads a submitted bid before the opening."""
    require(access.can_read_contents(actor, bid))
    if bid.opened is not None:
        return bid.opened
    return sealing.unseal(bid.tender, bid.sealed, bid.digest)


# Keys -------------------------------------------------------------------------------------------------------------


@transaction.atomic
def kek_rotate(*, previous: Iterable[bytes] = ()) -> dict[str, int]:
    """Re-wrap every tender key under the current key-encryption key, reading those wrapped by a retiring one
    (CITYORDER_TENDER_KEK_PREVIOUS or ``previous``). All or nothing, and again safe to run: keys under the current
    KEK are left alone. No bid is decrypted or rewritten. Returns how many keys were re-wrapped, by old KEK id."""
    known = sealing.keks(previous)
    rewrapped: dict[str, int] = {}
    for stored in TenderKey.objects.select_for_update().select_related("tender").order_by("pk"):
        was = sealing.rewrap(stored, known)
        if was is not None:
            rewrapped[was] = rewrapped.get(was, 0) + 1
            log(stored.tender, None, "key.rewrapped", was=was, now=stored.kek_id)
    return rewrapped


def kek_usage() -> dict[str, int]:
    """How many tender keys each key-encryption key wraps, by id: a retiring KEK may be destroyed once it wraps
    none."""
    usage: dict[str, int] = {}
    for kek_id in TenderKey.objects.values_list("kek_id", flat=True):
        usage[kek_id] = usage.get(kek_id, 0) + 1
    return usage
