import pytest
from django.utils import translation

from tests.browser.conftest import page  # noqa: F401  (headless Chromium, for test_browser)
from tests.order.helpers import BOB_ROWS, CAROL_ROWS, FORMULA_LINE, accepted, consolidate, make_campaign


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in their source language (the pages too, through the client below)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    """The test client with English chosen by the language switch, as the pages are Russian by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def campaign(alice, bob, carol):
    return make_campaign(alice, bob, carol)


@pytest.fixture
def two_customers(campaign, alice, bob, carol, django_capture_on_commit_callbacks):
    """Bob's and Carol's demand accepted; Bob also typed a line in the form whose name looks like a formula."""
    accepted(alice, bob, campaign, BOB_ROWS, django_capture_on_commit_callbacks, extra=[FORMULA_LINE])
    accepted(alice, carol, campaign, CAROL_ROWS, django_capture_on_commit_callbacks, name="hospital.xlsx")
    return campaign


@pytest.fixture
def version(two_customers, alice):
    return consolidate(two_customers, alice)
