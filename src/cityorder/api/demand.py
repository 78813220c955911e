"""REST endpoints of demand: campaigns, submissions and their review (a submission's lines and uploaded files are
in api.lines and api.files, background jobs in api.jobs).

Reads are scoped by demand.access (through demand.queries where it has the read); every change is one call of
demand.services (or order.services for consolidation), which decides permissions. A submission's lines and files
are nested under it (/submissions/{id}/lines/, /submissions/{id}/files/), so a submission the user may not see
answers 404 for all of them alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Case, Model, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.calls import call, read_input
from cityorder.api.jobs import JobOutput
from cityorder.api.schema import NOT_FOUND, enum_field, nested_under
from cityorder.api.serializers import VisibleOrganizationField
from cityorder.api.views import ERRORS, ReadViewSet
from cityorder.demand import access, queries, services
from cityorder.demand.models import (
    Campaign,
    CampaignStatus,
    DemandKind,
    EventAction,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from cityorder.order import services as order_services
from cityorder.registry import access as registry_access
from cityorder.registry.models import Organization

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
    """Submissions the user may see, with the department's reason while returned. Their rows are counted by
    ``counted`` for the rows answered only: three correlated counts per row in the list's query read every line
    of the page's submissions from the table (116 ms of SQL at 1M lines, and PostgreSQL's JIT compiling the plan
    on top), where one grouped query over the page's ids costs a fraction of it."""
    reason = SubmissionEvent.objects.filter(submission=OuterRef("pk"), action=EventAction.RETURNED).order_by(
        "-at", "-pk").values("comment")[:1]
    return access.visible_submissions(user).select_related("campaign", "customer").annotate(
        return_comment=Case(When(status=SubmissionStatus.RETURNED, then=Subquery(reason)), default=Value(""),
                            output_field=models.TextField()),
    )


def counted(submission: Submission) -> Submission:
    """The submission with its rows counted by status (ok_count, skipped_count, error_count)."""
    queries.count_submission_lines([submission])
    return submission


def _submission_data(request: Request, submission: Submission) -> dict[str, Any]:
    fresh = counted(visible_submissions(request.user).get(pk=submission.pk))
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

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        queries.count_submission_lines(page if page is not None else [])
        return page

    def get_object(self) -> Submission:
        return counted(super().get_object())

    def _answer(self, obj: Model, code: int = status.HTTP_200_OK) -> Response:
        fresh = counted(self.get_queryset().get(pk=obj.pk))
        return Response(self.output_class(fresh, context=self.get_serializer_context()).data, status=code)

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
