"""REST endpoints of cooperation projects: projects, participants, milestones, BOM versions and lines, the plan,
explosion into a campaign (202 with the job to follow), derived demand and supplier assignments; the sourcing reads
(candidates, supply picture, localization, where-used, BOM diff) are api.sourcing's. Reads go through
cooperation.access's scope (a project the user may not see is not found), writes through cooperation.services,
which decide.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.calls import call, read_input
from cityorder.api.jobs import JobOutput
from cityorder.api.schema import NOT_FOUND, enum_field
from cityorder.api.serializers import StoredTextField
from cityorder.api.sourcing import ProjectSourcingActions
from cityorder.api.views import ERRORS, ReadViewSet
from cityorder.cooperation import access, queries, services
from cityorder.cooperation.models import (
    Assignment,
    AssignmentStatus,
    BomItem,
    BomVersion,
    DerivedNeed,
    Milestone,
    ParticipantRole,
    ProductKind,
    Project,
    SourcingMode,
)
from cityorder.demand.models import Campaign
from cityorder.engine.bom import BomError
from cityorder.registry.models import Cluster, Organization, Product


class ParticipantOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The participation's id, to remove it by."))
    organization = serializers.IntegerField(source="organization_id")
    name = serializers.CharField(source="organization.short_name")
    role = enum_field(ParticipantRole)


class ProjectOutput(serializers.ModelSerializer):
    cluster: serializers.SlugRelatedField[Cluster] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    product_kind = enum_field(ProductKind, read_only=True)
    product_label = serializers.CharField(read_only=True)
    participants = ParticipantOutput(many=True, read_only=True)
    plan = serializers.SerializerMethodField()
    bom_version = serializers.SerializerMethodField(help_text=_("Number of the latest BOM version, if any."))

    class Meta:
        model = Project
        fields = ["id", "code", "title", "cluster", "product", "product_label", "product_kind", "description",
                  "participants", "plan", "bom_version", "created_at"]
        read_only_fields = fields

    def get_plan(self, project: Project) -> dict[str, int]:
        return {str(y): u for y, u in queries.plan_of(project).items()}

    def get_bom_version(self, project: Project) -> int | None:
        version = queries.latest_version(project)
        return version.number if version else None


class ProjectInput(serializers.Serializer):
    cluster = serializers.SlugRelatedField(slug_field="code", queryset=Cluster.objects.all())
    code = serializers.SlugField(max_length=50)
    title = serializers.CharField(max_length=500)
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all(), required=False, allow_null=True)
    product_name = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    product_kind = enum_field(ProductKind, default=ProductKind.OTHER)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ParticipantInput(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    role = enum_field(ParticipantRole)


class ProjectMilestoneOutput(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due", "done"]
        read_only_fields = fields


class ProjectMilestoneInput(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    due = serializers.DateField()
    done = serializers.BooleanField(default=False)


class PlanInput(serializers.Serializer):
    plan = serializers.DictField(child=serializers.IntegerField(min_value=0),
                                 help_text=_("Units to build by year, e.g. {\"2026\": 150, \"2027\": 600}."))

    def validate_plan(self, value: dict[str, int]) -> dict[int, int]:
        if not all(key.isdigit() and 2000 <= int(key) <= 2100 for key in value):
            raise serializers.ValidationError(_("Years are four digits between 2000 and 2100."))
        return {int(key): units for key, units in value.items()}


class PlanOutput(serializers.Serializer):
    plan = serializers.DictField(child=serializers.IntegerField())


class BomFileInput(serializers.Serializer):
    file = serializers.FileField(help_text=_("A multi-level BOM: xlsx, xls, ods or csv."))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class BomVersionOutput(serializers.ModelSerializer):
    lines = serializers.IntegerField(source="items.count", read_only=True)

    class Meta:
        model = BomVersion
        fields = ["number", "file_name", "note", "lines", "created_at"]
        read_only_fields = fields


class BomLineOutput(serializers.ModelSerializer):
    parent_position = serializers.IntegerField(source="parent.position", read_only=True, allow_null=True,
                                               default=None, help_text=_("Position of the assembly it goes into."))
    subproject: serializers.SlugRelatedField[Project] = serializers.SlugRelatedField(slug_field="code",
                                                                                     read_only=True)

    class Meta:
        model = BomItem
        fields = ["position", "row", "level", "parent_position", "key", "part_number", "name", "qty_per", "unit",
                  "attrition", "manufacturer", "designators", "alternates", "note", "subproject"]
        read_only_fields = fields


class BomLineLinkInput(serializers.Serializer):
    subproject = serializers.SlugField(allow_null=True, help_text=_(
        "Code of the project whose product this bought line is (its latest BOM is exploded under the line), or "
        "null to unlink it."))


class BomErrorOutput(serializers.Serializer):
    row_errors = serializers.ListField(child=StoredTextField(), help_text=_("Every row to fix: file, row, column."))


class ExplodeInput(serializers.Serializer):
    campaign = serializers.SlugRelatedField(slug_field="code", queryset=Campaign.objects.all())


class NeedOutput(serializers.ModelSerializer):
    campaign = serializers.CharField(source="explosion.campaign.code")
    quantities = serializers.DictField(child=serializers.CharField())
    paths = serializers.ListField(child=serializers.ListField(child=serializers.CharField()),
                                  help_text=_("[path from the top, quantity per product] for each path."))
    demand_line = serializers.IntegerField(source="demand_line_id", allow_null=True)

    class Meta:
        model = DerivedNeed
        fields = ["key", "part_number", "name", "unit", "qty_per_product", "quantities", "paths", "campaign",
                  "demand_line"]
        read_only_fields = fields


class AssignmentInput(serializers.Serializer):
    key = serializers.CharField(max_length=300, help_text=_("The part's identity key, as the BOM lines give it."))
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all(), required=False, allow_null=True)
    mode = enum_field(SourcingMode, default=SourcingMode.BUY)
    status = enum_field(AssignmentStatus, default=AssignmentStatus.PROPOSED)


class AssignmentOutput(serializers.ModelSerializer):
    mode = enum_field(SourcingMode, read_only=True)
    status = enum_field(AssignmentStatus, read_only=True)

    class Meta:
        model = Assignment
        fields = ["key", "part_number", "organization", "product", "mode", "status", "updated_at"]
        read_only_fields = fields


@extend_schema_view(
    create=extend_schema(summary=_("Open a cooperation project"), request=ProjectInput,
                         responses={201: ProjectOutput, **ERRORS}),
)
class ProjectViewSet(ProjectSourcingActions, ReadViewSet):
    """Cooperation projects the user may see: the department all, a coordinator its clusters', a participant its
    own; customers none."""

    output_class = ProjectOutput
    lookup_field = "code"
    search_fields = ["code", "title", "product_name"]
    ordering_fields = ["title", "created_at"]
    ordering = ["title"]

    def get_queryset(self) -> QuerySet[Project]:
        return access.visible_projects(self.request.user).select_related("cluster", "product").prefetch_related(
            "participants__organization")

    def _managed(self) -> Project:
        """The project, if the user may change it: checked before the input is read, so a refusal is never a 400."""
        project = self.get_object()
        if not access.can_manage_project(self.request.user, project):
            raise exceptions.PermissionDenied
        return project

    def create(self, request: Request) -> Response:
        project = call(services.project_open, actor=request.user, **read_input(ProjectInput, request))
        return self._answer(project, status.HTTP_201_CREATED)

    @extend_schema(summary=_("Add a participant"), request=ParticipantInput,
                   responses={200: ProjectOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def participants(self, request: Request, code: str | None = None) -> Response:
        project = self._managed()
        call(services.participant_add, actor=request.user, project=project, **read_input(ParticipantInput, request))
        return self._answer(project)

    @extend_schema(summary=_("Remove a participant"), request=None,
                   responses={204: None, 403: ERRORS[403], 404: NOT_FOUND})
    @action(detail=True, methods=["delete"], url_path=r"participants/(?P<participant>\d+)")
    def participant(self, request: Request, code: str | None = None, participant: str = "") -> Response:
        project = self._managed()
        found = project.participants.filter(pk=participant).first()
        if found is None:
            raise Http404
        call(services.participant_remove, actor=request.user, participant=found)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], summary=_("Milestones of the project, by due date"), request=None,
                   responses={200: ProjectMilestoneOutput(many=True), 404: NOT_FOUND})
    @extend_schema(methods=["POST"], summary=_("Add a milestone"), request=ProjectMilestoneInput,
                   responses={201: ProjectMilestoneOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["get", "post"])
    def milestones(self, request: Request, code: str | None = None) -> Response:
        if request.method == "GET":
            return Response(ProjectMilestoneOutput(self.get_object().milestones.all(), many=True).data)
        project = self._managed()
        milestone = call(services.milestone_add, actor=request.user, project=project,
                         **read_input(ProjectMilestoneInput, request))
        return Response(ProjectMilestoneOutput(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], summary=_("One milestone"), request=None,
                   responses={200: ProjectMilestoneOutput, 404: NOT_FOUND})
    @extend_schema(methods=["PATCH"], summary=_("Rename, move or mark a milestone done (or not done again)"),
                   request=ProjectMilestoneInput, responses={200: ProjectMilestoneOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["get", "patch"], url_path=r"milestones/(?P<milestone>\d+)")
    def milestone(self, request: Request, code: str | None = None, milestone: str = "") -> Response:
        project = self._managed() if request.method == "PATCH" else self.get_object()
        found = project.milestones.filter(pk=milestone).first()
        if found is None:
            raise Http404
        if request.method == "PATCH":
            found = call(services.milestone_change, actor=request.user, milestone=found,
                         **read_input(ProjectMilestoneInput, request, partial=True))
        return Response(ProjectMilestoneOutput(found).data)

    @extend_schema(summary=_("Replace the production plan"), request=PlanInput,
                   responses={200: PlanOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["put"])
    def plan(self, request: Request, code: str | None = None) -> Response:
        project = self._managed()
        call(services.plan_set, actor=request.user, project=project, plan=read_input(PlanInput, request)["plan"])
        return Response({"plan": {str(y): u for y, u in queries.plan_of(project).items()}})

    @extend_schema(summary=_("BOM versions, the newest first"), request=None,
                   responses={200: BomVersionOutput(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["get"])
    def boms(self, request: Request, code: str | None = None) -> Response:
        versions = self.get_object().bom_versions.order_by("-number")
        return Response(BomVersionOutput(versions, many=True).data)

    @extend_schema(summary=_("Import a BOM file as a new version (all rows or none); a large one in the background"),
                   description=_("A file of more lines than the server's CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES is "
                                 "checked here (400 with its bad rows) and stored by a background job: 202 with the "
                                 "job to follow at /api/v1/jobs/{id}/."),
                   request={"multipart/form-data": BomFileInput},
                   responses={201: BomVersionOutput, 202: JobOutput, 400: BomErrorOutput, 403: ERRORS[403],
                              404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="boms/import", parser_classes=[MultiPartParser, FormParser])
    def bom_import(self, request: Request, code: str | None = None) -> Response:
        project = self._managed()
        data = read_input(BomFileInput, request)
        name, content = data["file"].name, data["file"].read()
        try:
            bom = services.bom_read(content, name)
        except BomError as exc:
            return Response(BomErrorOutput({"row_errors": [str(e) for e in exc.errors]}).data,
                            status=status.HTTP_400_BAD_REQUEST)
        if services.bom_in_background(len(bom.lines)):
            job = call(services.bom_import_start, actor=request.user, project=project, name=name,
                       path=services.bom_keep(content), note=data["note"])
            return Response(JobOutput(job).data, status=status.HTTP_202_ACCEPTED)
        version = call(services.bom_store, actor=request.user, project=project, bom=bom, name=name, note=data["note"])
        return Response(BomVersionOutput(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("Lines of a BOM version in tree order"), request=None,
                   responses={200: BomLineOutput(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path=r"boms/(?P<number>\d+)/lines")
    def bom_lines(self, request: Request, code: str | None = None, number: str | None = None) -> Response:
        version = self.get_object().bom_versions.filter(number=number).first()
        if version is None:
            raise Http404
        items = version.items.select_related("parent", "subproject").order_by("position")
        return Response(BomLineOutput(items, many=True).data)

    @extend_schema(methods=["GET"], summary=_("One line of a BOM version"), request=None,
                   responses={200: BomLineOutput, 404: NOT_FOUND})
    @extend_schema(methods=["PATCH"], summary=_("Link a bought line of the latest version to the project whose "
                                                "product it is, or unlink it"),
                   request=BomLineLinkInput, responses={200: BomLineOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["get", "patch"], url_path=r"boms/(?P<number>\d+)/lines/(?P<position>\d+)")
    def bom_line(self, request: Request, code: str | None = None, number: str = "", position: str = "") -> Response:
        project = self._managed() if request.method == "PATCH" else self.get_object()
        lines = BomItem.objects.filter(version__project=project, version__number=number).select_related(
            "version__project", "parent", "subproject")
        item = lines.filter(position=position).first()
        if item is None:
            raise Http404
        if request.method == "PATCH":
            code_given = read_input(BomLineLinkInput, request)["subproject"]
            # Only projects the user sees can be named; which of them may be linked, the service decides.
            subproject = access.visible_projects(request.user).filter(code=code_given).first() if code_given else None
            if code_given and subproject is None:
                raise exceptions.ValidationError({"subproject": [_("No such project.")]})
            call(services.bom_item_link_subproject, actor=request.user, item=item, subproject=subproject)
            item = lines.get(pk=item.pk)
        return Response(BomLineOutput(item).data)

    @extend_schema(summary=_("Explode the latest BOM over the plan into a campaign (background job)"),
                   request=ExplodeInput, responses={202: JobOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def explode(self, request: Request, code: str | None = None) -> Response:
        project = self._managed()
        campaign = read_input(ExplodeInput, request)["campaign"]
        job = call(services.explosion_start, actor=request.user, project=project, campaign=campaign)
        return Response(JobOutput(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary=_("The derived demand of the current explosions, with BOM paths"), request=None,
                   responses={200: NeedOutput(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["get"])
    def demand(self, request: Request, code: str | None = None) -> Response:
        return Response(NeedOutput(queries.current_needs(self.get_object()), many=True).data)

    @extend_schema(summary=_("Supplier assignments of the project's parts"), request=None,
                   responses={200: AssignmentOutput(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["get"])
    def assignments(self, request: Request, code: str | None = None) -> Response:
        return Response(AssignmentOutput(self.get_object().assignments.all(), many=True).data)

    @extend_schema(summary=_("Assign a supplier to a part (replaces the part's earlier assignment)"),
                   request=AssignmentInput, responses={200: AssignmentOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="assignments/set")
    def assign(self, request: Request, code: str | None = None) -> Response:
        project = self._managed()
        assignment = call(services.assignment_set, actor=request.user, project=project,
                          **read_input(AssignmentInput, request))
        return Response(AssignmentOutput(assignment).data)


