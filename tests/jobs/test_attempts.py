"""A job that keeps killing its worker is run a bounded number of times, then failed for good with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from cityorder.jobs.models import JobStatus
from cityorder.jobs.services import JobFailed, job_retry
from tests.jobs.test_lifecycle import finishing_handler, handler, running_job, seen  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_stalled_job_at_its_last_attempt_is_failed_not_run_again(alice, settings, handler):  # noqa: F811
    settings.JOB_MAX_ATTEMPTS = 3
    handler(finishing_handler)
    job = running_job(alice, silent_for=timedelta(hours=1), attempts=3)
    assert job.stalled and not job.can_retry
    with pytest.raises(JobFailed, match="run 3 times, the most allowed"):
        job_retry(job=job, user=alice)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "stopped its worker 3 times" in job.error
    assert "attempt" not in seen


def test_a_failed_job_can_be_retried_until_the_limit(alice, settings, handler,  # noqa: F811
                                                     django_capture_on_commit_callbacks):
    settings.JOB_MAX_ATTEMPTS = 2
    handler(finishing_handler)
    job = running_job(alice, silent_for=timedelta(hours=1), attempts=1)
    job.status = JobStatus.FAILED
    job.save()
    assert job.can_retry
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job, user=alice)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2


def test_the_page_offers_no_retry_once_the_attempts_are_used(client, alice, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    job = running_job(alice, silent_for=timedelta(hours=1), attempts=2)
    job.status, job.error = JobStatus.FAILED, "Unexpected error: boom."
    job.save()
    client.force_login(alice)
    html = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "data-job-attempts-used" in html and reverse("jobs:retry", args=[job.pk]) not in html
    response = client.post(reverse("jobs:retry", args=[job.pk]), {"next": "/"})
    job.refresh_from_db()
    assert response.status_code == 302 and job.status == JobStatus.FAILED and job.attempts == 2
