import pytest

from tests.browser.conftest import page  # noqa: F401  (headless Chromium, for test_browser)
from tests.english import client, english_messages  # noqa: F401  (English messages for these tests)
from tests.order.helpers import BOB_ROWS, CAROL_ROWS, FORMULA_LINE, accepted, consolidate, make_campaign


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
