"""Who may follow and retry background jobs: whoever started one, and the department."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cityorder.accounts.access import is_department
from cityorder.jobs.models import Job

if TYPE_CHECKING:
    from cityorder.accounts.access import AnyUser


def visible_jobs(user: AnyUser) -> QuerySet[Job]:
    """A job is watched and retried by whoever started it and by the department; for anyone else it is not found."""
    if not user.is_authenticated:
        return Job.objects.none()
    if is_department(user):
        return Job.objects.all()
    return Job.objects.filter(created_by_id=user.pk)


def can_see_job(user: AnyUser, job: Job) -> bool:
    return user.is_authenticated and (is_department(user) or job.created_by_id == user.pk)
