"""Offset tenders through their services: preparation, sealed bids, opening, evaluation, award, obligations."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cityorder.substitution.queries import coverage_for
from cityorder.tenders import awarding, sealing, services
from cityorder.tenders.models import (
    AuditEntry,
    Bid,
    BidScore,
    BidStatus,
    Criterion,
    Milestone,
    MilestoneKind,
    TenderKey,
    TenderStatus,
)
from tests.english import english_messages  # noqa: F401  (services speak English here)
from tests.tenders.helpers import CRITERIA, prepared_tender, values


def test_lots_take_the_volumes_of_the_picked_positions_by_year(tess):
    tender = prepared_tender(tess)
    buses, trams = tender.lots.all()
    # P1 400/500/600 + P2 100/100/— = 500/600/600
    assert buses.quantities == {"2027": 500.0, "2028": 600.0, "2029": 600.0}
    assert trams.quantities == {"2027": 50.0, "2028": 60.0, "2029": 70.0}
    assert sorted(p.position_id for p in buses.positions.all()) == ["P1", "P2"]


def test_a_lot_can_take_a_whole_category(tess):
    tender = prepared_tender(tess)
    lot = services.lot_add(actor=tess, tender=tender, name="Все АКБ", max_price=Decimal(1), categories=["battery"])
    assert lot.quantities == {"2027": 550.0, "2028": 660.0, "2029": 670.0}
    assert lot.unit == "шт"


def test_criteria_weights_must_sum_to_100_and_include_the_price(tess):
    tender = prepared_tender(tess)
    with pytest.raises(ValidationError, match="sum to 90"):
        services.criteria_set(actor=tess, tender=tender, criteria=[{"name": "Цена", "weight": 90}])
    with pytest.raises(ValidationError, match="no price"):
        services.criteria_set(actor=tess, tender=tender, criteria=[{"name": "Инвестиции", "weight": 100}])
    assert Criterion.objects.filter(tender=tender).count() == len(CRITERIA)  # nothing half-written


def test_only_the_committee_prepares_tenders(alice, vera):
    for user in (alice, vera):
        with pytest.raises(PermissionDenied):
            prepared_tender(user)


def test_a_published_tender_cannot_change(tess):
    tender = prepared_tender(tess)
    services.tender_publish(actor=tess, tender=tender)
    assert tender.status == TenderStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.lot_add(actor=tess, tender=tender, name="x", max_price=Decimal(1), quantities={"2027": 1})


def test_a_bid_is_stored_encrypted_and_its_receipt_holds_its_hash(published, vera):
    lot = published.lots.get(number=1)
    receipt = services.bid_submit(actor=vera, lot=lot, values=values(987.65, 3000, 24), capacity={2027: 1000})
    bid = Bid.objects.get()
    assert bid.opened is None
    assert b"987.65" not in bytes(bid.sealed) and "987.65" not in str(bid.__dict__)
    contents = sealing.unseal(published, bid.sealed, bid.digest)
    assert contents["values"]["Цена"] == "987.65"
    assert receipt.digest == bid.digest == hashlib.sha256(sealing.canonical(contents)).hexdigest()
    # The tender's own key is stored wrapped by the key-encryption key, never in the clear.
    wrapped = bytes(TenderKey.objects.get(tender=published).wrapped)
    assert len(wrapped) > 44


def test_a_changed_seal_is_detected_at_the_opening(published, vera, tess):
    lot = published.lots.get(number=1)
    services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24))
    Bid.objects.update(digest="0" * 64)
    with pytest.raises(sealing.SealBroken):
        awarding.tender_open(actor=tess, tender=published, now=published.opening_at)


def test_a_bid_is_replaced_and_withdrawn_until_the_deadline(published, vera):
    lot = published.lots.get(number=1)
    first = services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24))
    second = services.bid_submit(actor=vera, lot=lot, values=values(850, 3000, 24))
    assert first.digest != second.digest and Bid.objects.count() == 1
    bid = Bid.objects.get()
    assert bid.digest == second.digest and bid.receipts.count() == 2
    services.bid_withdraw(actor=vera, bid=bid)
    assert Bid.objects.get().status == BidStatus.WITHDRAWN
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions[-3:] == ["bid.submitted", "bid.replaced", "bid.withdrawn"]


def test_a_late_bid_is_refused(published, vera):
    lot = published.lots.get(number=1)
    with pytest.raises(services.BidRefused):
        services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24), now=published.bid_deadline)
    services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24))
    with pytest.raises(services.BidRefused):
        services.bid_withdraw(actor=vera, bid=Bid.objects.get(), now=published.bid_deadline + timedelta(seconds=1))
    assert Bid.objects.get().status == BidStatus.SUBMITTED


def test_a_price_above_the_lots_maximum_is_refused(published, vera):
    with pytest.raises(ValidationError, match="initial maximum"):
        services.bid_submit(actor=vera, lot=published.lots.get(number=1), values=values(1000.01, 1, 1))


def test_a_draft_is_read_back_by_its_bidder_only(published, vera, boris, tess):
    bid = services.bid_draft(actor=vera, lot=published.lots.get(number=1), values={"Цена": 700})
    assert services.draft_contents(actor=vera, bid=bid)["values"] == {"Цена": "700"}
    for other in (boris, tess):
        with pytest.raises(PermissionDenied):
            services.draft_contents(actor=other, bid=bid)


def test_a_submitted_bid_is_sealed_even_for_its_bidder(published, vera):
    services.bid_submit(actor=vera, lot=published.lots.get(number=1), values=values(900, 3000, 24))
    with pytest.raises(PermissionDenied):
        services.draft_contents(actor=vera, bid=Bid.objects.get())


def test_bids_are_opened_only_at_the_opening_time(published, vera, tess):
    services.bid_submit(actor=vera, lot=published.lots.get(number=1), values=values(900, 3000, 24))
    with pytest.raises(ValidationError, match="not before"):
        awarding.tender_open(actor=tess, tender=published, now=published.opening_at - timedelta(minutes=1))
    with pytest.raises(PermissionDenied):
        awarding.tender_open(actor=vera, tender=published, now=published.opening_at)
    assert awarding.tender_open(actor=tess, tender=published, now=published.opening_at) == 1
    assert Bid.objects.get().opened["values"]["Цена"] == "900"


def test_the_audit_log_is_append_only(published):
    entry = AuditEntry.objects.first()
    entry.action = "forged"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(action="forged")


def test_evaluation_scores_as_worked_by_hand(evaluated, vera, boris, gleb):
    # Price: Цmin = 800 → Альфа 800/900×100 = 88.888889, Бета 100, Вега 800/1000×100 = 80.
    # Investment (more): 3000…5000 → 0, 100, 50. Months (less, limit 12; Вега's 10 counts as 12): 36−12 = 24 →
    # Альфа 100×(36−24)/24 = 50, Бета 0, Вега 100. Experience: the members' means 50, 90, 20.
    # Totals (60/20/10/10): Альфа 53.333333 + 0 + 5 + 5 = 63.333333; Бета 60 + 20 + 0 + 9 = 89;
    # Вега 48 + 10 + 10 + 2 = 70.
    got = {b.bidder_id: b.score for b in Bid.objects.select_related("score")}
    alpha, beta, vega = (got[u.organization_id] for u in (vera, boris, gleb))
    assert (alpha.total, alpha.rank) == (Decimal("63.333333"), 3)
    assert (beta.total, beta.rank) == (Decimal("89"), 1)
    assert (vega.total, vega.rank) == (Decimal("70"), 2)
    assert alpha.points == {"Цена": "88.888889", "Инвестиции": "0", "Срок запуска": "50", "Опыт": "50"}
    assert vega.values["Срок запуска"] == "10"
    assert evaluated.status == TenderStatus.EVALUATED


def test_evaluation_waits_for_the_members_points(published, tess, vera):
    services.bid_submit(actor=vera, lot=published.lots.get(number=1), values=values(900, 3000, 24))
    awarding.tender_open(actor=tess, tender=published, now=published.opening_at)
    with pytest.raises(ValidationError, match="no value for criterion «Опыт»"):
        awarding.tender_evaluate(actor=tess, tender=published)


def test_the_award_makes_milestones_and_counts_the_contract_in_the_coverage(evaluated, tess, boris):
    lot = evaluated.lots.get(number=1)
    award = awarding.tender_award(actor=tess, lot=lot, today=date(2027, 1, 15))
    assert award.bid.bidder == boris.organization
    # Lot 500/600/600; 30 % of the plant's 1000/2000/3000 = 300/600/900 → the city gets 300/600/600.
    assert award.supplies == {"2027": 300.0, "2028": 600.0, "2029": 600.0}
    # Бета starts production in 36 months: land 6, building 24, commissioning 36, first supplies 39 months after
    # the award; localization at the end of the three build years.
    due = dict(Milestone.objects.filter(award=award).values_list("kind", "due"))
    assert due == {MilestoneKind.LAND: date(2027, 7, 15), MilestoneKind.CONSTRUCTION: date(2029, 1, 15),
                   MilestoneKind.COMMISSIONING: date(2030, 1, 15), MilestoneKind.FIRST_SUPPLIES: date(2030, 4, 15),
                   MilestoneKind.LOCALIZATION: date(2030, 1, 15)}
    assert not Milestone.objects.get(award=award, kind=MilestoneKind.LAND).overdue(date(2027, 7, 15))
    assert Milestone.objects.get(award=award, kind=MilestoneKind.LAND).overdue(date(2027, 7, 16))
    coverage = coverage_for(evaluated.order).coverage
    supplied = {year: sum(c.supplied for c in coverage.cells if c.year == year and c.position_id in ("P1", "P2"))
                for year in (2027, 2028, 2029)}
    assert supplied == {2027: 300.0, 2028: 600.0, 2029: 600.0}
    assert evaluated.lots.get(number=2).bids.count() == 0
    evaluated.refresh_from_db()
    assert evaluated.status == TenderStatus.AWARDED


def test_a_lot_is_awarded_once_and_its_scores_stay(evaluated, tess, vera):
    lot = evaluated.lots.get(number=1)
    awarding.tender_award(actor=tess, lot=lot)
    with pytest.raises(ValidationError):
        awarding.tender_award(actor=tess, lot=lot)
    with pytest.raises(ValidationError, match="before the award"):
        awarding.tender_evaluate(actor=tess, tender=evaluated)
    bid = Bid.objects.get(bidder=vera.organization)
    with pytest.raises((ValidationError, PermissionDenied)):
        awarding.assessment_enter(actor=tess, bid=bid, criterion=evaluated.criteria.get(name="Опыт"),
                                  points=Decimal(100))


def test_a_milestone_is_marked_done(evaluated, tess):
    award = awarding.tender_award(actor=tess, lot=evaluated.lots.get(number=1))
    milestone = award.milestones.get(kind=MilestoneKind.LAND)
    awarding.milestone_update(actor=tess, milestone=milestone, status="done")
    assert milestone.done_on == timezone.localdate() and not milestone.overdue(date(2099, 1, 1))


def test_scores_stay_once_one_lot_of_several_is_awarded(evaluated, tess, vera, boris):
    # Lot 2 has a scored bid as well (made here as the evaluation would store it), so the tender stays
    # «evaluated» after lot 1 is awarded.
    trams = evaluated.lots.get(number=2)
    bid = Bid.objects.create(tender=evaluated, lot=trams, bidder=vera.organization, status=BidStatus.SUBMITTED,
                             sealed=b"", digest="0" * 64, opened={"values": {"Цена": "400"}})
    BidScore.objects.create(bid=bid, total=Decimal(100), rank=1)
    awarding.tender_award(actor=tess, lot=evaluated.lots.get(number=1))
    evaluated.refresh_from_db()
    assert evaluated.status == TenderStatus.EVALUATED
    with pytest.raises(ValidationError, match="evaluation is closed"):
        awarding.tender_evaluate(actor=tess, tender=evaluated)
    with pytest.raises(ValidationError, match="evaluation is closed"):
        awarding.assessment_enter(actor=tess, bid=Bid.objects.get(bidder=boris.organization),
                                  criterion=evaluated.criteria.get(name="Опыт"), points=Decimal(1))


def test_an_award_marks_the_stored_coverage_of_the_lots_versions_stale(evaluated, tess):
    from cityorder.substitution import queries, stored
    from cityorder.substitution.models import CoverageChange, StoredCoverage

    order = evaluated.order
    assert stored.coverage_ensure(order).fresh
    awarding.tender_award(actor=tess, lot=evaluated.lots.get(number=1), today=date(2027, 1, 15))
    state = StoredCoverage.objects.get(order=order)
    assert not state.fresh and state.change == CoverageChange.AWARD
    assert stored.coverage_refresh(order)
    direct = coverage_for(order).coverage
    cells = {(c.position_id, c.year): c.supplied for c in direct.cells if c.position_id in ("P1", "P2")}
    assert cells[("P1", 2027)] + cells[("P2", 2027)] == 300.0  # the contract counts
    whole = queries.stored_coverage_whole(order, StoredCoverage.objects.get(order=order))
    assert (whole.cells, whole.gaps, whole.balances) == (direct.cells, direct.gaps, direct.balances)
