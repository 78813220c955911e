"""Starting, running, reporting and retrying background jobs.

A job's work is a handler ``handler(job, progress)`` registered by kind. The handler does its heavy work
outside any transaction (so progress updates are seen by the page as they happen) and writes its result in
one transaction at the end, so a failed job leaves nothing half-written and can simply be run again.

A worker that dies (killed, machine gone) cannot record anything; while a job runs, a reporter thread keeps
touching it, so a job that has gone silent is seen as stalled and may be retried. Each run holds its attempt
number: once a retry has taken the job over, the old run's next progress report stops it and it can no longer
finish the job.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cityorder.engine.messages import msg
from cityorder.jobs import access, texts
from cityorder.jobs.models import Job, JobKind, JobStatus

if TYPE_CHECKING:
    from cityorder.accounts.models import User

logger = logging.getLogger(__name__)

HANDLERS: dict[str, str] = {
    JobKind.READ_UPLOAD: "cityorder.demand.services.read_upload_job",
    JobKind.DELETE_UPLOAD: "cityorder.demand.services.delete_upload_job",
    JobKind.CONSOLIDATE: "cityorder.order.services.consolidate_job",
    JobKind.MATCH_ANALOGS: "cityorder.substitution.services.match_job",
    JobKind.EXPLODE_BOM: "cityorder.cooperation.services.explode_job",
    JobKind.COVERAGE: "cityorder.substitution.stored.coverage_job",
    JobKind.IMPORT_BOM: "cityorder.cooperation.services.bom_import_job",
}


class JobFailed(Exception):
    """An expected failure: its message is shown to the user as it is (it says what to do)."""


class JobSuperseded(Exception):
    """This run was taken over by a retry (its worker was thought dead); it must stop without a trace."""


class Progress:
    """How far a job got, as its handler tells it; cheap to call in a tight loop.

    A handler saves its result in one transaction, and what it writes there is seen by nobody until the end; so
    inside a transaction the figures are only noted here and a reporter thread, on its own connection, writes
    them (outside one, they are written at once). Every half second at most the handler's own thread checks that
    the job is still its attempt's: once a retry has taken it over, the call raises JobSuperseded, which, inside
    the final transaction, rolls it back.
    """

    INTERVAL = 0.5

    def __init__(self, job_id: int, attempt: int = 0) -> None:
        self.job_id = job_id
        self.attempt = attempt
        self.latest: tuple[int, int, str] = (0, 0, "")
        self.changed = threading.Event()
        self._checked = 0.0

    def __call__(self, done: int, total: int, stage: str = "", *, force: bool = False) -> None:
        self.latest = (max(0, done), max(0, total), stage[:255])
        self.changed.set()
        now = time.monotonic()
        if not force and now - self._checked < self.INTERVAL:
            return
        self._checked = now
        if connection.in_atomic_block:
            ours = not self.attempt or self._jobs().exists()
        else:
            ours = self.write()
        if not ours:
            raise JobSuperseded

    def finish(self) -> None:
        """Record the job as done inside the handler's final transaction, so its result and its end commit
        together: a worker killed just after the commit leaves a done job, never a «running» one with its
        result saved. Raises JobSuperseded when a retry has taken the job over (the transaction is then
        rolled back)."""
        done, total, stage = self.latest
        if not self._jobs().update(status=JobStatus.DONE, error="", finished_at=timezone.now(), done=total,
                                   total=total, stage=stage):
            raise JobSuperseded

    def write(self) -> bool:
        """Write the latest figures as a sign of life; False when the job is no longer this attempt's."""
        self.changed.clear()
        done, total, stage = self.latest
        return bool(self._jobs().update(done=done, total=total, stage=stage, heartbeat_at=timezone.now()))

    def _jobs(self) -> QuerySet[Job]:
        jobs = Job.objects.filter(pk=self.job_id)
        return jobs.filter(attempts=self.attempt, status=JobStatus.RUNNING) if self.attempt else jobs


class Reporter(threading.Thread):
    """Writes a running job's progress as it changes and, even when the handler says nothing for a long time,
    a sign of life every JOB_HEARTBEAT_SECONDS, so that a silent job means a dead worker. A write that cannot
    be made now (SQLite busy with the job's own transaction) is made at a later turn."""

    def __init__(self, progress: Progress) -> None:
        super().__init__(name=f"job-{progress.job_id}-reporter", daemon=True)
        self.progress = progress
        self.stopped = threading.Event()

    def run(self) -> None:
        last = time.monotonic()
        try:
            while not self.stopped.wait(Progress.INTERVAL):
                if not (self.progress.changed.is_set() or time.monotonic() - last >= settings.JOB_HEARTBEAT_SECONDS):
                    continue
                try:
                    self.progress.write()
                except DatabaseError:
                    logger.debug("job %s: progress not written this turn", self.progress.job_id, exc_info=True)
                else:
                    last = time.monotonic()
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self.stopped.set()
        self.join()


Handler = Callable[[Job, Progress], Any]


def job_start(*, kind: str, title: str, params: dict[str, Any], user: User | None = None) -> Job:
    """Record a job and queue it once the surrounding transaction commits (never a job for unsaved data)."""
    job = Job.objects.create(kind=kind, title=title[:500], params=params, created_by=user)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def job_retry(*, job: Job, user: User) -> Job:
    """Queue a failed or stalled job again; the handler starts from scratch, as nothing of the failed run was kept
    (and a stalled run, should its worker come back, is stopped by its next progress report)."""
    if not access.can_see_job(user, job):
        raise PermissionDenied
    job.refresh_from_db()
    if not (job.status == JobStatus.FAILED or job.stalled):
        raise JobFailed(_("Only a failed job, or one whose worker has stopped, can be run again."))
    if job.attempts >= settings.JOB_MAX_ATTEMPTS:
        if job.stalled:  # its worker died with it as many times: no run of it is going on any more
            Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
                status=JobStatus.FAILED, finished_at=timezone.now(), error=msg(texts.GAVE_UP, attempts=job.attempts))
        raise JobFailed(_("This job has been run %(attempts)s times, the most allowed; change the file or the data "
                          "it works on and start it again, or tell the administrator.") % {"attempts": job.attempts})
    Job.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
        status=JobStatus.QUEUED, error="", stage="", done=0, total=0
    )
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
    if job is None or job.status != JobStatus.QUEUED:
        return  # deleted meanwhile, or already taken (or done) by another worker
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED, attempts=job.attempts).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, finished_at=None, attempts=F("attempts") + 1
    )
    if not taken:
        return
    job.refresh_from_db()
    progress = Progress(job_id, job.attempts)
    reporter = Reporter(progress)
    reporter.start()
    try:
        _run_handler(job, progress)
    finally:
        reporter.stop()


def _run_handler(job: Job, progress: Progress) -> None:
    handler: Handler = import_string(HANDLERS[job.kind])
    try:
        handler(job, progress)
    except JobSuperseded:
        logger.warning("job %s (%s): attempt %s was taken over by a retry and stopped", job.pk, job.kind,
                       job.attempts)
    except JobFailed as exc:
        _finish(job, progress, JobStatus.FAILED, str(exc))
    except Exception as exc:  # a worker must outlive any one job; the reason is kept for the person who retries
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, progress, JobStatus.FAILED, msg(texts.UNEXPECTED, error=exc))
    else:
        _finish(job, progress, JobStatus.DONE, "")


def _finish(job: Job, progress: Progress, status: str, error: str) -> None:
    """Record the end of this attempt with its last figures; an attempt a retry has replaced records nothing."""
    done, total, stage = progress.latest
    fields: dict[str, Any] = {"status": status, "error": error, "finished_at": timezone.now(), "done": done,
                              "total": total, "stage": stage}
    if status == JobStatus.DONE:
        fields["done"] = total
    Job.objects.filter(pk=job.pk, attempts=job.attempts, status=JobStatus.RUNNING).update(**fields)
