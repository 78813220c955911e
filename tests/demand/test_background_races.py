"""A file's background work overtaken or stopped: a reading overtaken by the columns chosen again stores nothing
(the file is never «read» with lines of other columns than it says), and a deletion whose worker died or failed
can be started again (the file is not left «being deleted» for good, blocking the submission)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cityorder.demand import services
from cityorder.demand.models import FileStatus, SourceFile
from cityorder.jobs.models import Job, JobStatus
from cityorder.jobs.services import job_run
from tests.demand.workbooks import xlsx

pytestmark = pytest.mark.django_db

TABLE = [["Наименование", "Обозначение", 2026], ["Таймер", "NE555P", 10]]


def test_a_reading_overtaken_by_new_columns_stores_nothing(bob, submission, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        source = services.upload_add(actor=bob, submission=submission, name="a.xlsx", data=xlsx(TABLE))
        first = source.job_id
        services.mapping_set(actor=bob, source=source, mapping={"name": "B"}, remember=False)
    job_run(first)  # the earlier reading, with the columns found by the reader, ends after the choice
    source.refresh_from_db()
    assert source.status == FileStatus.PENDING and not source.lines.exists()
    assert Job.objects.get(pk=first).status == JobStatus.DONE
    job_run(source.job_id)
    source.refresh_from_db()
    assert source.status == FileStatus.READ and source.lines.get().name == "NE555P"


def test_a_deletion_whose_worker_died_is_started_again(upload, bob, settings, django_capture_on_commit_callbacks):
    settings.CITYORDER_DELETE_IN_BACKGROUND_LINES = 0  # every file is deleted in the background
    source = upload("a.xlsx", xlsx(TABLE))
    with django_capture_on_commit_callbacks(execute=False):
        stopped = services.upload_remove(actor=bob, source=source)
    assert stopped is not None
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALLED_AFTER + 60)
    Job.objects.filter(pk=stopped.pk).update(status=JobStatus.RUNNING, attempts=settings.JOB_MAX_ATTEMPTS,
                                             started_at=long_ago, heartbeat_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.upload_remove(actor=bob, source=source)
    assert again is not None and again.pk != stopped.pk
    assert not SourceFile.objects.filter(pk=source.pk).exists()


def test_a_deletion_under_way_is_not_started_twice(upload, bob, settings, django_capture_on_commit_callbacks):
    settings.CITYORDER_DELETE_IN_BACKGROUND_LINES = 0
    source = upload("a.xlsx", xlsx(TABLE))
    with django_capture_on_commit_callbacks(execute=False):
        first = services.upload_remove(actor=bob, source=source)
        second = services.upload_remove(actor=bob, source=source)
    assert first is not None and second == first
