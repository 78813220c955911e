"""REST endpoints of demand: campaigns, submissions and their review, lines, uploaded files and background jobs.

Reads are scoped by demand.access (through demand.queries where it has the read); every change is one call of
demand.services (or order.services for consolidation), which decides permissions. A submission's lines and files
are nested under it (/submissions/{id}/lines/, /submissions/{id}/files/), so a submission the user may not see
answers 404 for all of them alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Case, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.serializers import StoredTextField, VisibleOrganizationField
from cityorder.api.views import ERRORS, ReadViewSet
from cityorder.demand import access, queries, services
from cityorder.demand.lines import TEXT_FIELDS
from cityorder.demand.models import (
    Campaign,
    CampaignStatus,
    DemandKind,
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
from cityorder.engine.reading.headers import FIELDS
from cityorder.jobs import access as jobs_access
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.jobs.services import JobFailed, job_retry
from cityorder.order import services as order_services
from cityorder.registry import access as registry_access
from cityorder.registry.models import Organization

T = TypeVar("T")

# demand.lines.clean_line_fields names a bad quantity «quantity:2027» and a missing one «quantity».
_YEAR_KEY = "quantity:"

NOT_FOUND = OpenApiResponse(description=_("Not found, or not visible to the user."))


# --- errors -------------------------------------------------------------------------------------------------------

def api_errors(exc: DjangoValidationError) -> dict[str, Any]:
    """A service's ValidationError as the API's 400 body: messages by input field, quantities by year."""
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    errors: dict[str, Any] = {}
    by_year: dict[str, list[str]] = {}
    for key, messages in exc.message_dict.items():
        if key.startswith(_YEAR_KEY):
            by_year[key.removeprefix(_YEAR_KEY)] = messages
        elif key == "quantity":
            errors["quantities"] = messages
        elif key == NON_FIELD_ERRORS:
            errors["non_field_errors"] = messages
        else:
            errors[key] = messages
    if by_year:
        errors["quantities"] = by_year
    return errors


def call(fn: Callable[..., T], **kwargs: Any) -> T:
    """Run a service: its PermissionDenied becomes 403, its ValidationError (and a job's refusal) 400."""
    try:
        return fn(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(api_errors(exc)) from exc
    except JobFailed as exc:
        raise exceptions.ValidationError({"non_field_errors": [str(exc)]}) from exc


def read_input(serializer_class: type[serializers.Serializer], request: Request, *, partial: bool = False,
               instance: Any = None) -> Any:
    data = serializer_class(instance, data=request.data, partial=partial, context={"request": request})
    data.is_valid(raise_exception=True)
    return data.validated_data


def nested_under(name: str, description: Any) -> Any:
    """The schema of the parent's id in a nested path (spectacular cannot find it on the model)."""
    return extend_schema(parameters=[OpenApiParameter(name, int, OpenApiParameter.PATH, description=description)])


@functools.cache
def _enum_field_class(choices: type[models.TextChoices]) -> type[serializers.ChoiceField]:
    field_class = type(f"{choices.__name__}Field", (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": list(choices.values)}
    return extend_schema_field(schema, component_name=f"{choices.__name__}Enum")(field_class)


def enum_field(choices: type[models.TextChoices], **kwargs: Any) -> serializers.ChoiceField:
    """A choice among ``choices``, one named enum in the schema whichever serializer uses it (left to itself,
    spectacular names every «status» of the API by a hash and warns)."""
    return _enum_field_class(choices)(choices=choices.choices, **kwargs)


# --- jobs ---------------------------------------------------------------------------------------------------------

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


# --- campaigns ----------------------------------------------------------------------------------------------------

class InvitableCustomerField(serializers.PrimaryKeyRelatedField):
    """A customer organization's id, among those the user may invite."""

    def get_queryset(self) -> QuerySet[Organization]:
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return queries.invitable_customers(request.user)


class CampaignOutput(serializers.ModelSerializer):
    years = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    kinds = serializers.ListField(child=enum_field(DemandKind), read_only=True)
    status = enum_field(CampaignStatus, read_only=True)
    invited: serializers.PrimaryKeyRelatedField[Organization] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Invited customers the user may see (a customer sees only itself)."))

    class Meta:
        model = Campaign
        fields = ["id", "code", "title", "description", "year_from", "year_to", "years", "kinds", "deadline",
                  "status", "invited", "created_at"]
        read_only_fields = fields


class CampaignInput(serializers.ModelSerializer):
    """Open (POST), replace (PUT) or change (PATCH) a campaign."""

    kinds = serializers.ListField(child=enum_field(DemandKind), required=False)
    status = enum_field(CampaignStatus, required=False)
    invited = InvitableCustomerField(many=True, required=False,
                                     help_text=_("Customer ids; the list replaces the invited customers."))

    class Meta:
        model = Campaign
        fields = ["code", "title", "description", "year_from", "year_to", "kinds", "deadline", "status", "invited"]
        # A unique code is checked by the model in the service, with the same message as the page.
        extra_kwargs: dict[str, Any] = {"code": {"validators": []}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first = attrs.get("year_from", getattr(self.instance, "year_from", None))
        last = attrs.get("year_to", getattr(self.instance, "year_to", None))
        if first is not None and last is not None and last < first:
            raise serializers.ValidationError({"year_to": _("The last year cannot be before the first year.")})
        return attrs


@extend_schema_field(OpenApiTypes.INT)
class OrganizationIdField(VisibleOrganizationField):
    """An organization id in a serializer without a model, where spectacular cannot tell the id's type."""


class SubmissionOpenInput(serializers.Serializer):
    customer = OrganizationIdField(
        required=False, help_text=_("For the department only: the customer whose demand is entered. "
                                    "A customer always opens its own submission."))


class SubmissionOutput(serializers.ModelSerializer):
    campaign: serializers.SlugRelatedField[Campaign] = serializers.SlugRelatedField(slug_field="code",
                                                                                    read_only=True)
    customer_name = serializers.CharField(source="customer.short_name", read_only=True)
    status = enum_field(SubmissionStatus, read_only=True)
    editable = serializers.BooleanField(read_only=True,
                                        help_text=_("Whether the customer may change it now (draft or returned)."))
    ok_count = serializers.IntegerField(read_only=True)
    skipped_count = serializers.IntegerField(read_only=True)
    error_count = serializers.IntegerField(read_only=True)
    return_comment = serializers.CharField(read_only=True,
                                           help_text=_("What the department asked to change, while returned."))

    class Meta:
        model = Submission
        fields = ["id", "campaign", "customer", "customer_name", "status", "editable", "submitted_at",
                  "ok_count", "skipped_count", "error_count", "return_comment", "created_at", "updated_at"]
        read_only_fields = fields


class CampaignFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=CampaignStatus.choices, label=_("Status"))

    class Meta:
        model = Campaign
        fields = ["status"]


def _campaign_writes() -> dict[str, Any]:
    def write(summary: Any, code: int) -> Any:
        return extend_schema(summary=summary, request=CampaignInput,
                             responses={code: CampaignOutput, **ERRORS, 404: NOT_FOUND})

    return {"create": write(_("Open a demand campaign"), 201), "update": write(_("Replace a campaign"), 200),
            "partial_update": write(_("Change a campaign"), 200)}


@extend_schema_view(**_campaign_writes())
class CampaignViewSet(ReadViewSet):
    """Demand campaigns, looked up by code: the department sees and keeps all; a customer sees those it is
    invited to (or open to all) once they are open."""

    output_class = CampaignOutput
    filterset_class = CampaignFilter
    lookup_field = "code"
    search_fields = ["code", "title"]
    ordering_fields = ["created_at", "deadline", "code", "title"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self) -> QuerySet[Campaign]:
        user = self.request.user
        return access.visible_campaigns(user).prefetch_related(
            Prefetch("invited", queryset=registry_access.visible_organizations(user)))

    def create(self, request: Request) -> Response:
        if not access.can_manage_campaigns(request.user):  # before the input: a refusal is never a 400
            raise exceptions.PermissionDenied
        campaign = call(services.campaign_create, actor=request.user, **read_input(CampaignInput, request))
        return self._answer(campaign, status.HTTP_201_CREATED)

    def update(self, request: Request, code: str | None = None, partial: bool = False) -> Response:
        campaign = self.get_object()
        fields = read_input(CampaignInput, request, partial=partial, instance=campaign)
        campaign = call(services.campaign_update, actor=request.user, campaign=campaign, **fields)
        return self._answer(campaign)

    def partial_update(self, request: Request, code: str | None = None) -> Response:
        return self.update(request, code, partial=True)

    @extend_schema(
        summary=_("Open the submission to this campaign, or get the one already open"),
        request=SubmissionOpenInput,
        responses={200: SubmissionOutput, 201: SubmissionOutput, **ERRORS, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def submission(self, request: Request, code: str | None = None) -> Response:
        """A customer's own submission (the department names the customer); 201 when it was just created."""
        campaign = self.get_object()
        chosen = read_input(SubmissionOpenInput, request).get("customer")
        customer = chosen or getattr(request.user, "organization", None)
        existed = customer is not None and Submission.objects.filter(campaign=campaign, customer=customer).exists()
        submission = call(services.submission_open, actor=request.user, campaign=campaign, customer=customer)
        return Response(_submission_data(request, submission),
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(summary=_("Consolidate the accepted demand into a new version of the city order"), request=None,
                   responses={202: JobOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def consolidate(self, request: Request, code: str | None = None) -> Response:
        """Queues the consolidation; follow it at /api/v1/jobs/{id}/, the version then appears in /orders/."""
        job = call(order_services.consolidation_start, actor=request.user, campaign=self.get_object())
        return Response(JobOutput(job).data, status=status.HTTP_202_ACCEPTED)


# --- submissions --------------------------------------------------------------------------------------------------

def visible_submissions(user: Any) -> QuerySet[Submission]:
    """Submissions the user may see, with their rows counted and the department's reason while returned."""
    reason = SubmissionEvent.objects.filter(submission=OuterRef("pk"), action=EventAction.RETURNED).order_by(
        "-at", "-pk").values("comment")[:1]
    return access.visible_submissions(user).select_related("campaign", "customer").annotate(
        **queries.line_counts_by_status(),
        return_comment=Case(When(status=SubmissionStatus.RETURNED, then=Subquery(reason)), default=Value(""),
                            output_field=models.TextField()),
    )


def _submission_data(request: Request, submission: Submission) -> dict[str, Any]:
    fresh = visible_submissions(request.user).get(pk=submission.pk)
    return SubmissionOutput(fresh, context={"request": request}).data


class SubmissionFilter(filters.FilterSet):
    campaign = filters.CharFilter(field_name="campaign__code", label=_("Campaign code"))
    status = filters.ChoiceFilter(choices=SubmissionStatus.choices, label=_("Status"))
    customer = filters.NumberFilter(field_name="customer_id", label=_("Customer id"))

    class Meta:
        model = Submission
        fields = ["campaign", "status", "customer"]


class CommentInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnInput(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, help_text=_("What the customer should change (required)."))


def _review(summary: Any, input_class: type[serializers.Serializer] = CommentInput) -> Any:
    return extend_schema(summary=summary, request=input_class,
                         responses={200: SubmissionOutput, **ERRORS, 404: NOT_FOUND})


class SubmissionViewSet(ReadViewSet):
    """Customers' submissions: a customer sees its own, the department all, anyone else none. The customer
    submits; the department accepts or returns with a comment."""

    output_class = SubmissionOutput
    filterset_class = SubmissionFilter
    lookup_value_regex = r"\d+"
    search_fields = ["customer__short_name", "customer__full_name", "customer__inn"]
    ordering_fields = ["submitted_at", "updated_at", "status", "customer__short_name"]
    ordering = ["campaign", "customer__short_name", "pk"]

    def get_queryset(self) -> QuerySet[Submission]:
        return visible_submissions(self.request.user)

    def _change(self, request: Request, service: Callable[..., Submission],
                input_class: type[serializers.Serializer] = CommentInput) -> Response:
        submission = call(service, actor=request.user, submission=self.get_object(),
                          **read_input(input_class, request))
        return self._answer(submission)

    @_review(_("Hand the submission to the department"))
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Refused (400) while a file is being read, while error rows are left, or with no lines."""
        return self._change(request, services.submission_submit)

    @_review(_("Accept a submitted submission"))
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._change(request, services.submission_accept)

    @_review(_("Return a submission to its customer for changes"), ReturnInput)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        return self._change(request, services.submission_return, ReturnInput)


class SubmissionChildViewSet(ReadViewSet):
    """Views of what belongs to one submission, named in the path; an invisible submission is 404."""

    _submission: Submission | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """Find the submission before reading any input, so an invisible one is 404 whatever was sent."""
        super().initial(request, *args, **kwargs)
        if not getattr(self, "swagger_fake_view", False):
            self.submission()

    def submission(self) -> Submission:
        if self._submission is None:
            try:
                self._submission = queries.submission_for(self.request.user, int(self.kwargs["submission_pk"]))
            except Submission.DoesNotExist as exc:
                raise Http404 from exc
        return self._submission


SUBMISSION_PK = nested_under("submission_pk", _("The submission's id."))


# --- lines --------------------------------------------------------------------------------------------------------

@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class QuantityField(serializers.Field):
    """A quantity as a number or as text the way people type it («1 000», «1,5»); the service parses both."""

    default_error_messages = {"invalid": _("Give a number or a text such as «1 000».")}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, (int, float, str)):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class LineInput(serializers.Serializer):
    """A line typed in by a person or a program. PUT replaces the line (missing texts become empty); PATCH
    changes the fields given and keeps the others."""

    name = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    part_number = serializers.CharField(required=False, allow_blank=True, max_length=255)
    manufacturer = serializers.CharField(required=False, allow_blank=True, max_length=255)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=32)
    description = serializers.CharField(required=False, allow_blank=True)
    value = serializers.CharField(required=False, allow_blank=True, max_length=255)
    footprint = serializers.CharField(required=False, allow_blank=True, max_length=255)
    designators = serializers.CharField(required=False, allow_blank=True)
    supplier_code = serializers.CharField(
        required=False, allow_blank=True, max_length=255,
        help_text=_("Distributors' codes as DISTRIBUTOR:code joined by «; », e.g. «LCSC:C25744; "
                    "MOUSER:511-TSV912IQ2T»."))
    quantities = serializers.DictField(
        child=QuantityField(allow_null=True),
        help_text=_("Quantity by year of the campaign, e.g. {\"2026\": 10, \"2027\": \"1 000\"}."))


class LineOutput(serializers.ModelSerializer):
    message = StoredTextField()
    origin = enum_field(LineOrigin, read_only=True)
    status = enum_field(LineStatus, read_only=True)
    file_name = serializers.CharField(read_only=True)
    where = serializers.CharField(read_only=True, help_text=_("File, sheet and row, or how the line was entered."))
    quantities = serializers.DictField(child=serializers.FloatField(), read_only=True)
    total = serializers.FloatField(read_only=True)
    original = serializers.DictField(read_only=True,
                                     help_text=_("The values read from the file before the first correction."))
    cells = serializers.DictField(child=serializers.CharField(allow_blank=True), read_only=True,
                                  help_text=_("An error row's cells to correct, as the file had them, by the field "
                                              "they fill (quantity:2026, year, name, part_number)."))

    class Meta:
        model = DemandLine
        fields = ["id", "submission", "source", "file_name", "sheet", "row", "where", "origin", "status", "message",
                  "column", "cells", *TEXT_FIELDS, "quantities", "total", "original", "updated_at"]
        read_only_fields = fields


class LineFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=LineStatus.choices, label=_("Status"))
    origin = filters.ChoiceFilter(choices=LineOrigin.choices, label=_("Origin"))
    file = filters.NumberFilter(field_name="source_id", label=_("Uploaded file id"))

    class Meta:
        model = DemandLine
        fields = ["status", "origin", "file"]


def _line_writes() -> dict[str, Any]:
    def write(summary: Any, code: int) -> Any:
        return extend_schema(summary=summary, request=LineInput,
                             responses={code: LineOutput, **ERRORS, 404: NOT_FOUND})

    return {
        "create": write(_("Add a line"), 201), "update": write(_("Replace a line"), 200),
        "partial_update": write(_("Correct a line"), 200),
        "destroy": extend_schema(summary=_("Remove a line"), responses={204: None, **ERRORS, 404: NOT_FOUND}),
    }


@SUBMISSION_PK
@extend_schema_view(**_line_writes())
class LineViewSet(SubmissionChildViewSet):
    """The lines of a submission, error rows of its files included (with the message and column). A line
    added here is marked as sent through the API; a corrected error row becomes a line."""

    output_class = LineOutput
    queryset = DemandLine.objects.none()  # the schema's model; get_queryset gives the rows
    filterset_class = LineFilter
    lookup_value_regex = r"\d+"
    search_fields = ["name", "part_number", "manufacturer"]
    ordering_fields = ["row", "status", "name", "part_number", "updated_at"]
    ordering = ["source_id", "sheet", "row", "pk"]  # the ids, so the page is read off an index

    def get_queryset(self) -> QuerySet[DemandLine]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a submission
            return DemandLine.objects.none()
        return queries.lines_of(self.request.user, self.submission())

    def create(self, request: Request, submission_pk: str | None = None) -> Response:
        fields = dict(read_input(LineInput, request))
        line = call(services.line_add, actor=request.user, submission=self.submission(), origin=LineOrigin.API,
                    **fields)
        return self._answer(line, status.HTTP_201_CREATED)

    def update(self, request: Request, submission_pk: str | None = None, pk: str | None = None,
               partial: bool = False) -> Response:
        line = self.get_object()
        given = dict(read_input(LineInput, request, partial=partial))
        if partial:  # what PATCH leaves out stays as it is
            given = {**{name: getattr(line, name) for name in TEXT_FIELDS}, "quantities": line.quantities, **given}
        line = call(services.line_update, actor=request.user, line=line, **given)
        return self._answer(line)

    def partial_update(self, request: Request, submission_pk: str | None = None, pk: str | None = None
                       ) -> Response:
        return self.update(request, submission_pk, pk, partial=True)

    def destroy(self, request: Request, submission_pk: str | None = None, pk: str | None = None) -> Response:
        call(services.line_remove, actor=request.user, line=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- uploaded files -----------------------------------------------------------------------------------------------

class FileOutput(serializers.ModelSerializer):
    error = StoredTextField()
    job_status = serializers.CharField(source="job.status", read_only=True, allow_null=True,
                                       help_text=_("Status of the job reading the file."))
    status = enum_field(FileStatus, read_only=True)
    sheets = serializers.ListField(child=serializers.DictField(), read_only=True,
                                   help_text=_("How each sheet was read: header row, layout, years, columns."))
    mapping = serializers.DictField(child=serializers.CharField(), read_only=True,
                                    help_text=_("Columns chosen by a person: field → column header."))
    ok_count = serializers.IntegerField(read_only=True)
    skipped_count = serializers.IntegerField(read_only=True)
    error_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SourceFile
        fields = ["id", "submission", "name", "size", "sha256", "status", "error", "job", "job_status", "sheets",
                  "mapping", "ok_count", "skipped_count", "error_count", "uploaded_at"]
        read_only_fields = fields


class FileInput(serializers.Serializer):
    file = serializers.FileField(help_text=_("A spreadsheet: xlsx, xlsm, xlsb, xls, ods, csv or tsv."))


class MappingInput(serializers.Serializer):
    mapping = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=255),
        help_text=_("The columns to read, field → the column's header text or letter (empty: no column). Fields: "
                    "%(fields)s, and quantity:YEAR for a year's column. Fields left out are found by the reader; a "
                    "column it cannot find is named in the sheet's notes.") % {"fields": ", ".join(FIELDS)})
    remember = serializers.BooleanField(default=True, help_text=_("Use these columns for the organization's later "
                                                                  "files too."))

    def validate_mapping(self, value: dict[str, str]) -> dict[str, str]:
        unknown = [key for key in value if key not in FIELDS and not _year_key(key)]
        if unknown:
            raise serializers.ValidationError(
                _("%(keys)s: not a field; use one of %(fields)s, or quantity:YEAR")
                % {"keys": ", ".join(unknown), "fields": ", ".join(FIELDS)})
        return value


def _year_key(key: str) -> bool:
    year = key.removeprefix(_YEAR_KEY)
    return key.startswith(_YEAR_KEY) and year.isdigit() and 2000 <= int(year) <= 2100


@SUBMISSION_PK
@extend_schema_view(
    create=extend_schema(summary=_("Upload a spreadsheet of demand"), request={"multipart/form-data": FileInput},
                         responses={201: FileOutput, **ERRORS, 404: NOT_FOUND}),
    destroy=extend_schema(summary=_("Remove an uploaded file with its lines"),
                          description=_("A file of many lines is deleted by a background job: the answer is then 202 "
                                        "with the job's id, and the file is shown as «deleting» until it is gone."),
                          responses={204: None, 202: OpenApiTypes.OBJECT, **ERRORS, 404: NOT_FOUND}),
)
class FileViewSet(SubmissionChildViewSet):
    """The files of a submission, kept as they came. An upload is read in the background: it answers at once
    with the job to follow, and the file's rows appear among the submission's lines when the job is done."""

    output_class = FileOutput
    queryset = SourceFile.objects.none()  # the schema's model; get_queryset gives the rows
    parser_classes = [MultiPartParser, FormParser]
    lookup_value_regex = r"\d+"
    search_fields = ["name"]
    ordering_fields = ["uploaded_at", "name"]
    ordering = ["uploaded_at", "pk"]

    def get_queryset(self) -> QuerySet[SourceFile]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a submission
            return SourceFile.objects.none()
        return SourceFile.objects.filter(submission=self.submission()).select_related("job").annotate(
            **queries.line_counts_by_status("source"))

    def create(self, request: Request, submission_pk: str | None = None) -> Response:
        upload = read_input(FileInput, request)["file"]
        source = call(services.upload_add, actor=request.user, submission=self.submission(), name=upload.name,
                      data=upload)
        return self._answer(source, status.HTTP_201_CREATED)

    def destroy(self, request: Request, submission_pk: str | None = None, pk: str | None = None) -> Response:
        job = call(services.upload_remove, actor=request.user, source=self.get_object())
        if job is not None:  # a big file: deleted by a background job, shown as «deleting» meanwhile
            return Response({"job": job.pk, "status": "deleting"}, status=status.HTTP_202_ACCEPTED)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary=_("Read the file again with the columns chosen"), request=MappingInput,
                   responses={200: FileOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def mapping(self, request: Request, submission_pk: str | None = None, pk: str | None = None) -> Response:
        """The mapping given replaces the file's earlier choice; the file's lines are replaced when the new reading
        is done (the job is on the answer), and corrections typed into them are lost."""
        data = read_input(MappingInput, request)
        source = call(services.mapping_set, actor=request.user, source=self.get_object(), mapping=data["mapping"],
                      remember=data["remember"])
        return self._answer(source)

