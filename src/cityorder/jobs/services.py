"""Starting, running, reporting and retrying background jobs.

A job's work is a handler ``handler(job, progress)`` registered by kind. The handler does its heavy work
outside any transaction (so progress updates are seen by the page as they happen) and writes its result in
one transaction at the end, so a failed job leaves nothing half-written and can simply be run again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cityorder.jobs.models import Job, JobKind, JobStatus

if TYPE_CHECKING:
    from cityorder.accounts.models import User

logger = logging.getLogger(__name__)

HANDLERS: dict[str, str] = {
    JobKind.READ_UPLOAD: "cityorder.demand.services.read_upload_job",
    JobKind.CONSOLIDATE: "cityorder.order.services.consolidate_job",
    JobKind.MATCH_ANALOGS: "cityorder.substitution.services.match_job",
}


class JobFailed(Exception):
    """An expected failure: its message is shown to the user as it is (it says what to do)."""


class Progress:
    """Reports how far a job got; writes at most every half second, so a tight loop can call it freely."""

    INTERVAL = 0.5

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._last = 0.0

    def __call__(self, done: int, total: int, stage: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.INTERVAL:
            return
        self._last = now
        Job.objects.filter(pk=self.job_id).update(done=max(0, done), total=max(0, total), stage=stage[:255])


Handler = Callable[[Job, Progress], Any]


def job_start(*, kind: str, title: str, params: dict[str, Any], user: User | None = None) -> Job:
    """Record a job and queue it once the surrounding transaction commits (never a job for unsaved data)."""
    job = Job.objects.create(kind=kind, title=title[:500], params=params, created_by=user)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def job_retry(*, job: Job, user: User) -> Job:
    """Queue a failed job again; the handler starts from scratch, as nothing of the failed run was kept."""
    from cityorder.accounts.access import can_see_job

    if not can_see_job(user, job):
        raise PermissionDenied
    if job.status != JobStatus.FAILED:
        raise JobFailed(_("Only a failed job can be run again."))
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, error="", stage="", done=0, total=0)
    transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def _enqueue(job_id: int) -> None:
    from cityorder.jobs.tasks import run_job

    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def job_run(job_id: int) -> None:
    """Run one job to its end; a failure is recorded on the job (with its reason), not raised to the worker."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status == JobStatus.DONE:
        return  # deleted meanwhile, or already done by another worker
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), finished_at=None, attempts=F("attempts") + 1
    )
    job.refresh_from_db()
    handler: Handler = import_string(HANDLERS[job.kind])
    try:
        handler(job, Progress(job_id))
    except JobFailed as exc:
        _finish(job_id, JobStatus.FAILED, str(exc))
    except Exception as exc:  # a worker must outlive any one job; the reason is kept for the person who retries
        logger.exception("job %s (%s) failed", job_id, job.kind)
        _finish(job_id, JobStatus.FAILED, _("Unexpected error: %(error)s. Retry; if it fails again, tell the "
                                            "administrator.") % {"error": exc})
    else:
        _finish(job_id, JobStatus.DONE, "")


def _finish(job_id: int, status: str, error: str) -> None:
    fields: dict[str, Any] = {"status": status, "error": error, "finished_at": timezone.now()}
    if status == JobStatus.DONE:
        fields["done"] = F("total")
    Job.objects.filter(pk=job_id).update(**fields)
