"""«My submission» changes nothing on a GET; an accepted submission counted in a published order offers no
return; an error row opened for editing shows the cell the file had wrong."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cityorder.demand import services
from cityorder.demand.models import LineStatus, SubmissionStatus
from tests.demand.test_views import open_submission, upload  # noqa: F401  (fixture)
from tests.demand.workbooks import messy_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(alice, bob, carol):
    return services.campaign_create(
        actor=alice, code="ekb-2026", title="Потребность в ЭКБ на 2026–2028 гг.", year_from=2026, year_to=2028,
        kinds=["components"], deadline=datetime.date(2099, 12, 1), invited=[bob.organization, carol.organization],
    )


def test_opening_my_submission_creates_nothing_until_the_customer_starts_it(client, campaign, bob):
    client.force_login(bob)
    url = reverse("demand:my_submission", args=[campaign.code])
    response = client.get(url)
    assert response.status_code == 200 and 'id="start-submission-button"' in response.content.decode()
    assert not campaign.submissions.exists()
    started = client.post(url)
    submission = campaign.submissions.get(customer=bob.organization)
    assert started["Location"] == submission.get_absolute_url()
    assert client.get(url)["Location"] == submission.get_absolute_url()  # the second visit opens it


def test_an_error_row_opened_for_editing_shows_the_bad_value(client, campaign, bob, upload):  # noqa: F811
    submission = open_submission(client, bob, campaign)
    upload(submission, ("demand.xlsx", messy_demand()))
    error = submission.lines.get(status=LineStatus.ERROR)
    form = client.get(reverse("demand:line_edit", args=[error.pk])).content.decode()
    field = form[form.index(f'name="q_{error.column}"'):]
    field = field[:field.index(">")]
    assert 'value="по потребности"' in field and "is-invalid" in field


def test_an_accepted_submission_in_a_published_order_offers_no_return(client, campaign, alice, bob, upload,  # noqa: F811
                                                                       django_capture_on_commit_callbacks):
    from cityorder.order import services as order_services

    submission = open_submission(client, bob, campaign)
    upload(submission, ("demand.xlsx", messy_demand()))
    submission.lines.filter(status=LineStatus.ERROR).delete()
    services.submission_submit(actor=bob, submission=submission)
    services.submission_accept(actor=alice, submission=submission)
    client.force_login(alice)
    detail = reverse("demand:submission", args=[submission.pk])
    assert 'id="return-submission"' in client.get(detail).content.decode()  # accepted, not yet published

    order = order_services.consolidate_campaign(campaign, actor=alice).order
    order_services.version_publish(actor=alice, order=order)
    assert 'id="return-submission"' not in client.get(detail).content.decode()
    with pytest.raises(ValidationError):
        services.submission_return(actor=alice, submission=submission, comment="Исправьте")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
