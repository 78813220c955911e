"""REST reads of a cooperation project's sourcing and BOM history: supplier candidates per part (by page), the supply
picture with its gaps, localization points by year against the threshold, where-used of a part and the diff of two
BOM versions.

The figures come from the same reads as the pages (cooperation.supplier_page.supplier_figures, cooperation.queries):
nothing is computed a second time here, only represented. The actions are ProjectViewSet's (a mixin, so that
module stays the writes'), and see only the projects its get_object() and cooperation.access let through.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.schema import NOT_FOUND, enum_field
from cityorder.api.serializers import StoredTextField
from cityorder.cooperation import access, queries
from cityorder.cooperation.models import Assignment, AssignmentStatus, Project, SourcingMode
from cityorder.cooperation.supplier_page import supplier_figures
from cityorder.cooperation.suppliers import PartSourcing
from cityorder.engine.bom import format_quantity
from cityorder.engine.identity import identify

GAPS_FIRST = 50  # gaps the supply picture lists; every gap by page at candidates/?gap=true
TIERS = {0: "this_cluster", 1: "other_cluster", 2: "domestic_producer"}


def _by_year(values: Mapping[int, Decimal | float]) -> dict[str, str]:
    """Quantities by year as the derived demand gives them: plain decimal text, «3600», «12.5»."""
    return {str(year): format_quantity(Decimal(str(value))) for year, value in sorted(values.items())}


class SupplierEntryOutput(serializers.Serializer):
    registry_no = serializers.CharField()
    product_name = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True)


class CandidateOutput(serializers.Serializer):
    name = serializers.CharField()
    tier = serializers.SerializerMethodField(help_text=_("this_cluster, other_cluster or domestic_producer: the "
                                                         "order candidates are listed in."))
    found_by = serializers.CharField(help_text=_("analog (the analog matching) or competency (the member's "
                                                 "competencies cover the part's category)."))
    score = serializers.IntegerField(help_text=_("The analog match's score (0 for a competency)."))
    reason = StoredTextField(help_text=_("Why it matches: the analog rule, or the competencies named."))
    capacity = serializers.SerializerMethodField(help_text=_("Capacity by year, in the part's unit."))
    organization = serializers.IntegerField(source="organization.pk", allow_null=True, default=None)
    product = serializers.IntegerField(source="product.pk", allow_null=True, default=None)
    catalog_item = serializers.IntegerField(source="item.pk", allow_null=True, default=None)
    registry_no = serializers.CharField()
    registry_entries = SupplierEntryOutput(source="entries", many=True,
                                           help_text=_("The supplier's PP 719 registry entries for the product."))

    def get_tier(self, candidate: Any) -> str:
        return TIERS.get(candidate.tier, "domestic_producer")

    def get_capacity(self, candidate: Any) -> dict[str, str]:
        return _by_year(candidate.capacity)


class AssignedOutput(serializers.ModelSerializer):
    mode = enum_field(SourcingMode, read_only=True)
    status = enum_field(AssignmentStatus, read_only=True)

    class Meta:
        model = Assignment
        fields = ["organization", "product", "mode", "status", "domestic_by_decision"]
        read_only_fields = fields


class SupplyGapOutput(serializers.Serializer):
    key = serializers.CharField(source="need.key")
    part_number = serializers.CharField(source="need.part_number")
    name = serializers.CharField(source="need.name")
    unit = serializers.CharField(source="need.unit")
    category = serializers.CharField()
    need = serializers.SerializerMethodField(help_text=_("The derived need by plan year."))

    def get_need(self, part: PartSourcing) -> dict[str, str]:
        return _by_year(part.need.by_year)


class PartOutput(SupplyGapOutput):
    shortfall = serializers.SerializerMethodField(help_text=_(
        "The need beyond the assigned supplier's capacity (the best candidate's, when none is assigned), by year."))
    gap = serializers.BooleanField(help_text=_("No domestic supplier: none assigned and none found."))
    assignment = AssignedOutput(allow_null=True)
    candidates = CandidateOutput(many=True, help_text=_("This cluster's members first, then other clusters', then "
                                                        "any domestic producer."))

    def get_shortfall(self, part: PartSourcing) -> dict[str, str]:
        return _by_year({year: part.shortfall(year) for year in part.need.by_year})


class SupplyShareOutput(serializers.Serializer):
    lines = serializers.IntegerField()
    of_lines = serializers.IntegerField()
    line_percent = serializers.FloatField()
    cost = serializers.FloatField()
    of_cost = serializers.FloatField()
    cost_percent = serializers.FloatField(allow_null=True, help_text=_("Null when no line's cost is known."))


class SupplyOutput(serializers.Serializer):
    domestic = SupplyShareOutput(help_text=_("Lines and cost with a domestic supplier assigned."))
    cluster = SupplyShareOutput(help_text=_("… of which a member of the project's cluster."))
    sez = SupplyShareOutput(help_text=_("… of which a resident of the SEZ «Технополис Москва»."))
    priced_lines = serializers.IntegerField(help_text=_("Lines whose cost is known; the cost shares are over these."))
    gaps_count = serializers.IntegerField()
    gaps = SupplyGapOutput(many=True, help_text=_(
        "The first gaps in BOM order (every gap by page at candidates/?gap=true)."))


class LocalizationYearOutput(serializers.Serializer):
    year = serializers.IntegerField()
    points = serializers.IntegerField()
    threshold = serializers.IntegerField(allow_null=True)
    meets = serializers.BooleanField(allow_null=True, help_text=_("Null when the year has no threshold."))
    reached = serializers.ListField(child=serializers.CharField(),
                                    help_text=_("Codes of the points table's items that count that year."))


class LocalizationOutput(serializers.Serializer):
    product_kind = serializers.CharField()
    years = LocalizationYearOutput(many=True)


class UseOutput(serializers.Serializer):
    project = serializers.CharField(source="project.code")
    project_title = serializers.CharField(source="project.title")
    version = serializers.IntegerField(source="version.number")
    position = serializers.IntegerField(source="item.position")
    part_number = serializers.CharField(source="item.part_number")
    name = serializers.CharField(source="item.name")
    qty_per = serializers.DecimalField(source="item.qty_per", max_digits=18, decimal_places=6)
    unit = serializers.CharField(source="item.unit")
    path = serializers.ListField(child=serializers.CharField(), help_text=_("Assemblies from the top to the line."))
    via = serializers.SerializerMethodField(help_text=_("Codes of the sub-assembly projects it is used through."))

    def get_via(self, use: Any) -> list[str]:
        return [project.code for project in use.via]


class ChangeOutput(serializers.Serializer):
    kind = serializers.CharField(help_text=_("added, removed or changed."))
    path = serializers.ListField(child=serializers.CharField(), help_text=_("Part numbers (or names) from the top."))
    changed = serializers.ListField(source="fields", child=serializers.ListField(child=serializers.CharField()),
                                    help_text=_("[field, before, after] of a changed line."))


class DiffOutput(serializers.Serializer):
    version = serializers.IntegerField()
    against = serializers.IntegerField()
    changes = ChangeOutput(many=True)


class ProjectSourcingActions:
    """Reads of a project's sourcing and BOM history, mixed into ProjectViewSet."""

    get_object: Any
    paginate_queryset: Any
    get_paginated_response: Any

    @extend_schema(summary=_("Bought parts with their supplier candidates and assignments, by page"),
                   parameters=[OpenApiParameter("key", str, description=_("One part, by its identity key.")),
                               OpenApiParameter("gap", OpenApiTypes.BOOL, description=_(
                                   "true: only the gaps (no domestic supplier); false: only the others."))],
                   responses={200: PartOutput(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["get"])
    def candidates(self, request: Request, code: str | None = None) -> Response:
        shown = {"true": "gaps", "false": "supplied"}.get(request.query_params.get("gap", ""), "")
        figures = supplier_figures(self.get_object(), shown=shown, key=request.query_params.get("key", ""))
        page = self.paginate_queryset(figures.chosen)
        figures.find_candidates(page)
        return self.get_paginated_response(PartOutput(page, many=True).data)

    @extend_schema(summary=_("The supply picture: shares supplied domestically, by cluster members, by SEZ "
                             "residents; and the gaps"), request=None, responses={200: SupplyOutput, 404: NOT_FOUND})
    @action(detail=True, methods=["get"])
    def supply(self, request: Request, code: str | None = None) -> Response:
        figures = supplier_figures(self.get_object())
        picture = figures.picture
        return Response(SupplyOutput({"domestic": picture.domestic, "cluster": picture.cluster, "sez": picture.sez,
                                      "priced_lines": picture.priced_lines, "gaps_count": len(figures.gaps),
                                      "gaps": figures.gap_parts[:GAPS_FIRST]}).data)

    @extend_schema(summary=_("Localization points the assigned suppliers reach, by year, against the threshold"),
                   request=None, responses={200: LocalizationOutput, 404: NOT_FOUND})
    @action(detail=True, methods=["get"])
    def localization(self, request: Request, code: str | None = None) -> Response:
        project: Project = self.get_object()
        years = supplier_figures(project).localization
        return Response(LocalizationOutput({"product_kind": project.product_kind, "years": years}).data)

    @extend_schema(summary=_("Changes of a BOM version from an earlier one"),
                   parameters=[OpenApiParameter("against", int, description=_(
                       "The earlier version's number; the one before by default."))],
                   request=None, responses={200: DiffOutput, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path=r"boms/(?P<number>\d+)/diff")
    def bom_diff(self, request: Request, code: str | None = None, number: str = "") -> Response:
        versions = self.get_object().bom_versions
        against = request.query_params.get("against", "") or str(int(number) - 1)
        new = versions.filter(number=number).first()
        old = versions.filter(number=against).first() if against.isdigit() else None
        if new is None or old is None:
            raise Http404
        return Response(DiffOutput({"version": new.number, "against": old.number,
                                    "changes": queries.version_diff(old, new)}).data)

    @extend_schema(summary=_("Where a part is used: the projects and assemblies of their latest BOMs"),
                   parameters=[OpenApiParameter("key", str, description=_("The part's identity key.")),
                               OpenApiParameter("q", str, description=_(
                                   "A part number, identified as the engine does (when no key is given)."))],
                   request=None, responses={200: UseOutput(many=True)})
    @action(detail=False, methods=["get"], url_path="where-used", pagination_class=None)
    def where_used(self, request: Request) -> Response:
        if not access.can_see_projects(request.user):
            raise exceptions.PermissionDenied
        query = request.query_params.get("q", "").strip()
        key = request.query_params.get("key", "").strip() or (identify(part_number=query).key if query else "")
        if not key:
            raise exceptions.ValidationError({"key": [_("Give a part's key or its part number (q).")]})
        uses = queries.where_used(access.visible_projects(request.user), key)
        return Response(UseOutput(uses, many=True).data)
