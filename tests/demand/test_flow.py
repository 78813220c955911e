"""The whole way of demand: a campaign, a customer's upload with an error row, its correction, submission,
acceptance, consolidation into a version of the order with every figure traced to its row."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityorder.demand import services
from cityorder.demand.models import FileStatus, LineStatus
from cityorder.jobs.models import JobStatus
from cityorder.order import services as order_services
from cityorder.order.models import PositionLine
from tests.demand.workbooks import messy_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(alice, bob, carol):
    return services.campaign_create(
        actor=alice, code="ekb-2026", title="Потребность в ЭКБ и АКБ на 2026–2028 гг.", year_from=2026,
        year_to=2028, kinds=["components", "batteries"], invited=[bob.organization, carol.organization],
    )


def upload(user, submission, data, name="demand.xlsx", capture=None):
    with capture(execute=True):
        return services.upload_add(actor=user, submission=submission, name=name, data=data)


def test_customer_upload_fix_submit_accept_consolidate(campaign, alice, bob, django_capture_on_commit_callbacks):
    submission = services.submission_open(actor=bob, campaign=campaign)
    source = upload(bob, submission, messy_demand(), capture=django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert source.status == FileStatus.READ
    assert source.job.status == JobStatus.DONE
    lines = {line.row: line for line in submission.lines.all()}
    assert lines[5].status == LineStatus.SKIPPED
    assert lines[6].quantities == {"2026": 100.0, "2027": 1000.0, "2028": 50.0}
    error = lines[8]
    assert error.status == LineStatus.ERROR and "по потребности" in error.message
    with pytest.raises(ValidationError, match="error"):
        services.submission_submit(actor=bob, submission=submission)

    services.line_update(actor=bob, line=error, name=error.name, unit="шт",
                         quantities={"2026": "300", "2027": "500", "2028": "500"})
    error.refresh_from_db()
    assert error.status == LineStatus.OK and error.original["status"] == "error"
    services.submission_submit(actor=bob, submission=submission)
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=bob, submission=submission)
    services.submission_accept(actor=alice, submission=submission)
    assert [e.action for e in submission.events.all()] == [
        "created", "uploaded", "file_read", "line_changed", "submitted", "accepted",
    ]

    made = order_services.consolidate_campaign(campaign, actor=alice)
    order = made.order
    assert order.number == 1 and order.stats["positions"] == 4
    timer = order.positions.get(part_number="NE555P")
    assert timer.quantities == {"2026": 100.0, "2027": 1000.0, "2028": 50.0}
    source_line = PositionLine.objects.get(position=timer)
    assert (source_line.file, source_line.sheet, source_line.row) == ("demand.xlsx", "Потребность", 6)
    assert source_line.customer == bob.organization


def test_same_file_twice_is_refused(campaign, bob, django_capture_on_commit_callbacks):
    submission = services.submission_open(actor=bob, campaign=campaign)
    data = messy_demand()  # made once: a workbook saved a second later differs in its timestamp
    upload(bob, submission, data, capture=django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="same file"):
        upload(bob, submission, data, name="copy.xlsx", capture=django_capture_on_commit_callbacks)
    assert submission.files.count() == 1


def test_broken_file_is_refused_and_nothing_is_stored(campaign, bob, settings, django_capture_on_commit_callbacks):
    submission = services.submission_open(actor=bob, campaign=campaign)
    with pytest.raises(ValidationError, match="damaged"):
        upload(bob, submission, b"PK\x03\x04 not really a zip", capture=django_capture_on_commit_callbacks)
    assert submission.files.count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_carol_cannot_touch_bobs_submission(campaign, bob, carol):
    submission = services.submission_open(actor=bob, campaign=campaign)
    with pytest.raises(PermissionDenied):
        services.line_add(actor=carol, submission=submission, name="x", quantities={"2026": 1})


def test_a_zip_bomb_and_an_oversized_file_are_refused(campaign, bob, settings, django_capture_on_commit_callbacks):
    import io
    import zipfile

    submission = services.submission_open(actor=bob, campaign=campaign)
    settings.CITYORDER_MAX_UNPACKED_MB = 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (3 * 1024 * 1024))  # 3 MB that packs into a few KB
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(ValidationError, match="zip bomb"):
        upload(bob, submission, buffer.getvalue(), name="bomb.xlsx", capture=django_capture_on_commit_callbacks)
    settings.CITYORDER_MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError, match="limit"):
        upload(bob, submission, messy_demand(), capture=django_capture_on_commit_callbacks)
    assert submission.files.count() == 0


def test_a_failed_read_can_be_retried_and_leaves_no_lines(campaign, bob, django_capture_on_commit_callbacks):
    from cityorder.jobs.services import job_retry

    submission = services.submission_open(actor=bob, campaign=campaign)
    source = upload(bob, submission, b"\xff\xfe not a table at all \x00\x01", name="broken.xls",
                    capture=django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert source.status == FileStatus.FAILED and source.job.status == JobStatus.FAILED
    assert source.error and not submission.lines.exists()
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=source.job, user=bob)
    source.job.refresh_from_db()
    assert source.job.status == JobStatus.FAILED and source.job.attempts == 2
