"""Who may see and do what in offset tenders, built on accounts' roles and organization scope.

The tender committee prepares tenders, opens bids, evaluates and awards; bidders (registry organizations with a
bidder account) see published tenders and their own bids; the department (administrators, analysts) follows
tenders but, like everyone, reads no bid's contents before the opening.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from cityorder.accounts.access import organization_id_of, role_of
from cityorder.accounts.roles import Role
from cityorder.tenders.models import Bid, BidStatus, OffsetTender, Question, TenderStatus

if TYPE_CHECKING:
    from cityorder.accounts.access import AnyUser

def is_committee(user: AnyUser) -> bool:
    return role_of(user) in (Role.TENDER_COMMITTEE, Role.ADMIN)


def is_bidder(user: AnyUser) -> bool:
    return role_of(user) == Role.BIDDER and organization_id_of(user) is not None


def can_manage_tenders(user: AnyUser) -> bool:
    """Preparing, publishing, opening, evaluating and awarding: the committee (and administrators)."""
    return is_committee(user)


def can_see_tenders(user: AnyUser) -> bool:
    return is_committee(user) or is_bidder(user) or role_of(user) == Role.ANALYST


def visible_tenders(user: AnyUser) -> QuerySet[OffsetTender]:
    """The committee and analysts see every tender, drafts included; a bidder sees every tender once published."""
    if is_committee(user) or role_of(user) == Role.ANALYST:
        return OffsetTender.objects.all()
    if is_bidder(user):
        # A tender cancelled after its publication stays in sight, with its reason; one cancelled as a draft
        # was never public.
        return (OffsetTender.objects.exclude(status=TenderStatus.DRAFT)
                .exclude(status=TenderStatus.CANCELLED, cancelled_from=TenderStatus.DRAFT))
    return OffsetTender.objects.none()


def visible_bids(user: AnyUser) -> QuerySet[Bid]:
    """Who bid and when (never what before the opening): the committee and analysts see every submitted bid, a
    bidder its own organization's, drafts included."""
    if is_committee(user) or role_of(user) == Role.ANALYST:
        return Bid.objects.exclude(status=BidStatus.DRAFT)
    if is_bidder(user):
        return Bid.objects.filter(bidder_id=user.organization_id)  # type: ignore[union-attr]
    return Bid.objects.none()


def can_bid(user: AnyUser, tender: OffsetTender) -> bool:
    """A bidder drafts, submits, replaces or withdraws its bids while the tender accepts them."""
    return is_bidder(user) and tender.accepting_bids()


def owns_bid(user: AnyUser, bid: Bid) -> bool:
    return is_bidder(user) and bid.bidder_id == user.organization_id  # type: ignore[union-attr]


def can_read_contents(user: AnyUser, bid: Bid) -> bool:
    """The contents of a bid: its own draft to the bidder; after the opening, every bid to the committee and the
    department, and a bidder's own. Before the opening a submitted bid is sealed for everyone."""
    if bid.status == BidStatus.DRAFT:
        return owns_bid(user, bid)
    if not bid.tender.is_open:
        return False
    return is_committee(user) or role_of(user) == Role.ANALYST or owns_bid(user, bid)


def can_see_scores(user: AnyUser, bid: Bid) -> bool:
    """The committee sees every score after evaluation; a bidder, losing or winning, sees its own."""
    if not hasattr(bid, "score"):
        return False
    return is_committee(user) or role_of(user) == Role.ANALYST or owns_bid(user, bid)


def can_see_protocol(user: AnyUser, tender: OffsetTender) -> bool:
    return (is_committee(user) or role_of(user) == Role.ANALYST) and tender.status in (TenderStatus.EVALUATED,
                                                                                     TenderStatus.AWARDED)


def can_see_audit(user: AnyUser) -> bool:
    """The full audit log of a tender (its page and CSV): the committee and the analysts, read-only."""
    return is_committee(user) or role_of(user) == Role.ANALYST


def can_assess(user: AnyUser, tender: OffsetTender) -> bool:
    """Members enter the assessed criteria's points once bids are opened, before the award."""
    return role_of(user) == Role.TENDER_COMMITTEE and tender.status in (TenderStatus.OPENED, TenderStatus.EVALUATED)


def can_cancel(user: AnyUser) -> bool:
    """Cancelling a tender before the award, with a reason: the committee."""
    return is_committee(user)


def can_ask(user: AnyUser, tender: OffsetTender) -> bool:
    """A bidder asks for clarification of a tender in its questions period."""
    return is_bidder(user) and tender.accepting_questions()


def can_answer(user: AnyUser) -> bool:
    """The committee answers the bidders' questions."""
    return is_committee(user)


def sees_who_asked(user: AnyUser) -> bool:
    """Who asked a question: the committee and the department; a bidder sees its own questions, never another's
    name, since answers are published to every bidder anonymously."""
    return is_committee(user) or role_of(user) == Role.ANALYST


def visible_questions(user: AnyUser, tender: OffsetTender) -> QuerySet[Question]:
    """Every question of the tender to the committee and the department; to a bidder the answered ones (published
    to all) and its own organization's, answered or not."""
    questions = Question.objects.filter(tender=tender)
    if sees_who_asked(user):
        return questions
    if is_bidder(user):
        return questions.filter(Q(answered_at__isnull=False) | Q(asked_by_id=organization_id_of(user)))
    return Question.objects.none()
