"""Reads behind the demand pages: progress of a campaign, a customer's campaigns, counts, the review queue."""

from __future__ import annotations

import datetime

import pytest

from cityorder.demand import access, queries, services
from cityorder.demand.models import Campaign, CampaignStatus, LineStatus, SubmissionStatus
from tests import factories as f
from tests.demand.workbooks import messy_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(alice, bob, carol):
    return services.campaign_create(
        actor=alice, code="ekb-2026", title="ЭКБ", year_from=2026, year_to=2028,
        deadline=datetime.date(2026, 3, 1), invited=[bob.organization, carol.organization],
    )


@pytest.fixture
def bobs_submission(campaign, bob, django_capture_on_commit_callbacks):
    submission = services.submission_open(actor=bob, campaign=campaign)
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_add(actor=bob, submission=submission, name="demand.xlsx", data=messy_demand())
    return submission


def test_late_only_after_the_deadline_and_only_until_handed_in(campaign):
    before, after = datetime.date(2026, 3, 1), datetime.date(2026, 3, 2)
    assert not queries.is_late(campaign, None, today=before)
    assert queries.is_late(campaign, None, today=after)
    assert queries.is_late(campaign, SubmissionStatus.RETURNED, today=after)
    assert not queries.is_late(campaign, SubmissionStatus.SUBMITTED, today=after)
    assert not queries.is_late(campaign, SubmissionStatus.ACCEPTED, today=after)
    campaign.deadline = None
    assert not queries.is_late(campaign, None, today=after)


def test_progress_lists_invited_and_uninvited_senders_with_counts(campaign, alice, bob, carol, bobs_submission):
    outsider = f.CustomerOrganizationFactory(short_name="ААА (не приглашён)")
    services.submission_open(actor=alice, campaign=campaign, customer=outsider)
    progress = queries.campaign_progress(alice, campaign)
    assert [r.customer for r in progress.rows][0] == outsider  # sorted by name
    rows = {r.customer: r for r in progress.rows}
    assert set(rows) == {bob.organization, carol.organization, outsider}
    bob_row = rows[bob.organization]
    assert (bob_row.status, bob_row.ok_count, bob_row.error_count, bob_row.invited) == ("draft", 3, 1, True)
    assert rows[carol.organization].submission is None and rows[carol.organization].ok_count == 0
    assert not rows[outsider].invited
    assert dict((s, n) for s, _label, n in progress.counts) == {
        "not_started": 1, "draft": 2, "submitted": 0, "returned": 0, "accepted": 0,
    }


def test_line_counts_and_files_with_their_rows(bobs_submission, bob):
    assert queries.line_counts(bobs_submission) == {"ok": 3, "skipped": 1, "error": 1, "all": 5}
    error = bobs_submission.lines.get(status=LineStatus.ERROR)
    services.line_update(actor=bob, line=error, name=error.name, quantities={"2026": 1})
    (source,) = queries.files_of(bobs_submission)
    assert (source.ok_count, source.skipped_count, source.error_count, source.corrected_count) == (4, 1, 0, 1)


def test_customer_campaigns_carry_only_the_own_submission(campaign, alice, bob, carol, bobs_submission):
    services.campaign_create(actor=alice, code="draft", title="Черновик", year_from=2026, year_to=2026,
                             status=CampaignStatus.DRAFT, invited=[carol.organization])
    rows = queries.customer_campaigns(carol)
    assert [(r.campaign, r.submission, r.status) for r in rows] == [(campaign, None, "not_started")]
    assert [r.submission for r in queries.customer_campaigns(bob)] == [bobs_submission]
    assert queries.own_submission(bob, campaign) == bobs_submission
    assert queries.own_submission(carol, campaign) is None


def test_campaign_list_counts(campaign, alice, bob, bobs_submission):
    services.line_remove(actor=bob, line=bobs_submission.lines.get(status=LineStatus.ERROR))
    services.submission_submit(actor=bob, submission=bobs_submission)
    row = queries.campaigns_for(alice).get(pk=campaign.pk)
    assert (row.invited_count, row.submission_count, row.submitted_count) == (2, 1, 1)


def test_review_queue_is_the_departments(campaign, alice, bob, bobs_submission):
    assert list(queries.review_queue(alice)) == []
    services.line_remove(actor=bob, line=bobs_submission.lines.get(status=LineStatus.ERROR))
    services.submission_submit(actor=bob, submission=bobs_submission)
    assert list(queries.review_queue(alice)) == [bobs_submission]
    assert list(queries.review_queue(bob)) == []


def test_the_return_comment_is_the_latest_while_returned(campaign, alice, bob, bobs_submission):
    services.line_remove(actor=bob, line=bobs_submission.lines.get(status=LineStatus.ERROR))
    services.submission_submit(actor=bob, submission=bobs_submission)
    assert queries.return_comment(bobs_submission) is None
    services.submission_return(actor=alice, submission=bobs_submission, comment="первый")
    services.submission_submit(actor=bob, submission=bobs_submission)
    services.submission_return(actor=alice, submission=bobs_submission, comment="второй")
    assert queries.return_comment(bobs_submission).comment == "второй"


def test_who_sees_campaigns(campaign, alice, bob, carol, max_maker, cora):
    assert all(access.can_see_demand(u) for u in (alice, bob, carol))
    assert not any(access.can_see_demand(u) for u in (max_maker, cora))
    lonely = f.UserFactory(organization=f.CustomerOrganizationFactory())
    assert not access.can_see_demand(lonely)  # a customer asked for nothing has nothing to open
    Campaign.objects.create(code="all", title="Для всех", year_from=2026, year_to=2026)
    assert access.can_see_demand(lonely)  # a campaign with nobody invited is open to every customer


def test_others_files_and_lines_are_not_found(bobs_submission, carol, max_maker):
    source = bobs_submission.files.get()
    line = bobs_submission.lines.first()
    for user in (carol, max_maker):
        with pytest.raises(type(bobs_submission).DoesNotExist):
            queries.submission_for(user, bobs_submission.pk)
        with pytest.raises(type(source).DoesNotExist):
            queries.file_for(user, source.pk)
        with pytest.raises(type(line).DoesNotExist):
            queries.line_for(user, line.pk)
