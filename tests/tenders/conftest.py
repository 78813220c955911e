"""The characters of the tender tests: Tess of the tender committee, Tom a second member, bidders Vera (Альфа),
Boris (Бета) and Gleb (Вега), and Alice the analyst from the shared fixtures. Each test gets its own
key-encryption key, outside the database as in production."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from cityorder.accounts.roles import Role
from tests import factories as f


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
