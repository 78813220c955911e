"""REST endpoints of background jobs: a job's progress, and running a failed or stalled one again."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.calls import call
from cityorder.api.schema import NOT_FOUND, enum_field
from cityorder.api.serializers import StoredTextField
from cityorder.api.views import ERRORS
from cityorder.jobs import access as jobs_access
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.jobs.services import job_retry


class JobOutput(serializers.ModelSerializer):
    title = StoredTextField()
    stage = StoredTextField()
    error = StoredTextField()
    kind = enum_field(JobKind, read_only=True)
    status = enum_field(JobStatus, read_only=True)
    percent = serializers.IntegerField(read_only=True)
    finished = serializers.BooleanField(read_only=True)
    stalled = serializers.BooleanField(read_only=True, help_text=_(
        "Running, but its worker has not been heard of for a while: it has stopped, and the job may be retried."))

    class Meta:
        model = Job
        fields = ["id", "kind", "title", "status", "stage", "done", "total", "percent", "finished", "stalled", "error",
                  "attempts", "created_at", "started_at", "heartbeat_at", "finished_at"]
        read_only_fields = fields


@extend_schema_view(retrieve=extend_schema(summary=_("A background job's progress"),
                                           responses={200: JobOutput, 404: NOT_FOUND}))
class JobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Background jobs (reading a file, consolidating): seen by whoever started them and by the department."""

    serializer_class = JobOutput
    queryset = Job.objects.none()  # the schema's model; get_queryset gives the rows
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Job]:
        # Another user's job is not found, as one that does not exist.
        return jobs_access.visible_jobs(self.request.user)

    @extend_schema(summary=_("Run a failed or stalled job again"), request=None,
                   responses={200: JobOutput, 400: ERRORS[400], 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str | None = None) -> Response:
        job = call(job_retry, job=self.get_object(), user=request.user)
        return Response(JobOutput(job).data)
