"""A job's progress as a small fragment the pages poll (htmx), and the retry button of a failed job."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cityorder.jobs import access
from cityorder.jobs.models import Job
from cityorder.jobs.services import JobFailed, job_retry


def _job(request: HttpRequest, pk: int) -> Job:
    # Another user's job is not found, as one that does not exist.
    return get_object_or_404(access.visible_jobs(request.user), pk=pk)


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment; when the job has finished, HX-Refresh reloads the page that polls it (its results
    are then on that page)."""
    job = _job(request, pk)
    back = request.headers.get("HX-Current-URL", "")  # the page polling us, where a retry should return
    response = render(request, "jobs/_progress.html", {"job": job, "poll": not job.finished, "back": back})
    if job.finished and request.headers.get("HX-Request") and request.GET.get("reload") == "1":
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def job_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        job_retry(job=job, user=request.user)  # type: ignore[arg-type]
    except JobFailed as exc:
        messages.error(request, str(exc))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("web:home")
