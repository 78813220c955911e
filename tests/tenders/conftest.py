"""The characters of the tender tests: Tess of the tender committee, Tom a second member, bidders Vera (Альфа),
Boris (Бета) and Gleb (Вега), and Alice the analyst from the shared fixtures. Each test gets its own
key-encryption key, outside the database as in production."""

from __future__ import annotations

from decimal import Decimal

import pytest
from cryptography.fernet import Fernet

from cityorder.accounts.roles import Role
from cityorder.tenders import awarding, services
from cityorder.tenders.models import Bid
from tests import factories as f
from tests.browser.conftest import page  # noqa: F401  (headless Chromium, for test_browser)
from tests.tenders.helpers import prepared_tender, values


@pytest.fixture(autouse=True)
def _tender_kek(settings):
    settings.CITYORDER_TENDER_KEK = Fernet.generate_key().decode()


@pytest.fixture
def tess(db):
    return f.UserFactory(username="tess", role=Role.TENDER_COMMITTEE, organization=f.OrganizationFactory(
        kind="government_body", short_name="Конкурсная комиссия"))


@pytest.fixture
def tom(tess):
    return f.UserFactory(username="tom", role=Role.TENDER_COMMITTEE, organization=tess.organization)


def _bidder(username: str, name: str):
    return f.UserFactory(username=username, role=Role.BIDDER, organization=f.OrganizationFactory(short_name=name))


@pytest.fixture
def vera(db):
    return _bidder("vera", "ООО «Альфа»")


@pytest.fixture
def boris(db):
    return _bidder("boris", "АО «Бета»")


@pytest.fixture
def gleb(db):
    return _bidder("gleb", "ООО «Вега»")


@pytest.fixture
def published(tess):
    tender = prepared_tender(tess)
    return services.tender_publish(actor=tess, tender=tender)


@pytest.fixture
def evaluated(published, tess, tom, vera, boris, gleb):
    lot = published.lots.get(number=1)
    services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24))
    services.bid_submit(actor=boris, lot=lot, values=values(800, 5000, 36),
                        capacity={2027: 1000, 2028: 2000, 2029: 3000})
    services.bid_submit(actor=gleb, lot=lot, values=values(1000, 4000, 10))
    awarding.tender_open(actor=tess, tender=published, now=published.opening_at)
    experience = published.criteria.get(name="Опыт")
    for user, points in ((vera, (40, 60)), (boris, (80, 100)), (gleb, (20, 20))):
        bid = Bid.objects.get(bidder=user.organization)
        for member, p in zip((tess, tom), points, strict=True):
            awarding.assessment_enter(actor=member, bid=bid, criterion=experience, points=Decimal(p))
    awarding.tender_evaluate(actor=tess, tender=published)
    return published
