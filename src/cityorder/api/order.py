"""REST endpoints of the city order: its versions, their positions and the demand lines behind each position.

The order names customers and their raw lines, so it is the department's (order.access): for anyone
else the lists are empty and a version is not found, as the registry API does with what a user may not see.
A new version is made by POST /campaigns/{code}/consolidate/ (in api.demand); publishing is order.services'.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.calls import call
from cityorder.api.schema import NOT_FOUND, nested_under
from cityorder.api.serializers import StoredTextField
from cityorder.api.views import ERRORS, ReadViewSet
from cityorder.demand.models import Campaign
from cityorder.order import access, services
from cityorder.order.models import CityOrder, Position, PositionLine
from cityorder.registry.queries import category_tree_q


def visible_orders(user: Any) -> QuerySet[CityOrder]:
    return access.visible_orders(user).select_related("campaign")


# --- versions -----------------------------------------------------------------------------------------------------

class OrderOutput(serializers.ModelSerializer):
    campaign: serializers.SlugRelatedField[Campaign] = serializers.SlugRelatedField(slug_field="code",
                                                                                    read_only=True)
    years = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    stats = serializers.DictField(child=serializers.IntegerField(), read_only=True,
                                  help_text=_("Lines, positions, customers and matches of the version."))
    notes = serializers.ListField(child=StoredTextField(), read_only=True)

    class Meta:
        model = CityOrder
        fields = ["id", "campaign", "number", "published", "published_at", "years", "stats", "notes",
                  "created_at"]
        read_only_fields = fields


class OrderFilter(filters.FilterSet):
    campaign = filters.CharFilter(field_name="campaign__code", label=_("Campaign code"))
    published = filters.BooleanFilter(label=_("Published"))

    class Meta:
        model = CityOrder
        fields = ["campaign", "published"]


class OrderViewSet(ReadViewSet):
    """Versions of the city order, the newest first within a campaign."""

    output_class = OrderOutput
    filterset_class = OrderFilter
    lookup_value_regex = r"\d+"
    search_fields = ["campaign__code", "campaign__title"]
    ordering_fields = ["created_at", "number"]
    ordering = ["campaign", "-number"]

    def get_queryset(self) -> QuerySet[CityOrder]:
        return visible_orders(self.request.user)

    @extend_schema(summary=_("Publish this version as the campaign's city order"), request=None,
                   responses={200: OrderOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """The version published before it is unpublished."""
        return self._answer(call(services.version_publish, actor=request.user, order=self.get_object()))


# --- positions ----------------------------------------------------------------------------------------------------

class PositionOutput(serializers.ModelSerializer):
    note = StoredTextField()
    quantities = serializers.DictField(child=serializers.FloatField(), read_only=True,
                                       help_text=_("Quantity by year."))
    merged_keys = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Position
        fields = ["id", "position_id", "key", "name", "category", "kind", "manufacturer", "part_number", "okpd2",
                  "unit", "customers", "lines", "total", "quantities", "merged_keys", "note"]
        read_only_fields = fields


class PositionLineOutput(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.short_name", read_only=True)
    quantities = serializers.DictField(child=serializers.FloatField(), read_only=True)

    class Meta:
        model = PositionLine
        fields = ["line", "customer", "customer_name", "file", "sheet", "row", "origin", "name", "part_number",
                  "manufacturer", "unit", "quantities", "total"]
        read_only_fields = fields


class PositionDetailOutput(PositionOutput):
    source_lines = PositionLineOutput(many=True, read_only=True,
                                      help_text=_("The demand lines counted in the position, with their origin."))

    class Meta(PositionOutput.Meta):
        fields = [*PositionOutput.Meta.fields, "source_lines"]
        read_only_fields = fields


class PositionFilter(filters.FilterSet):
    category = filters.CharFilter(method="in_category", label=_("Category code (subcategories included)"))
    kind = filters.CharFilter(label=_("Kind"))
    year = filters.NumberFilter(method="in_year", label=_("Year with a quantity"))

    class Meta:
        model = Position
        fields = ["category", "kind", "year"]

    def in_category(self, queryset: QuerySet[Position], name: str, value: str) -> QuerySet[Position]:
        return queryset.filter(category_tree_q("category", value))

    def in_year(self, queryset: QuerySet[Position], name: str, value: Any) -> QuerySet[Position]:
        return queryset.filter(yearly__year=int(value), yearly__quantity__gt=0)


@nested_under("order_pk", _("The order version's id."))
class PositionViewSet(ReadViewSet):
    """Positions of one version, looked up by their position id; a position answers with its source lines."""

    output_class = PositionOutput
    queryset = Position.objects.none()  # the schema's model; get_queryset gives the rows
    filterset_class = PositionFilter
    lookup_field = "position_id"
    search_fields = ["name", "part_number", "manufacturer", "key"]
    ordering_fields = ["total", "customers", "lines", "name", "position_id"]
    ordering = ["-total", "position_id"]

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return PositionDetailOutput if self.action == "retrieve" else PositionOutput

    def get_queryset(self) -> QuerySet[Position]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a version
            return Position.objects.none()
        order = visible_orders(self.request.user).filter(pk=self.kwargs["order_pk"]).first()
        if order is None:
            raise Http404
        positions = Position.objects.filter(order=order)
        if self.action == "retrieve":
            positions = positions.prefetch_related(
                Prefetch("source_lines", queryset=PositionLine.objects.select_related("customer")))
        return positions
