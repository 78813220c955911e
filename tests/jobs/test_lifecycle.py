"""A job's life when workers die: signs of life, stalled jobs run again, and the replaced run leaving no trace."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from cityorder.jobs import services
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.jobs.services import JobFailed, Progress, job_retry, job_run, job_start

seen: dict[str, object] = {}


def finishing_handler(job: Job, progress: Progress) -> None:
    progress(1, 1, "working", force=True)
    seen["attempt"] = job.attempts


def taken_over_handler(job: Job, progress: Progress) -> None:
    """Meanwhile a retry, on another worker, took the job over: this run's final transaction must not stand."""
    Job.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)
    with transaction.atomic():
        Job.objects.create(kind=JobKind.CONSOLIDATE, title="result of the replaced run")
        progress(2, 2, "saving", force=True)


def silent_handler(job: Job, progress: Progress) -> None:
    """Busy for a while without a word, as the engine is during a large consolidation."""
    seen["first"] = Job.objects.get(pk=job.pk).heartbeat_at
    time.sleep(1.2)
    seen["last"] = Job.objects.get(pk=job.pk).heartbeat_at


def saving_handler(job: Job, progress: Progress) -> None:
    """Saves its result in one transaction, reporting as it goes; another connection watches, as a page does."""
    def watch() -> None:
        seen["watched"] = Job.objects.values_list("done", "total", "stage").get(pk=job.pk)
        connection.close()

    with transaction.atomic():
        progress(40, 100, "saving rows", force=True)
        time.sleep(1.2)
        watcher = threading.Thread(target=watch)
        watcher.start()
        watcher.join()
        progress(100, 100, "saving rows")


@pytest.fixture
def handler(monkeypatch):
    def use(function) -> None:
        monkeypatch.setitem(services.HANDLERS, JobKind.CONSOLIDATE, f"{__name__}.{function.__name__}")
    seen.clear()
    return use


def running_job(user, *, silent_for: timedelta, attempts: int = 1) -> Job:
    beat = timezone.now() - silent_for
    return Job.objects.create(kind=JobKind.CONSOLIDATE, title="Сводная потребность", status=JobStatus.RUNNING,
                              attempts=attempts, started_at=beat, heartbeat_at=beat, created_by=user)


@pytest.mark.django_db(transaction=True)
def test_a_progress_report_is_a_sign_of_life():
    job = running_job(None, silent_for=timedelta(hours=1))
    assert job.stalled
    Progress(job.pk, attempt=1)(3, 10, "reading the file", force=True)
    job.refresh_from_db()
    assert (job.done, job.total, job.stage) == (3, 10, "reading the file")
    assert not job.stalled


def test_a_job_silent_longer_than_the_limit_is_stalled_and_runs_again(alice, settings, handler,
                                                                      django_capture_on_commit_callbacks):
    settings.JOB_STALLED_AFTER = 300
    handler(finishing_handler)
    assert not running_job(alice, silent_for=timedelta(seconds=200)).stalled
    job = running_job(alice, silent_for=timedelta(seconds=400))
    assert job.stalled
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job, user=alice)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and seen["attempt"] == 2


def test_a_job_whose_worker_is_alive_cannot_be_started_twice(alice, handler):
    handler(finishing_handler)
    job = running_job(alice, silent_for=timedelta(seconds=5))
    with pytest.raises(JobFailed, match="stopped"):
        job_retry(job=job, user=alice)
    job_run(job.pk)  # a second worker picking the same task: the job is not queued, so it is left alone
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.attempts == 1 and "attempt" not in seen


def test_a_replaced_run_stops_at_its_next_report_and_leaves_nothing(alice, handler):
    handler(taken_over_handler)
    job = Job.objects.create(kind=JobKind.CONSOLIDATE, title="Сводная потребность", created_by=alice)
    job_run(job.pk)
    job.refresh_from_db()
    assert not Job.objects.filter(title="result of the replaced run").exists()
    # the job now belongs to the run that took it over: the old one neither finished nor failed it
    assert job.status == JobStatus.RUNNING and job.attempts == 2 and job.finished_at is None


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_goes_on_while_the_handler_is_silent(settings, handler):
    settings.JOB_HEARTBEAT_SECONDS = 0.1
    handler(silent_handler)
    job = Job.objects.create(kind=JobKind.CONSOLIDATE, title="Сводная потребность")
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert seen["first"] is not None and seen["last"] > seen["first"]


@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_saving_transaction_is_seen_while_it_runs(handler):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer: the figures written during the job's own transaction show after it")
    handler(saving_handler)
    job = Job.objects.create(kind=JobKind.CONSOLIDATE, title="Сводная потребность")
    job_run(job.pk)
    assert seen["watched"] == (40, 100, "saving rows")
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 100, 100)


def test_the_progress_fragment_offers_to_run_a_stalled_job_again(client, alice, handler,
                                                                   django_capture_on_commit_callbacks):
    handler(finishing_handler)
    job = running_job(alice, silent_for=timedelta(hours=2))
    client.force_login(alice)
    page = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "data-job-stalled" in page and reverse("jobs:retry", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:retry", args=[job.pk]), {"next": "/"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    fresh = job_start(kind=JobKind.CONSOLIDATE, title="ещё одна", params={}, user=alice)
    assert "data-job-stalled" not in client.get(reverse("jobs:progress", args=[fresh.pk])).content.decode()
