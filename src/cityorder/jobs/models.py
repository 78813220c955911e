"""Background jobs as people see them: what runs, how far it got, why it failed.

The queue itself is django-tasks (database backend); a Job is our record of one piece of long work, updated
by the worker as it goes, so a page can draw a progress bar and offer a retry.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    READ_UPLOAD = "read_upload", _("Reading an uploaded file")
    CONSOLIDATE = "consolidate", _("Consolidating a campaign")
    MATCH_ANALOGS = "match_analogs", _("Matching domestic analogs")
    EXPLODE_BOM = "explode_bom", _("Exploding a project's BOM")
    DELETE_UPLOAD = "delete_upload", _("Deleting an uploaded file")
    COVERAGE = "coverage", _("Computing coverage")
    IMPORT_BOM = "import_bom", _("Importing a project's BOM")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=JobKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    title = models.CharField(_("title"), max_length=500)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    stage = models.CharField(_("stage"), max_length=255, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def can_retry(self) -> bool:
        """Failed or stalled, and not yet run JOB_MAX_ATTEMPTS times (a job that keeps killing its worker stops)."""
        return (self.status == JobStatus.FAILED or self.stalled) and self.attempts < settings.JOB_MAX_ATTEMPTS

    @property
    def stalled(self) -> bool:
        """Running, but its worker has not been heard of for JOB_STALLED_AFTER seconds: it died with the job."""
        if self.status != JobStatus.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at
        return last is None or timezone.now() - last > timedelta(seconds=settings.JOB_STALLED_AFTER)
