"""The one task the queue knows: run a Job by id (what it does is the job's kind)."""

from __future__ import annotations

from django_tasks import task

from cityorder.jobs.services import job_run


@task()
def run_job(job_id: int) -> None:
    job_run(job_id)
