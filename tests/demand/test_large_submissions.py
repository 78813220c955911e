"""Big submissions: a file of many lines deleted in the background (and resumed after its worker died), stored
uploads nobody references swept away, a sheet read row by row whose error comes after its first lines, and the
mapping of a very wide sheet offering only the columns that hold data. Every file is made here."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from cityorder.demand import services
from cityorder.demand.isolated_read import IsolatedReadFailed, ReadLimits, read_isolated
from cityorder.demand.models import DemandLine, EventAction, FileStatus, SourceFile
from cityorder.demand.storage import unreferenced_files_remove
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.jobs.services import Progress, job_retry, job_run
from tests.demand.workbooks import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_temporary_folder(tmp_path, monkeypatch):
    """The sweep looks at the temporary folder too: these tests' own, not the machine's."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))


def _rows(n: int) -> list[list[object]]:
    return [["Наименование", "Обозначение", 2026], *([f"Резистор {i}", f"R{i}", i + 1] for i in range(n))]


# Deleting a big file --------------------------------------------------------------------------------------------


@pytest.fixture
def big_file(upload, settings):
    settings.CITYORDER_DELETE_IN_BACKGROUND_LINES = 100
    source = upload("big.xlsx", xlsx(_rows(250)))
    assert source.status == FileStatus.READ and source.lines.count() == 250
    return source


def test_a_big_file_is_deleted_by_a_job_and_shown_as_being_deleted_meanwhile(
        big_file, bob, client, submission, django_capture_on_commit_callbacks):
    stored = Path(big_file.content.path)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.upload_remove(actor=bob, source=big_file)
    assert job is not None and job.kind == JobKind.DELETE_UPLOAD and queued  # the job runs once this commits
    big_file.refresh_from_db()
    assert big_file.status == FileStatus.DELETING and big_file.job == job
    assert big_file.lines.count() == 250  # nothing deleted in the request
    client.force_login(bob)
    html = client.get(submission.get_absolute_url()).content.decode()
    assert 'data-file-status="deleting"' in html and f"remove-file-{big_file.pk}" not in html
    with pytest.raises(ValidationError, match="big.xlsx is being deleted"):
        services.submission_submit(actor=bob, submission=submission)
    assert services.upload_remove(actor=bob, source=big_file) == job  # asked twice: the same job
    with django_capture_on_commit_callbacks(execute=True):
        job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == job.total == 250
    assert not SourceFile.objects.filter(pk=big_file.pk).exists() and not DemandLine.objects.exists()
    assert not stored.exists()
    assert submission.events.filter(action=EventAction.FILE_REMOVED, comment="big.xlsx").exists()


class WorkerKilled(BaseException):
    """What a kill -9 looks like to the code after it: nothing more runs."""


def test_a_deletion_whose_worker_died_goes_on_from_where_it_stopped(big_file, bob, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "DELETE_BATCH", 100)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.upload_remove(actor=bob, source=big_file)
    assert job is not None
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)

    class Dying(Progress):
        """Its worker dies as soon as the first batch has committed."""

        def __call__(self, done: int, total: int, stage: str = "", *, force: bool = False) -> None:
            if done:
                raise WorkerKilled

    with pytest.raises(WorkerKilled):
        services.delete_upload_job(Job.objects.get(pk=job.pk), Dying(job.pk, attempt=1))
    big_file.refresh_from_db()
    # One batch gone in its own transaction; the file is still there, still «being deleted», never half-shown
    # as read.
    assert big_file.status == FileStatus.DELETING and big_file.lines.count() == 150
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)  # as a stalled job is seen
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=Job.objects.get(pk=job.pk), user=bob)
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    assert not SourceFile.objects.filter(pk=big_file.pk).exists() and not DemandLine.objects.exists()


def test_a_file_of_few_lines_is_still_deleted_at_once(upload, bob):
    source = upload("small.xlsx", xlsx(_rows(5)))
    assert services.upload_remove(actor=bob, source=source) is None
    assert not SourceFile.objects.exists() and not DemandLine.objects.exists()


def test_a_reading_that_ends_after_its_file_began_to_be_deleted_stores_nothing(
        big_file, bob, django_capture_on_commit_callbacks):
    job = big_file.job
    with django_capture_on_commit_callbacks(execute=False):
        services.upload_remove(actor=bob, source=big_file)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    job_run(job.pk)  # the file's reading, run again meanwhile
    big_file.refresh_from_db()
    assert big_file.status == FileStatus.DELETING and big_file.lines.count() == 250


# Stored files nobody references ---------------------------------------------------------------------------------


def test_an_upload_stored_by_a_process_killed_before_its_commit_is_swept(upload, settings):
    kept = upload("kept.xlsx", xlsx(_rows(2)))
    # What a worker killed between storing the bytes and committing the row leaves behind.
    orphan = SourceFile(name="lost.xlsx", size=1, sha256="0" * 64)
    orphan.content.save("lost.xlsx", ContentFile(b"bytes nobody names"), save=False)
    fresh = SourceFile(name="fresh.xlsx", size=1, sha256="1" * 64)
    fresh.content.save("fresh.xlsx", ContentFile(b"an upload still in flight"), save=False)
    lost, young = Path(orphan.content.path), Path(fresh.content.path)
    hours_ago = time.time() - 3 * 3600
    for path in (lost, Path(kept.content.path)):
        os.utime(path, (hours_ago, hours_ago))
    out = io.StringIO()
    call_command("sweep_uploads", stdout=out)
    assert f"removed {orphan.content.name}" in out.getvalue() and "1 unreferenced file(s) removed" in out.getvalue()
    assert not lost.exists()
    assert young.exists() and Path(kept.content.path).exists()  # too young to be sure; and referenced
    assert unreferenced_files_remove() == []


def test_a_removal_killed_before_its_bytes_went_leaves_them_to_the_sweep(upload, bob, monkeypatch):
    source = upload("a.xlsx", xlsx(_rows(2)))
    path = Path(source.content.path)
    with monkeypatch.context() as patch:  # the on_commit callback that deletes the bytes never runs
        patch.setattr("django.db.transaction.on_commit", lambda *args, **kwargs: None)
        services.upload_remove(actor=bob, source=source)
    assert path.exists()
    assert unreferenced_files_remove(older_than=timedelta(0)) == [source.content.name]
    assert not path.exists()


# Reading row by row ---------------------------------------------------------------------------------------------


def test_an_error_found_after_the_first_batches_fails_the_file_naming_the_place(tmp_path):
    rows = "".join(f"Резистор {i};{i + 1}\n" for i in range(5000))
    path = tmp_path / "late.csv"
    path.write_text("Наименование;2026\n" + rows + "x" * 40_000 + ";1\n", encoding="utf-8")
    limits = ReadLimits(memory_mb=1024, seconds=120, max_rows=1_048_576, max_columns=1000,
                         wall_seconds=600)
    with pytest.raises(IsolatedReadFailed, match="late.csv, row 5002, column A: the cell holds 40000 characters"):
        read_isolated(path, filename="late.csv", customer="x", default_year=2026, mapping=None, limits=limits)


def test_the_reading_child_sends_every_line_in_batches_with_the_summary_last(tmp_path, monkeypatch):
    path = tmp_path / "many.csv"
    path.write_text("Наименование;2026\n" + "".join(f"Резистор {i};{i + 1}\n" for i in range(5000)),
                    encoding="utf-8")
    limits = ReadLimits(memory_mb=1024, seconds=120, max_rows=1_048_576, max_columns=1000,
                         wall_seconds=600)
    result = read_isolated(path, filename="many.csv", customer="x", default_year=2026, mapping=None, limits=limits)
    try:
        batches = list(result.batches())
        assert [len(b) for b in batches] == [2000, 2000, 1000] and result.count == 5000
        assert batches[-1][-1].name == "Резистор 4999" and batches[-1][-1].row == 5001
        assert result.counts == {"ok": 5000, "skipped": 0, "errors": 0} and result.sheets[0]["header_row"] == 1
    finally:
        result.close()


# The mapping of a wide sheet ------------------------------------------------------------------------------------


def test_a_10000_column_sheet_with_two_used_columns_offers_two(client, upload, bob, submission, settings):
    settings.CITYORDER_MAX_COLUMNS = 10_002
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Наименование", 2026, *(f"Столбец {i}" for i in range(1, 10_001))])
    sheet.append(["Таймер", 10])
    sheet.append(["Стабилизатор", 5])
    buffer = io.BytesIO()
    book.save(buffer)
    source = upload("wide.xlsx", buffer.getvalue())
    assert source.status == FileStatus.READ and len(source.sheets[0]["headers"]) == 10_002
    assert source.sheets[0]["data_columns"] == ["A", "B"]
    client.force_login(bob)
    html = client.get(submission.get_absolute_url()).content.decode()
    assert "Столбец 1<" not in html and "Столбец 10000" not in html
    # Each select offers «none» and the two columns; before, all 10,002 in each of them.
    form = f'name="m{source.pk}-0-f_manufacturer"'
    select = html[html.index(form):html.index("</select>", html.index(form))]
    assert select.count("<option") == 3 and "A · Наименование" in select and "B · 2026" in select
    response = client.post(reverse("demand:file_mapping", args=[source.pk, 0]),
                           {f"m{source.pk}-0-f_manufacturer": "Столбец 5"})
    assert response.status_code in (200, 302)
    source.refresh_from_db()
    assert "manufacturer" not in (source.mapping or {})  # not a choice: refused


def test_the_working_folder_of_a_killed_reading_is_swept_once_no_reading_can_be_running(settings, tmp_path):
    # No reading runs longer than its bounds, processor time and (the larger) wall clock.
    settings.CITYORDER_READ_SECONDS, settings.CITYORDER_READ_WALL_SECONDS = 60, 120
    left = tmp_path / "cityorder-import-abc"
    left.mkdir()
    (left / "source").write_bytes(b"a copy of a file imported by mail")
    running = tmp_path / "cityorder-read-def"
    running.mkdir()
    other = tmp_path / "someone-else"
    other.mkdir()
    slow = tmp_path / "cityorder-read-ghi"  # past the processor bound, within the clock's: may still be read
    slow.mkdir()
    long_ago, a_while_ago = time.time() - 3600, time.time() - 90
    for folder in (left, other):
        os.utime(folder, (long_ago, long_ago))
    os.utime(slow, (a_while_ago, a_while_ago))
    assert unreferenced_files_remove(older_than=timedelta(0)) == [str(left)]
    assert not left.exists() and running.exists() and other.exists() and slow.exists()
