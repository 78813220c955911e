"""REST endpoints of a submission's uploaded files (/submissions/{id}/files/): uploading, reading again with the
columns chosen, removing (a big file in the background)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.calls import YEAR_KEY, call, read_input
from cityorder.api.demand import SUBMISSION_PK, SubmissionChildViewSet
from cityorder.api.schema import NOT_FOUND, enum_field
from cityorder.api.serializers import StoredTextField
from cityorder.api.views import ERRORS
from cityorder.demand import queries, services
from cityorder.demand.models import FileStatus, SourceFile
from cityorder.engine.reading.headers import FIELDS


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
    year = key.removeprefix(YEAR_KEY)
    return key.startswith(YEAR_KEY) and year.isdigit() and 2000 <= int(year) <= 2100


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
