"""One small world with an object of every kind, and a user of every role, for the access tests.

Customer A (Bob) owns the demand everyone else must not reach; customer B (Carol) is invited to the same campaign
and must see none of A's; the manufacturer (Max) makes a product, has it in the catalog and offers it; the
coordinator (Cora) coordinates the cluster Max's company belongs to; the tender committee (Tess) and the
administrator (Root) work for the department as the analyst (Alice) does. An offset tender (built as
tests/tenders builds one) has bids by two bidder organizations: its bids are opened and evaluated, lot 1 is awarded
(so it has milestones) and lot 2 waits for its award. The bidder walked (Vera) won lot 1; the other (Boris) bid in
both lots.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from cryptography.fernet import Fernet

from cityorder.accounts.roles import Role
from cityorder.cooperation import services as cooperation_services
from cityorder.cooperation.models import ParticipantRole
from cityorder.demand import services as demand_services
from cityorder.demand.models import SourceFile, Submission
from cityorder.jobs.models import Job
from cityorder.order import services as order_services
from cityorder.order.models import CityOrder, MatchDecision, Position, ProbableMatch
from cityorder.registry.models import Category, Cluster, Competency, Membership, Organization, Product, Zone
from cityorder.substitution import services as substitution_services
from cityorder.substitution.models import Analog, CatalogItem, Compatibility, Offer
from cityorder.tenders import awarding
from cityorder.tenders import services as tender_services
from cityorder.tenders.models import Bid, Milestone, OffsetTender
from tests import factories as f
from tests.cooperation.conftest import bom_file
from tests.english import client, english_messages  # noqa: F401  (English messages for these tests)
from tests.order.helpers import BOB_ROWS, CAROL_ROWS, TIMER, accepted, consolidate, make_campaign, position_named
from tests.tenders.helpers import prepared_tender, values

ROLES = ("admin", "analyst", "customer_a", "customer_b", "manufacturer", "coordinator", "tender_committee", "bidder")


@dataclass
class World:
    users: dict[str, Any]
    department: Organization
    org_a: Organization
    org_b: Organization
    org_m: Organization
    org_c: Organization
    cluster: Cluster
    membership: Membership
    product: Product
    competency: Competency
    category: Category
    zone: Zone
    campaign: Any
    submission_a: Submission
    submission_b: Submission
    file_a: SourceFile
    line_a: Any
    job_a: Job
    order: CityOrder
    position: Position
    match: ProbableMatch
    decision: MatchDecision
    item: CatalogItem
    analog: Analog
    offer: Offer
    project: Any
    tender: OffsetTender
    bid: Bid
    receipt: str
    milestone: Milestone
    other_bid: Bid  # the other bidder's, in lot 1
    other_receipt: str
    org_bidder: Organization


@pytest.fixture(autouse=True)
def _tender_kek(settings):
    """Bids are sealed with a key-encryption key kept outside the database, as in production."""
    settings.CITYORDER_TENDER_KEK = Fernet.generate_key().decode()


def offset_tender(tess: Any) -> tuple[OffsetTender, Bid, str, Any, Any]:
    """The tender evaluated, lot 1 awarded: its bid with a document, that bid's receipt number and its bidder, and the
    other bidder's receipt of its bid in lot 1."""
    tender = tender_services.tender_publish(actor=tess, tender=prepared_tender(tess))
    # The tenders' order is made by hand, not consolidated: give it the figures a consolidation records, which
    # the department's list of versions shows.
    tender.order.stats = {"positions": tender.order.positions.count(), "lines": 0, "ok_lines": 0, "customers": 0}
    tender.order.save(update_fields=["stats"])
    bidders = [f.UserFactory(username=username, role=Role.BIDDER, organization=f.OrganizationFactory(short_name=name))
               for username, name in (("vera", "ООО «Альфа»"), ("boris", "АО «Бета»"))]
    lot1, lot2 = tender.lots.get(number=1), tender.lots.get(number=2)
    # A question of the bidder walked, answered: the answer route has one to name.
    question = tender_services.question_ask(actor=bidders[0], tender=tender, text="Допускается ли LFP?")
    tender_services.question_answer(actor=tess, question=question, answer="Допускается.")
    receipt = tender_services.bid_submit(actor=bidders[0], lot=lot1, values=values(900, 3000, 24),
                                         documents=[("passport.pdf", b"%PDF-1.4 plant passport")])
    other = tender_services.bid_submit(actor=bidders[1], lot=lot1, values=values(800, 5000, 36))
    tender_services.bid_submit(actor=bidders[1], lot=lot2, values=values(400, 5000, 36))
    awarding.tender_open(actor=tess, tender=tender, now=tender.opening_at)
    experience = tender.criteria.get(name="Опыт")
    for bid in Bid.objects.filter(tender=tender):
        awarding.assessment_enter(actor=tess, bid=bid, criterion=experience, points=Decimal(50))
    awarding.tender_evaluate(actor=tess, tender=tender)
    awarding.tender_award(actor=tess, lot=lot1)
    tender.refresh_from_db()
    return tender, receipt.bid, receipt.number, bidders[0], other


@pytest.fixture
def world(department, alice, bob, carol, max_maker, cora, django_capture_on_commit_callbacks) -> World:
    root = f.UserFactory(username="root", role=Role.ADMIN, organization=department, is_staff=True,
                         is_superuser=True)
    tess = f.UserFactory(username="tess", role=Role.TENDER_COMMITTEE, organization=department)
    cluster = f.ClusterFactory(code="ev", coordinator=cora.organization)
    membership = f.MembershipFactory(cluster=cluster, organization=max_maker.organization)
    product = f.ProductFactory(organization=max_maker.organization, part_number="LFP-100", name="Батарея LFP 100")
    competency = f.CompetencyFactory()
    zone = f.SiteFactory().zone

    campaign = make_campaign(alice, bob, carol)
    accepted(alice, bob, campaign, BOB_ROWS, django_capture_on_commit_callbacks)
    accepted(alice, carol, campaign, CAROL_ROWS, django_capture_on_commit_callbacks, name="hospital.xlsx")
    order = consolidate(campaign, alice)
    submission_a = Submission.objects.get(campaign=campaign, customer=bob.organization)
    # Back in Bob's hands after the version was made, so his own pages and writes are open to him (returned before
    # the version is published: a published version's rows stay as they were accepted).
    demand_services.submission_return(actor=alice, submission=submission_a, comment="Уточните количество")
    submission_a.refresh_from_db()
    order_services.version_publish(actor=alice, order=order)
    match = order.matches.filter(merged=False).first()
    assert match is not None, "the demo rows make one probable match"
    decision = order_services.match_decide(actor=alice, match=match, verdict="same")

    substitution_services.catalog_sync_registry()
    item = CatalogItem.objects.get(product=product)
    position = position_named(order, TIMER)
    analog = Analog.objects.create(order=order, position=position, item=item, rank=1,
                                   compatibility=Compatibility.FUNCTIONAL, score=0.5, reason="")
    offer = substitution_services.offer_create(actor=max_maker, organization=max_maker.organization, item=item,
                                               volumes={"2026": 10}, from_year=2026)
    file_a = submission_a.files.get()
    # A cooperation project of the cluster, with the manufacturer's company taking part and a BOM version.
    project = cooperation_services.project_open(actor=cora, cluster=cluster, code="ebus", title="Электробус",
                                                product_name="Электробус", product_kind="bus")
    cooperation_services.participant_add(actor=cora, project=project, organization=max_maker.organization,
                                         role=ParticipantRole.SUPPLIER)
    version = cooperation_services.bom_import(actor=cora, project=project, name="bom.xlsx", data=bom_file())
    cooperation_services.assignment_set(actor=cora, project=project, key=version.items.first().key,
                                        organization=max_maker.organization)
    cooperation_services.milestone_add(actor=cora, project=project, title="Опытный образец",
                                       due=datetime.date(2027, 3, 1))
    tender, bid, receipt, vera, other = offset_tender(tess)
    return World(
        users={"admin": root, "analyst": alice, "customer_a": bob, "customer_b": carol, "manufacturer": max_maker,
               "coordinator": cora, "tender_committee": tess, "bidder": vera},
        department=department, org_a=bob.organization, org_b=carol.organization, org_m=max_maker.organization,
        org_c=cora.organization, cluster=cluster, membership=membership, product=product, competency=competency,
        category=product.category, zone=zone, campaign=campaign, submission_a=submission_a,
        submission_b=Submission.objects.get(campaign=campaign, customer=carol.organization), file_a=file_a,
        line_a=submission_a.lines.filter(source=file_a).first(), job_a=Job.objects.get(pk=file_a.job_id),
        order=order, position=position, match=match, decision=decision, item=item, analog=analog, offer=offer,
        project=project, tender=tender, bid=bid, receipt=receipt, other_bid=other.bid, other_receipt=other.number,
        org_bidder=vera.organization,
        milestone=Milestone.objects.filter(award__lot__tender=tender).first(),
    )
