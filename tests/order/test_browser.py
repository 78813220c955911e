"""The order pages in headless Chromium: the index follows a consolidation and reloads when it ends, the review
queue swaps a pair's row in place after a decision, and the dashboard draws its charts."""

from __future__ import annotations

import pytest

from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.jobs.services import job_run
from cityorder.order.models import MatchDecision
from tests.order.helpers import BOB_ROWS, CAROL_ROWS, accepted, make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user, then: str) -> None:
    page.goto(f"{live_server.url}{then}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("#login-submit")
    page.wait_for_url(f"{live_server.url}{then}")


def test_consolidation_progress_review_and_dashboard(page, live_server, alice, bob, carol,
                                                     django_capture_on_commit_callbacks):
    campaign = make_campaign(alice, bob, carol)
    accepted(alice, bob, campaign, BOB_ROWS, django_capture_on_commit_callbacks)
    accepted(alice, carol, campaign, CAROL_ROWS, django_capture_on_commit_callbacks, name="hospital.xlsx")
    # A consolidation waiting for a worker: the index polls it and reloads once it has run.
    job = Job.objects.create(kind=JobKind.CONSOLIDATE, params={"campaign": campaign.pk}, title="Consolidating",
                             created_by=alice)
    log_in(page, live_server, alice, "/order/")
    page.locator(f"#job-{job.pk}").wait_for()
    job_run(job.pk)
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    page.locator("tr[data-version='1']").wait_for()
    assert page.locator(f"#job-{job.pk}").count() == 0

    order = campaign.orders.get()
    page.goto(f"{live_server.url}/order/versions/{order.pk}/review/")
    match = order.matches.get(merged=False)
    row = page.locator(f"#pair-{match.pk}")
    row.locator("button[value=same]").click()
    row.locator(".decision[data-verdict=same]").wait_for()
    assert MatchDecision.objects.get().verdict == "same"
    assert page.url.endswith(f"/order/versions/{order.pk}/review/")  # swapped in place, no reload

    page.goto(f"{live_server.url}/order/versions/{order.pk}/dashboard/")
    datasets = page.evaluate("window.Chart.getChart('category-chart').data.datasets.map(d => d.data)")
    assert [120, 1000, 50] in datasets
    assert page.evaluate("window.Chart.getChart('customer-chart').data.datasets[0].data") == [4, 4]

    page.goto(f"{live_server.url}/order/versions/{order.pk}/summary/")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav.navbar')).display") == "none"
