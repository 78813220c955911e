"""Files made to hurt: a sheet whose cells lie at the ends of the grid, one that exhausts the reader's memory, a
csv with a 5 MB cell, an upload bigger than the limit. Each fails alone, says where and what to do, and the
worker (this process) goes on. Every file is made here."""

from __future__ import annotations

import io
import os
import tempfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from cityorder.demand import services
from cityorder.demand.models import DemandLine, FileStatus, LineStatus
from cityorder.demand.uploads import NamelessTemporaryFileUploadHandler
from cityorder.engine.reading.tabular import UnreadableFile, read_tables, xlsx_extents
from cityorder.jobs.models import JobStatus
from tests.demand.workbooks import sparse_xlsx, xlsx

pytestmark = pytest.mark.django_db


# The reader -----------------------------------------------------------------------------------------------------


def test_a_declared_dimension_is_not_believed():
    data = sparse_xlsx({"A1": "Наименование", "B2": 5}, declared="A1:XFD1048576")
    assert len(data) < 6000
    assert xlsx_extents(data) == {"Sheet": (2, 2)}
    assert read_tables(data, "bomb.xlsx")[0].rows == [["Наименование"], ["", 5.0]]


def test_cells_at_the_ends_of_the_grid_are_refused_by_name_without_laying_the_grid_out():
    data = sparse_xlsx({"A1": "Наименование", "XFD1048576": "x"})
    assert len(data) < 6000
    with pytest.raises(UnreadableFile) as caught:
        read_tables(data, "bomb.xlsx")  # calamine would ask for 512 GiB and abort the process
    text = str(caught.value)
    assert "bomb.xlsx, sheet «Sheet»" in text and "column XFD and row 1048576" in text
    assert "1000 columns" in text and "delete the empty columns and rows" in text


def test_a_csv_cell_longer_than_a_spreadsheet_cell_is_refused_with_its_row_and_column():
    data = ("Наименование;Кол-во\nТаймер;5\nРезистор;" + "x" * 5_000_000 + "\n").encode()
    with pytest.raises(UnreadableFile) as caught:
        read_tables(data, "big.csv")
    assert "big.csv, row 3, column B: the cell holds 5000000 characters" in str(caught.value)


def test_a_csv_cell_over_the_csv_modules_own_limit_but_within_a_cell_is_read():
    long_name = "Резистор " + "x" * 200_000  # over csv's 128 KB default, yet the cap is 32,767: refused by name
    with pytest.raises(UnreadableFile, match="row 2, column A"):
        read_tables(f"Наименование;Кол-во\n{long_name};5\n".encode(), "long.csv")
    name = "Резистор " + "x" * 30_000
    assert read_tables(f"Наименование;Кол-во\n{name};5\n".encode(), "ok.csv")[0].rows[1] == [name, "5"]


# Through the platform -------------------------------------------------------------------------------------------


def test_a_grid_bomb_fails_its_file_and_the_worker_goes_on(upload, bob, submission):
    bomb = upload("bomb.xlsx", sparse_xlsx({"A1": "Наименование", "XFD1048576": "x"}))
    assert bomb.status == FileStatus.FAILED and "sheet «Sheet»" in bomb.error
    assert bomb.job.status == JobStatus.FAILED and bomb.job.error == bomb.error
    good = upload("good.xlsx", xlsx([["Наименование", "Обозначение", 2026], ["Таймер", "NE555P", 10]]))
    assert good.status == FileStatus.READ
    with pytest.raises(ValidationError, match="bomb.xlsx could not be read: remove it"):
        services.submission_submit(actor=bob, submission=submission)
    services.upload_remove(actor=bob, source=bomb)
    services.submission_submit(actor=bob, submission=submission)


def test_a_file_that_exhausts_the_readers_memory_kills_only_the_reader(upload, settings):
    settings.CITYORDER_READ_MEMORY_MB = 400
    # Within the caps (1,000 columns, 200,000 rows), yet calamine's dense grid of it needs gigabytes.
    source = upload("huge.xlsx", sparse_xlsx({"A1": "Наименование", "ALL200000": "x"}))
    assert source.status == FileStatus.FAILED
    assert "needed more than 400 MB of memory and was stopped" in source.error
    assert source.job.status == JobStatus.FAILED
    assert upload("next.xlsx", xlsx([["Наименование", 2026], ["Таймер", 10]])).status == FileStatus.READ


def test_a_file_that_takes_too_long_is_stopped_and_the_worker_goes_on(upload, settings):
    settings.CITYORDER_READ_SECONDS = 1
    rows = "".join(f"Резистор {i};R{i};{i % 90 + 1}\n" for i in range(300_000))
    source = upload("slow.csv", ("Наименование;Обозначение;2026\n" + rows).encode())
    assert source.status == FileStatus.FAILED
    assert "slow.csv: reading the file used more than 1 seconds of processor time and was stopped" in source.error
    settings.CITYORDER_READ_SECONDS = 600
    assert upload("next.xlsx", xlsx([["Наименование", 2026], ["Таймер", 10]])).status == FileStatus.READ


def test_empty_rows_between_the_data_and_a_far_cell_are_no_lines(upload, settings):
    source = upload("far.xlsx", sparse_xlsx({"A1": "Наименование", "B1": 2026, "A2": "Таймер", "B2": 10,
                                             "CV100000": "x"}))
    assert source.status == FileStatus.READ
    assert source.lines.count() == 2  # the timer and the far cell's row, not 99,998 blank ones
    assert source.lines.filter(status=LineStatus.OK).get().name == "Таймер"


def test_a_csv_with_a_5_mb_cell_fails_its_file_with_the_place_and_submit_says_so(upload, bob, submission):
    source = upload("big.csv", ("Наименование;2026\nТаймер;5\n" + "x" * 5_000_000 + ";1\n").encode())
    assert source.status == FileStatus.FAILED
    assert "big.csv, row 3, column A: the cell holds 5000000 characters" in source.error
    with pytest.raises(ValidationError) as caught:
        services.submission_submit(actor=bob, submission=submission)
    assert "big.csv could not be read" in str(caught.value) and "still being read" not in str(caught.value)


def test_the_file_page_shows_why_a_file_failed(client, upload, bob, submission):
    upload("big.csv", ("Наименование;2026\n" + "x" * 40_000 + ";1\n").encode())
    client.force_login(bob)
    html = client.get(submission.get_absolute_url()).content.decode()
    assert "big.csv, row 2, column A: the cell holds 40000 characters" in html


def test_the_job_is_done_in_the_transaction_that_stores_its_lines(bob, submission, django_capture_on_commit_callbacks):
    """The handler itself records the job as done: a worker killed right after its commit leaves no «running» job
    beside stored lines."""
    from cityorder.jobs.models import Job
    from cityorder.jobs.services import Progress

    with django_capture_on_commit_callbacks(execute=False):
        source = services.upload_add(actor=bob, submission=submission, name="a.xlsx",
                                     data=xlsx([["Наименование", 2026], ["Таймер", 10]]))
    Job.objects.filter(pk=source.job_id).update(status=JobStatus.RUNNING, attempts=1)
    job = Job.objects.get(pk=source.job_id)
    services.read_upload_job(job, Progress(job.pk, attempt=1))  # no job_run around it to finish the job
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.finished_at is not None
    assert source.lines.count() == 1


def test_deleting_a_file_with_more_lines_than_sqlite_has_variables(upload, bob):
    source = upload("a.xlsx", xlsx([["Наименование", 2026], ["Таймер", 10]]))
    line = source.lines.get()
    DemandLine.objects.bulk_create(
        [DemandLine(submission=line.submission, source=source, row=i, name=f"R{i}", quantities={"2026": 1})
         for i in range(3, 40_003)], batch_size=2000,
    )
    services.upload_remove(actor=bob, source=source)  # one statement naming 40,001 ids failed on SQLite
    assert not DemandLine.objects.exists()


# Uploads --------------------------------------------------------------------------------------------------------


def test_an_upload_over_the_limit_is_refused_by_its_content_length(client, bob, submission, settings):
    settings.CITYORDER_MAX_UPLOAD_MB = 1
    client.force_login(bob)
    body = encode_multipart(BOUNDARY, {"files": _named(b"x" * 100, "demand.csv")})
    # The length claimed, not the body sent: were the body read, its parser would fail on the difference.
    response = client.generic("POST", reverse("demand:upload", args=[submission.pk]), body,
                              content_type=MULTIPART_CONTENT, CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert "200.0 MB, more than the limit of 1 MB" in response.content.decode()
    assert not submission.files.exists()
    api = client.generic("POST", f"/api/v1/submissions/{submission.pk}/files/", body,
                         content_type=MULTIPART_CONTENT, CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert api.status_code == 413 and "limit of 1 MB" in api.json()["detail"]


def test_a_big_upload_is_spooled_to_a_file_without_a_name(settings, monkeypatch, tmp_path):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    body = encode_multipart(BOUNDARY, {"files": _named("Наименование;2026\n".encode().ljust(50_000, b"x"), "a.csv")})
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    handlers = [MemoryFileUploadHandler(), NamelessTemporaryFileUploadHandler()]
    _post, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    uploaded = files["files"]
    assert uploaded.size == 50_000 and not hasattr(uploaded, "temporary_file_path")
    assert os.listdir(tmp_path) == []  # nothing a killed worker would leave behind
    assert uploaded.read(12) == "Наименование".encode()[:12]


def _named(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


# Wide sheets ----------------------------------------------------------------------------------------------------


def test_a_sheet_wider_than_the_cap_is_refused_naming_the_sheet(upload):
    book = openpyxl.Workbook()
    book.active.title = "Широкий"
    book.active.append(["Наименование", 2026, *(f"Столбец {i}" for i in range(1, 10_001))])
    buffer = io.BytesIO()
    book.save(buffer)
    source = upload("wide.xlsx", buffer.getvalue())
    assert source.status == FileStatus.FAILED
    assert "wide.xlsx, sheet «Широкий»: the sheet has cells as far as column NTR" in source.error


def test_a_wide_sheet_offers_its_columns_once_not_in_every_select(client, upload, bob, submission):
    headers = ["Наименование", "Обозначение", 2026, *(f"Примечание {i}" for i in range(1, 898))]
    source = upload("wide.xlsx", xlsx([headers, ["Таймер", "NE555P", 10, *(f"п{i}" for i in range(1, 898))]]))
    assert source.status == FileStatus.READ and len(source.sheets[0]["headers"]) == 900
    client.force_login(bob)
    html = client.get(submission.get_absolute_url()).content.decode()
    assert html.count("<option") < 1000  # one list of 900 columns; before, 900 in each of 18 selects
    assert f'list="m{source.pk}-0-columns"' in html and "Примечание 897" in html
    fields = {f"m{source.pk}-0-f_manufacturer": "Примечание 5"}
    client.post(reverse("demand:file_mapping", args=[source.pk, 0]), fields)
    source.refresh_from_db()
    assert source.mapping["manufacturer"] == "Примечание 5"


# SQLite under load ----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_file_with_many_lines_is_read_again_while_its_progress_is_written(bob, alice, settings):
    """The job's reporter writes its progress on its own connection all the while the file's lines are replaced;
    on SQLite a transaction that read before it wrote then failed with «database is locked»."""
    from cityorder.jobs.services import job_run

    settings.JOB_HEARTBEAT_SECONDS = 0.01
    campaign = services.campaign_create(actor=alice, code="big", title="ЭКБ", year_from=2026, year_to=2028,
                                        invited=[bob.organization])
    submission = services.submission_open(actor=bob, campaign=campaign)
    rows = [["Наименование", "Обозначение", 2026], *([f"Резистор {i}", f"R{i}", i + 1] for i in range(20_000))]
    source = services.upload_add(actor=bob, submission=submission, name="big.xlsx", data=xlsx(rows))
    job_run(source.job_id)
    assert source.lines.count() == 20_000
    services.mapping_set(actor=bob, source=source, mapping={"part_number": "Наименование"}, remember=False)
    source.refresh_from_db()
    job_run(source.job_id)
    source.refresh_from_db()
    assert source.job.status == JobStatus.DONE, source.job.error
    assert source.status == FileStatus.READ and source.lines.count() == 20_000
    assert source.lines.filter(part_number="Резистор 7").exists()


def test_demand_received_by_mail_is_read_in_the_child_too(campaign, bob, alice, settings):
    settings.CITYORDER_READ_MEMORY_MB = 400
    outcomes = services.import_demand(campaign=campaign, customer=bob.organization, actor=alice, files=[
        ("huge.xlsx", sparse_xlsx({"A1": "Наименование", "ALL200000": "x"})),
        ("good.xlsx", xlsx([["Наименование", "Обозначение", 2026], ["Таймер", "NE555P", 10]])),
    ])
    assert "needed more than 400 MB of memory" in outcomes[0][1]
    assert outcomes[1] == ("good.xlsx", "1 lines, 0 skipped, 0 with errors")
    assert [f.name for f in campaign.submissions.get().files.all()] == ["good.xlsx"]
