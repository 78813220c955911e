"""A large BOM import: previewed in the request, stored by a background job with its progress, all lines or none."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cityorder.cooperation import services
from cityorder.cooperation.models import BomItem, BomVersion
from cityorder.jobs.models import Job, JobKind, JobStatus
from tests.cooperation.conftest import EBUS_ROWS, bom_file

pytestmark = pytest.mark.django_db

BAD_ROWS = [*EBUS_ROWS[:2], [4, "CELL-X", "Ячейка", 24, "шт", None]]


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    """The e-bus BOM's 7 lines count as a large BOM here."""
    settings.CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES = 5


def preview(client, project, data=None, name="ebus.xlsx"):
    return client.post(reverse("cooperation:bom_preview", args=[project.code]),
                       {"file": SimpleUploadedFile(name, data or bom_file()), "note": "первая"})


def test_a_large_bom_is_previewed_then_imported_by_a_job_the_card_follows(client, cora, project,
                                                                         django_capture_on_commit_callbacks):
    client.force_login(cora)
    shown = preview(client, project)
    assert shown.status_code == 200 and "LTO-66160" in shown.content.decode() and not BomVersion.objects.exists()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        done = client.post(reverse("cooperation:bom_import", args=[project.code]),
                           {"token": shown.context["token"], "note": "первая"})
    assert done.status_code == 302 and not BomVersion.objects.exists()
    job = Job.objects.get(kind=JobKind.IMPORT_BOM)
    assert job.status == JobStatus.QUEUED and job.created_by == cora
    card = client.get(project.get_absolute_url()).content.decode()
    assert 'id="bom-import-job"' in card and f'hx-get="/jobs/{job.pk}/progress/' in card
    kept = job.params["path"]
    assert default_storage.exists(kept)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()  # the worker takes the job
    job.refresh_from_db()
    assert (job.status, job.attempts, job.done, job.total) == (JobStatus.DONE, 1, 7, 7)
    version = BomVersion.objects.get()
    assert version.items.count() == 7 and version.note == "первая" and version.created_by == cora
    assert not default_storage.exists(kept)  # the kept copy goes once the version has committed
    card = client.get(project.get_absolute_url()).content.decode()
    assert 'id="bom-import-job"' not in card and 'data-path="0.1.2"' in card


def test_a_small_bom_is_still_imported_in_the_request(client, cora, project, settings):
    settings.CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES = 7
    client.force_login(cora)
    client.post(reverse("cooperation:bom_import", args=[project.code]), {"token": preview(client, project)
                                                                         .context["token"]})
    assert BomVersion.objects.get().items.count() == 7 and not Job.objects.exists()


def test_a_bad_file_fails_the_job_naming_file_row_and_column_and_stores_nothing(client, cora, project,
                                                                               django_capture_on_commit_callbacks):
    path = services.bom_keep(bom_file(BAD_ROWS))  # as if it had changed between the preview and the job
    with django_capture_on_commit_callbacks(execute=True):
        job = services.bom_import_start(actor=cora, project=project, name="bad.xlsx", path=path)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.can_retry
    assert "bad.xlsx, row 5, column «Уровень»: the level jumps from 2 to 4" in job.error
    assert not BomVersion.objects.exists() and default_storage.exists(path)  # kept for a retry
    client.force_login(cora)
    card = client.get(project.get_absolute_url()).content.decode()
    assert "bad.xlsx, row 5, column «Уровень»" in card and f"/jobs/{job.pk}/retry/" in card
    assert f'hx-get="/jobs/{job.pk}/progress/' not in card  # a failed job is not polled (it would reload the page)


def test_a_failure_while_storing_leaves_no_version_and_no_line(cora, project, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "BULK_SIZE", 2)
    inserts = []
    original = BomItem.objects.bulk_create

    def failing(items, *args, **kwargs):
        inserts.append(len(items))
        if len(inserts) == 3:
            raise RuntimeError("disk full")
        return original(items, *args, **kwargs)

    monkeypatch.setattr(BomItem.objects, "bulk_create", failing)
    path = services.bom_keep(bom_file())
    with django_capture_on_commit_callbacks(execute=True):
        job = services.bom_import_start(actor=cora, project=project, name="ebus.xlsx", path=path)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "disk full" in job.error
    assert not BomVersion.objects.exists() and not BomItem.objects.exists() and default_storage.exists(path)


class Recorder:
    def __init__(self):
        self.heard = []
        self.finished = False

    def __call__(self, done, total, stage="", *, force=False):
        self.heard.append((done, total, stage))

    def finish(self):
        self.finished = True


def test_the_job_reports_reading_then_every_stored_chunk(cora, project, monkeypatch):
    monkeypatch.setattr(services, "BULK_SIZE", 2)
    job = Job.objects.create(kind=JobKind.IMPORT_BOM, title="t", created_by=cora, params={
        "project": project.pk, "name": "ebus.xlsx", "path": services.bom_keep(bom_file()), "note": ""})
    progress = Recorder()
    services.bom_import_job(job, progress)
    assert progress.heard[0] == (0, 0, "reading ebus.xlsx")
    # While the reading process works the job says it is alive, with the same stage, about once a second.
    stored = [heard for heard in progress.heard[1:] if heard != (0, 0, "reading ebus.xlsx")]
    # by depth (2 lines under the product, 3 under them, 2 below), each depth in chunks of two
    assert stored == [(n, 7, "storing 7 BOM lines") for n in (0, 2, 4, 5, 7)]
    assert progress.finished and BomVersion.objects.get().items.count() == 7


def test_a_kept_file_gone_fails_the_job_saying_to_choose_it_again(cora, project):
    job = Job.objects.create(kind=JobKind.IMPORT_BOM, title="t", created_by=cora, params={
        "project": project.pk, "name": "ebus.xlsx", "path": "cooperation/pending/none", "note": ""})
    with pytest.raises(services.JobFailed, match="no longer there: choose the file again"):
        services.bom_import_job(job, Recorder())
