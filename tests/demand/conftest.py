"""English messages for these tests, and the campaign, submission and upload of the big and hostile files'
tests (a module may define its own)."""

import pytest

from cityorder.demand import services
from tests.english import client, english_messages  # noqa: F401  (English messages for these tests)


@pytest.fixture
def campaign(alice, bob):
    return services.campaign_create(actor=alice, code="ekb-2026", title="ЭКБ", year_from=2026, year_to=2028,
                                    invited=[bob.organization])


@pytest.fixture
def submission(campaign, bob):
    return services.submission_open(actor=bob, campaign=campaign)


@pytest.fixture
def upload(bob, submission, django_capture_on_commit_callbacks):
    def run(name: str, data: bytes):
        with django_capture_on_commit_callbacks(execute=True):
            source = services.upload_add(actor=bob, submission=submission, name=name, data=data)
        source.refresh_from_db()
        return source

    return run
