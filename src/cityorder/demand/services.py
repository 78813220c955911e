"""State changes of demand: campaigns, submissions and their review, uploads and lines.

One keyword-only function per use case, each in one transaction, each asking demand.access first, so the
pages, the API and the commands share one set of rules. Reading a file is a background job (``read_upload_job``).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cityorder.demand import access, texts
from cityorder.demand.isolated_read import (
    IsolatedReadFailed,
    IsolatedResult,
    ReadLimits,
    read_isolated,
)
from cityorder.demand.lines import clean_line_fields, line_from_record
from cityorder.demand.models import (
    Campaign,
    ColumnMapping,
    DemandLine,
    EventAction,
    FileStatus,
    LineOrigin,
    LineStatus,
    SourceFile,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from cityorder.demand.storage import delete_lines, insert_lines
from cityorder.demand.uploads import CheckedUpload, check_upload
from cityorder.engine.messages import msg
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.jobs.services import JobFailed, JobSuperseded, Progress, job_start
from cityorder.registry.models import Organization

if TYPE_CHECKING:
    from cityorder.accounts.models import User



def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def _saved(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


# Campaigns ------------------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, actor: User, invited: Iterable[Organization] = (), **fields: Any) -> Campaign:
    _require(access.can_manage_campaigns(actor))
    campaign = _saved(Campaign(created_by=actor, **fields))
    campaign.invited.set(invited)
    return campaign


@transaction.atomic
def campaign_update(*, actor: User, campaign: Campaign, invited: Iterable[Organization] | None = None,
                    **fields: Any) -> Campaign:
    _require(access.can_manage_campaigns(actor))
    for name, value in fields.items():
        setattr(campaign, name, value)
    _saved(campaign)
    if invited is not None:
        campaign.invited.set(invited)
    return campaign


# Submissions ----------------------------------------------------------------------------------------------------


def _event(submission: Submission, action: str, actor: User | None, comment: str = "") -> SubmissionEvent:
    return SubmissionEvent.objects.create(
        submission=submission, action=action, status=submission.status, actor=actor, comment=comment
    )


@transaction.atomic
def submission_open(*, actor: User, campaign: Campaign, customer: Organization | None = None) -> Submission:
    """The customer's submission to a campaign, created as a draft on first use."""
    customer = customer or actor.organization
    if customer is None:
        raise ValidationError(_("Your account is not linked to an organization; ask the administrator."))
    _require(access.can_submit_demand_for(actor, campaign, customer))
    submission, created = Submission.objects.get_or_create(campaign=campaign, customer=customer)
    if created:
        _event(submission, EventAction.CREATED, actor)
    return submission


def _require_editable(actor: User, submission: Submission) -> None:
    if not submission.editable:
        raise ValidationError(
            _("The submission is %(status)s and cannot be changed now.")
            % {"status": submission.get_status_display().lower()}
        )
    _require(access.can_edit_submission(actor, submission))


@transaction.atomic
def submission_submit(*, actor: User, submission: Submission, comment: str = "") -> Submission:
    """Hand the submission to the department: only with lines, every file read and no error rows left."""
    Submission.objects.select_for_update().filter(pk=submission.pk).first()  # one submit at a time
    submission.refresh_from_db()
    _require_editable(actor, submission)
    lines = submission.lines.all()
    _require_files_read(submission)
    errors = lines.filter(status=LineStatus.ERROR).count()
    if errors:
        raise ValidationError(
            _("%(count)s row(s) have errors: correct or remove them, or upload a corrected file.") % {"count": errors}
        )
    if not lines.filter(status=LineStatus.OK).exists():
        raise ValidationError(_("The submission has no lines of demand yet."))
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["status", "submitted_at", "updated_at"])
    _event(submission, EventAction.SUBMITTED, actor, comment)
    return submission


def _require_files_read(submission: Submission) -> None:
    """Every file read: one that failed, or whose reading stopped, is named with what to do about it."""
    for source in submission.files.exclude(status=FileStatus.READ).select_related("job"):
        if source.status == FileStatus.DELETING:
            raise ValidationError(_("%(file)s is being deleted; submit when it is gone.") % {"file": source.name})
        if source.status == FileStatus.FAILED:
            raise ValidationError(
                _("%(file)s could not be read: remove it, or upload a corrected copy and remove this one.")
                % {"file": source.name}
            )
        job = source.job
        if job is not None and (job.status == JobStatus.FAILED or job.stalled):
            raise ValidationError(
                _("The reading of %(file)s stopped: run it again from the file on the page, or remove the file.")
                % {"file": source.name}
            )
        raise ValidationError(_("A file is still being read; submit when it is done."))


@transaction.atomic
def submission_return(*, actor: User, submission: Submission, comment: str) -> Submission:
    """Send a submission back to its customer with what to change (the comment is required)."""
    _require(access.can_review_submission(actor, submission))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the customer should change.")})
    if submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED):
        raise ValidationError(_("Only a submitted or accepted submission can be returned."))
    if not submission_returnable(submission):
        raise ValidationError(_("The submission is counted in a published city order and can no longer be "
                                "returned; consolidate a new version from corrected demand instead."))
    return _set_status(submission, SubmissionStatus.RETURNED, EventAction.RETURNED, actor, comment)


def submission_returnable(submission: Submission) -> bool:
    """Submitted, or accepted and not yet counted in a published version of the city order: a published order's
    figures trace back to its rows, so they stay as they were accepted."""
    if submission.status == SubmissionStatus.SUBMITTED:
        return True
    if submission.status != SubmissionStatus.ACCEPTED:
        return False
    # The order app builds on demand, so its model is looked up rather than imported.
    position_line = apps.get_model("order", "PositionLine")
    return not position_line.objects.filter(line__submission=submission, position__order__published=True).exists()


@transaction.atomic
def submission_accept(*, actor: User, submission: Submission, comment: str = "") -> Submission:
    _require(access.can_review_submission(actor, submission))
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted submission can be accepted."))
    return _set_status(submission, SubmissionStatus.ACCEPTED, EventAction.ACCEPTED, actor, comment)


def _set_status(submission: Submission, status: str, action: str, actor: User | None, comment: str) -> Submission:
    submission.status = status
    submission.save(update_fields=["status", "updated_at"])
    _event(submission, action, actor, comment)
    return submission


# Uploads --------------------------------------------------------------------------------------------------------


def upload_add(*, actor: User, submission: Submission, name: str, data: bytes | IO[bytes]) -> SourceFile:
    """Keep the file as it came and queue its reading. The same file (same checksum) twice is refused, naming the
    earlier copy; a refused or failed upload leaves nothing stored. ``data`` may be an open file (an upload Django
    spooled to disk): it is checked and stored in chunks, never read whole into memory."""
    _require_editable(actor, submission)
    checked = check_upload(name, data)
    earlier = submission.files.filter(sha256=checked.sha256).first()
    if earlier is not None:
        raise ValidationError(
            _("%(file)s is the same file as «%(earlier)s» uploaded on %(date)s; it was not added twice.")
            % {"file": checked.name, "earlier": earlier.name, "date": f"{earlier.uploaded_at:%d.%m.%Y %H:%M}"}
        )
    source = SourceFile(submission=submission, name=checked.name, size=checked.size, sha256=checked.sha256,
                        uploaded_by=actor)
    source.content.save(checked.name, checked.as_file(), save=False)
    try:
        with transaction.atomic():
            source.save()
            source.job = _read_job(source, actor)
            source.save(update_fields=["job"])
            _event(submission, EventAction.UPLOADED, actor, checked.name)
    except Exception:
        source.content.delete(save=False)  # the row was rolled back: the stored bytes must go too
        raise
    return source


def _read_job(source: SourceFile, actor: User | None) -> Job:
    return job_start(kind=JobKind.READ_UPLOAD, title=msg(texts.READING, file=source.name),
                     params={"source": source.pk}, user=actor)


@transaction.atomic
def upload_remove(*, actor: User, source: SourceFile) -> Job | None:
    """Delete the file with its lines. A file of more than CITYORDER_DELETE_IN_BACKGROUND_LINES lines is deleted
    by a background job (``delete_upload_job``), shown meanwhile as «being deleted»; that job is returned."""
    submission = source.submission
    _require_editable(actor, submission)
    locked = SourceFile.objects.select_for_update().filter(pk=source.pk).first()
    if locked is None:
        return None  # deleted meanwhile
    if locked.status == FileStatus.DELETING:
        job = locked.job
        if job is not None and not (job.status == JobStatus.FAILED or job.stalled):
            return job  # already under way
        # Its deletion stopped (it failed, or its worker died, perhaps as often as a job may be retried): the
        # file would stay «being deleted» for good and block the submission, so the deletion starts again.
    if DemandLine.objects.filter(source=source).count() > settings.CITYORDER_DELETE_IN_BACKGROUND_LINES:
        source.status = FileStatus.DELETING
        source.job = job_start(kind=JobKind.DELETE_UPLOAD, title=msg(texts.DELETING, file=source.name),
                               params={"source": source.pk}, user=actor)
        source.save(update_fields=["status", "job"])
        return source.job
    _delete_file(source, actor)
    return None


def _delete_file(source: SourceFile, actor: User | None) -> None:
    """The file's row and its last lines, with the event; its stored bytes go once that has committed (should
    the process die in between, ``unreferenced_files_remove`` finds them)."""
    delete_lines(DemandLine.objects.filter(source=source))
    source.delete()
    transaction.on_commit(lambda: source.content.delete(save=False))
    _event(source.submission, EventAction.FILE_REMOVED, actor, source.name)


DELETE_BATCH = 20_000


def delete_upload_job(job: Job, progress: Progress) -> None:
    """Delete a big file's lines a batch at a time, each batch in its own transaction, then the file itself in
    the transaction that records the job as done. A worker killed on the way leaves the file «being deleted»
    with fewer lines; the job run again goes on from there (it only ever deletes what is left)."""
    source = SourceFile.objects.select_related("submission").filter(pk=job.params["source"]).first()
    if source is None:
        progress.finish()
        return
    lines = DemandLine.objects.filter(source=source)
    total, done = lines.count(), 0
    progress(0, total, texts.STAGE_DELETING, force=True)
    while True:
        last = lines.order_by("pk").values_list("pk", flat=True)[DELETE_BATCH - 1:DELETE_BATCH].first()
        if last is None:
            break  # fewer than a batch left: they go with the file
        with transaction.atomic():
            done += delete_lines(lines.filter(pk__lte=last))
        progress(done, total, texts.STAGE_DELETING)
    with transaction.atomic():
        SourceFile.objects.select_for_update().filter(pk=source.pk).first()
        _delete_file(source, job.created_by)
        progress(total, total, texts.STAGE_DELETING)
        progress.finish()


@transaction.atomic
def mapping_set(*, actor: User, source: SourceFile, mapping: Mapping[str, str], remember: bool = True) -> SourceFile:
    """Read the file again with the columns the customer chose; remembered for the organization's later files.
    Corrections typed into rows of this file are lost by the re-read (the page says so before)."""
    submission = source.submission
    _require_editable(actor, submission)
    if source.status == FileStatus.DELETING:
        raise ValidationError(_("%(file)s is being deleted.") % {"file": source.name})
    chosen = {field: column for field, column in mapping.items() if column is not None}
    source.mapping = chosen
    source.status = FileStatus.PENDING
    source.error = ""
    source.job = _read_job(source, actor)
    source.save(update_fields=["mapping", "status", "error", "job"])
    if remember:
        ColumnMapping.objects.update_or_create(
            organization=submission.customer,
            defaults={"mapping": {f: c for f, c in chosen.items() if c}, "updated_by": actor},
        )
    _event(submission, EventAction.MAPPING_CHANGED, actor, source.name)
    return source


def read_upload_job(job: Job, progress: Progress) -> None:
    """Read a stored file into lines. The file is read in a child process with a memory limit (a hostile file
    kills only that process); the lines replace the file's old ones batch by batch in one transaction at the end,
    which also records the job as done, so a failure leaves the previous state whole and a worker killed after
    the commit leaves no job «running». Whatever goes wrong, the file is marked failed with a message saying
    where and what to do."""
    source = SourceFile.objects.select_related("submission__campaign", "submission__customer").get(
        pk=job.params["source"]
    )
    try:
        _read_upload(source, job, progress)
    except JobSuperseded:
        raise
    except Exception as exc:
        reason = str(exc) if isinstance(exc, (JobFailed, IsolatedReadFailed)) else msg(
            texts.READ_FAILED, file=source.name, error=exc)
        _read_by(source, job).update(status=FileStatus.FAILED, error=reason)
        raise JobFailed(reason) from exc


def _read_by(source: SourceFile, job: Job) -> QuerySet[SourceFile]:
    """The file, as long as ``job`` is its current reading: a reading overtaken by a later one (the columns were
    chosen again meanwhile) or by the file's deletion changes nothing of it."""
    return SourceFile.objects.filter(pk=source.pk, job=job).exclude(status=FileStatus.DELETING)


def _read_upload(source: SourceFile, job: Job, progress: Progress) -> None:
    submission = source.submission
    campaign = submission.campaign
    # A retried reading: the file waits again, rather than showing the earlier failure while it is read.
    _read_by(source, job).update(status=FileStatus.PENDING, error="")
    progress(0, 0, texts.STAGE_READING, force=True)
    with tempfile.TemporaryDirectory(prefix="cityorder-read-") as workdir:
        result = read_isolated(
            _local_path(source, Path(workdir)), filename=source.name, customer=submission.customer.short_name,
            default_year=campaign.year_from, mapping=_mapping_for(source) or None, limits=_read_limits(),
            waiting=lambda: progress(0, 0, texts.STAGE_READING),
        )
    try:
        _store_lines(source, job, progress, result)
    finally:
        result.close()


def _store_lines(source: SourceFile, job: Job, progress: Progress, result: IsolatedResult) -> None:
    submission = source.submission
    campaign = submission.campaign
    years = range(campaign.year_from, campaign.year_to + 1)
    total, done = result.count, 0
    errors = 0
    with transaction.atomic():
        if _read_by(source, job).select_for_update().values_list("pk", flat=True).first() is None:
            progress.finish()  # removed, or read again with other columns, while it was read: nothing to store
            return
        delete_lines(DemandLine.objects.filter(source=source))
        for records in result.batches():
            lines = [line_from_record(r, submission=submission, source=source, years=years) for r in records]
            insert_lines(lines)
            errors += sum(1 for line in lines if line.status == LineStatus.ERROR)
            done += len(lines)
            progress(done, total, texts.STAGE_SAVING, force=done >= total)
        source.status = FileStatus.READ
        source.error = ""
        source.sheets = result.sheets
        source.save(update_fields=["status", "error", "sheets"])
        # Years outside the campaign make error rows here, so the errors are counted from what was stored.
        counts = {**result.counts, "ok": result.counts["ok"] - (errors - result.counts["errors"]),
                  "errors": errors}
        _event(submission, EventAction.FILE_READ, job.created_by, msg(texts.FILE_READ, file=source.name, **counts))
        progress.finish()


def _local_path(source: SourceFile, workdir: Path) -> Path:
    """A path the reading process can open: the stored file itself, or a copy of it from a remote storage."""
    try:
        return Path(source.content.path)
    except NotImplementedError:
        copy = workdir / "source"
        with source.content.open("rb") as handle, copy.open("wb") as out:
            shutil.copyfileobj(handle, out)
        return copy


def _read_limits() -> ReadLimits:
    return ReadLimits.from_settings(settings)


def read_wall_seconds() -> int:
    """The wall-clock bound of a reading: never below its processor bound, which would then never be the one."""
    return _read_limits().wall_seconds


def _mapping_for(source: SourceFile) -> dict[str, str]:
    """The file's own mapping, else the one the organization chose for earlier files."""
    if source.mapping:
        return dict(source.mapping)
    saved = ColumnMapping.objects.filter(organization_id=source.submission.customer_id).first()
    return dict(saved.mapping) if saved else {}


def _status_counts(lines: Sequence[DemandLine]) -> dict[str, int]:
    statuses = [line.status for line in lines]
    return {"ok": statuses.count(LineStatus.OK), "skipped": statuses.count(LineStatus.SKIPPED),
            "errors": statuses.count(LineStatus.ERROR)}


# Lines ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def line_add(*, actor: User, submission: Submission, origin: str = LineOrigin.FORM,
             quantities: Mapping[Any, Any], **fields: Any) -> DemandLine:
    """A line typed into the form or sent through the API; refused with every problem named if it is not right."""
    _require_editable(actor, submission)
    texts, parsed, problems = clean_line_fields(fields, quantities, submission.campaign.years)
    if problems:
        raise ValidationError(problems.errors)
    line = DemandLine.objects.create(submission=submission, origin=origin, status=LineStatus.OK,
                                     quantities=parsed, updated_by=actor, **texts)
    _event(submission, EventAction.LINE_ADDED, actor, str(line))
    return line


@transaction.atomic
def line_update(*, actor: User, line: DemandLine, quantities: Mapping[Any, Any], **fields: Any) -> DemandLine:
    """Correct a line (an error row becomes a line once it is right); the values read from the file are kept."""
    submission = line.submission
    _require_editable(actor, submission)
    texts, parsed, problems = clean_line_fields(fields, quantities, submission.campaign.years)
    if problems:
        raise ValidationError(problems.errors)
    if not line.original and line.source_id:
        line.original = {
            **{name: getattr(line, name) for name in texts}, "quantities": line.quantities,
            "status": line.status, "message": line.message, "cells": line.cells,
        }
    for name, value in texts.items():
        setattr(line, name, value)
    line.quantities = parsed
    line.status, line.message, line.column, line.cells = LineStatus.OK, "", "", {}
    line.updated_by = actor
    line.save()
    _event(submission, EventAction.LINE_CHANGED, actor, f"{line.where}: {line}")
    return line


@transaction.atomic
def line_remove(*, actor: User, line: DemandLine) -> None:
    submission = line.submission
    _require_editable(actor, submission)
    where = line.where
    line.delete()
    _event(submission, EventAction.LINE_REMOVED, actor, where)


# Demand received by mail ----------------------------------------------------------------------------------------


def import_demand(*, campaign: Campaign, customer: Organization, files: Sequence[tuple[str, bytes]],
                  actor: User | None = None) -> list[tuple[str, str]]:
    """Files a customer sent by mail, read now and counted as accepted. Returns (file, what happened) per file:
    a file already imported is recognized by its checksum and skipped; an unreadable one changes nothing.

    Each file is read as uploads are, in a memory-limited child process and before the transaction that stores
    it, so a hostile file fails alone and no write lock is held while a big one is read."""
    outcomes = []
    for name, data in files:
        checked = check_upload(name, data)
        earlier = SourceFile.objects.filter(submission__campaign=campaign, submission__customer=customer,
                                            sha256=checked.sha256).first()
        if earlier is not None:
            outcomes.append((checked.name, _("already imported as «%(file)s»; skipped") % {"file": earlier.name}))
            continue
        with tempfile.TemporaryDirectory(prefix="cityorder-import-") as workdir:
            path = Path(workdir) / "source"
            path.write_bytes(checked.read_bytes())
            try:
                result = read_isolated(path, filename=checked.name, customer=customer.short_name,
                                       default_year=campaign.year_from, mapping=None, limits=_read_limits())
            except IsolatedReadFailed as exc:
                outcomes.append((checked.name, str(exc)))
                continue
        try:
            outcomes.append((checked.name, _store_import(campaign, customer, checked, result, actor)))
        finally:
            result.close()
    return outcomes


@transaction.atomic
def _store_import(campaign: Campaign, customer: Organization, checked: CheckedUpload, result: IsolatedResult,
                  actor: User | None) -> str:
    submission, created = Submission.objects.select_for_update().get_or_create(campaign=campaign, customer=customer)
    if created:
        _event(submission, EventAction.CREATED, actor)
    source = SourceFile(submission=submission, name=checked.name, size=checked.size, sha256=checked.sha256,
                        uploaded_by=actor, status=FileStatus.READ, sheets=result.sheets)
    source.content.save(checked.name, checked.as_file(), save=False)
    try:
        source.save()
        years = range(campaign.year_from, campaign.year_to + 1)
        counts = {"ok": 0, "skipped": 0, "errors": 0}
        for records in result.batches():
            lines = [line_from_record(r, submission=submission, source=source, years=years) for r in records]
            insert_lines(lines)
            for key, n in _status_counts(lines).items():
                counts[key] += n
        submission.status = SubmissionStatus.ACCEPTED
        submission.submitted_at = submission.submitted_at or timezone.now()
        submission.save(update_fields=["status", "submitted_at", "updated_at"])
        _event(submission, EventAction.IMPORTED, actor, msg(texts.FILE_READ, file=checked.name, **counts))
    except Exception:
        source.content.delete(save=False)
        raise
    return _("%(ok)s lines, %(skipped)s skipped, %(errors)s with errors") % counts

