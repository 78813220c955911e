"""REST endpoints of a submission's lines (/submissions/{id}/lines/): error rows of its files included; a line
added here is marked as sent through the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.calls import call, read_input
from cityorder.api.demand import SUBMISSION_PK, SubmissionChildViewSet
from cityorder.api.schema import NOT_FOUND, enum_field
from cityorder.api.serializers import StoredTextField
from cityorder.api.views import ERRORS
from cityorder.demand import queries, services
from cityorder.demand.lines import TEXT_FIELDS
from cityorder.demand.models import DemandLine, LineOrigin, LineStatus


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
