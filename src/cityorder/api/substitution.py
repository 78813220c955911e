"""REST endpoints of import substitution: the catalog, the analogs of an order version and the analysts' verdicts,
coverage with gaps and the roadmap, manufacturers' offers and a producer's forecast.

Reads are scoped by substitution.access (the catalog and the analysis are the department's; a manufacturer sees its
own products, offers and forecast); every change is one call of substitution.services, which decides
permissions. A producer's forecast names no customer, as on its page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
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
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cityorder.api.calls import call, read_input
from cityorder.api.jobs import JobOutput
from cityorder.api.schema import NOT_FOUND, enum_field, nested_under
from cityorder.api.serializers import StoredTextField
from cityorder.api.views import ERRORS, ReadViewSet
from cityorder.cooperation.suppliers import catalog_registry_entries
from cityorder.order.models import CityOrder
from cityorder.registry.models import Organization
from cityorder.registry.queries import category_tree_q
from cityorder.substitution import access, queries, services, stored
from cityorder.substitution.models import (
    Analog,
    AnalogVerdict,
    CatalogItem,
    Compatibility,
    CoveragePosition,
    CoverageProduct,
    Offer,
    Origin,
    StoredCoverage,
)
from cityorder.web.paging import CountedPagination

YEARLY = serializers.DictField(child=serializers.FloatField(), help_text=_("Quantity by year."))


def _yearly(values: dict[int, float]) -> dict[str, float]:
    return {str(year): quantity for year, quantity in sorted(values.items())}


# --- catalog ------------------------------------------------------------------------------------------------------

class RegistryEntryOutput(serializers.Serializer):
    number = serializers.CharField(read_only=True, help_text=_("Number of the entry in the PP 719 registry."))
    valid_until = serializers.DateField(read_only=True, allow_null=True,
                                        help_text=_("Last day the entry is in force; null when it has no end date."))
    valid = serializers.BooleanField(read_only=True, help_text=_("Whether the entry is in force today."))


class CatalogItemListOutput(serializers.ListSerializer):
    def to_representation(self, data: Any) -> list[Any]:
        # The page's registry entries in one query, read by each item's registry_entry.
        items = list(data.all() if hasattr(data, "all") else data)
        self.context["registry"] = catalog_registry_entries(items)
        return super().to_representation(items)


class CatalogItemOutput(serializers.ModelSerializer):
    origin = enum_field(Origin, read_only=True)
    registry_entry = serializers.SerializerMethodField(
        help_text=_("The producer's entry in the PP 719 registry (GISP) for this product, or null."))
    parameters = serializers.DictField(read_only=True)
    capacities = serializers.DictField(child=serializers.FloatField(), read_only=True,
                                       help_text=_("Capacity by year."))

    class Meta:
        model = CatalogItem
        fields = ["id", "part_number", "manufacturer", "name", "category", "origin", "registry_no", "parameters",
                  "capacities", "price", "readiness_year", "organization", "source", "updated_at", "registry_entry"]
        read_only_fields = fields
        list_serializer_class = CatalogItemListOutput

    @extend_schema_field(RegistryEntryOutput(allow_null=True))
    def get_registry_entry(self, item: CatalogItem) -> dict[str, Any] | None:
        registry = self.context.get("registry")
        if registry is None:  # a single item
            registry = catalog_registry_entries([item])
        entry = registry.get(item.pk)
        return None if entry is None else RegistryEntryOutput(entry).data


class CatalogFilter(filters.FilterSet):
    origin = filters.ChoiceFilter(choices=Origin.choices, label=_("Origin"))
    category = filters.CharFilter(method="in_category", label=_("Category code (subcategories included)"))
    organization = filters.NumberFilter(field_name="organization_id", label=_("Producer's id in the registry"))
    in_registry = filters.BooleanFilter(method="has_registry_entry", label=_("Has a registry entry"))

    class Meta:
        model = CatalogItem
        fields = ["origin", "category", "organization", "in_registry"]

    def in_category(self, queryset: QuerySet[CatalogItem], name: str, value: str) -> QuerySet[CatalogItem]:
        return queryset.filter(category_tree_q("category", value))

    def has_registry_entry(self, queryset: QuerySet[CatalogItem], name: str, value: bool) -> QuerySet[CatalogItem]:
        return queryset.exclude(registry_no="") if value else queryset.filter(registry_no="")


class CatalogViewSet(ReadViewSet):
    """Products, domestic and foreign, that analogs are chosen from; a manufacturer sees its own domestic ones."""

    output_class = CatalogItemOutput
    filterset_class = CatalogFilter
    lookup_value_regex = r"\d+"
    search_fields = ["part_number", "name", "manufacturer", "registry_no"]
    ordering_fields = ["part_number", "manufacturer", "category", "updated_at"]
    ordering = ["part_number", "manufacturer"]

    pagination_class = CountedPagination

    def get_queryset(self) -> QuerySet[CatalogItem]:
        return access.visible_catalog_items(self.request.user).select_related("organization")

    def paginated(self, rows: QuerySet[CatalogItem]) -> tuple[QuerySet[CatalogItem], int | None]:
        """The whole catalog's count is stored (an exact COUNT(*) of 1M products took 250 ms); a filtered list
        is counted."""
        return rows, queries.catalog_count(rows)


# --- analogs of an order version ----------------------------------------------------------------------------------

class AnalogItemOutput(serializers.ModelSerializer):
    class Meta:
        model = CatalogItem
        fields = ["id", "part_number", "manufacturer", "name", "category", "registry_no", "organization"]
        read_only_fields = fields


class AnalogOutput(serializers.ModelSerializer):
    reason = StoredTextField()
    position = serializers.CharField(source="position.position_id", read_only=True,
                                     help_text=_("The position's id within the version."))
    position_key = serializers.CharField(source="position.key", read_only=True)
    item = AnalogItemOutput(read_only=True)
    compatibility = enum_field(Compatibility, read_only=True)
    verdict = serializers.CharField(read_only=True, help_text=_("confirmed, rejected or empty (not decided)."))

    class Meta:
        model = Analog
        fields = ["id", "position", "position_key", "rank", "item", "compatibility", "score", "reason", "verdict"]
        read_only_fields = fields


class AnalogFilter(filters.FilterSet):
    position = filters.CharFilter(field_name="position__position_id", label=_("Position id"))
    compatibility = filters.ChoiceFilter(choices=Compatibility.choices, label=_("Compatibility"))
    verdict = filters.CharFilter(method="with_verdict", label=_("confirmed, rejected or none"))
    best = filters.BooleanFilter(method="only_best", label=_("Only rank 1"))

    class Meta:
        model = Analog
        fields = ["position", "compatibility", "verdict", "best"]

    def with_verdict(self, queryset: QuerySet[Analog], name: str, value: str) -> QuerySet[Analog]:
        return queryset.filter(verdict="" if value == "none" else value)

    def only_best(self, queryset: QuerySet[Analog], name: str, value: bool) -> QuerySet[Analog]:
        return queryset.filter(rank=1) if value else queryset


class DecisionInput(serializers.Serializer):
    verdict = enum_field(AnalogVerdict)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _order(user: Any, pk: Any) -> CityOrder:
    """An order version's analysis exists for the department only, as on the pages."""
    return get_object_or_404(access.analysed_orders(user), pk=pk)


@nested_under("order_pk", _("The order version's id."))
class AnalogViewSet(ReadViewSet):
    """Ranked domestic analogs of a version's positions (rank 1 = best), with the reason of each."""

    output_class = AnalogOutput
    queryset = Analog.objects.none()  # the schema's model; get_queryset gives the rows
    filterset_class = AnalogFilter
    lookup_value_regex = r"\d+"
    search_fields = ["item__part_number", "item__manufacturer", "position__name", "position__part_number"]
    ordering_fields = ["rank", "score", "position__position_id"]
    ordering = ["position__position_id", "rank"]
    pagination_class = CountedPagination

    def get_queryset(self) -> QuerySet[Analog]:
        if getattr(self, "swagger_fake_view", False):
            return Analog.objects.none()
        order = _order(self.request.user, self.kwargs["order_pk"])
        return Analog.objects.filter(order=order).select_related("position", "item")

    def paginated(self, rows: QuerySet[Analog]) -> tuple[QuerySet[Analog], Callable[[], int]]:
        """The page names the version on the positions too, so that PostgreSQL walks their (order, position_id)
        index instead of sorting the version's 100k positions (178 → 3 ms); the count stays on the analogs alone,
        as that condition made it join the 150k analogs to their positions (26 → 289 ms)."""
        return rows.filter(position__order_id=int(self.kwargs["order_pk"])), rows.count

    @extend_schema(summary=_("Confirm or reject this analog"), request=DecisionInput,
                   responses={200: AnalogOutput, **ERRORS, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, order_pk: str | None = None, pk: str | None = None) -> Response:
        """The verdict is kept by the position's key and the product, so every later version keeps it."""
        analog = self.get_object()
        data = read_input(DecisionInput, request)
        call(services.analog_decide, actor=request.user, position_key=analog.position.key, item=analog.item,
             verdict=data["verdict"], comment=data["comment"])
        return self._answer(analog)


class MatchingView(APIView):
    """POST: match the version's positions against the catalog in the background."""

    @extend_schema(summary=_("Match domestic analogs for an order version"), request=None,
                   responses={202: JobOutput, **ERRORS, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        job = call(services.matching_start, actor=request.user, order=_order(request.user, pk))
        return Response(JobOutput(job).data, status=status.HTTP_202_ACCEPTED)


# --- coverage -----------------------------------------------------------------------------------------------------

class ShareOutput(serializers.Serializer):
    category = serializers.CharField(help_text=_("Category code; empty for the whole order."))
    year = serializers.IntegerField()
    positions = serializers.IntegerField()
    positions_covered = serializers.IntegerField()
    positions_with_analog = serializers.IntegerField()
    quantity = serializers.FloatField()
    quantity_covered = serializers.FloatField()
    value = serializers.FloatField(help_text=_("Over positions with a known price only."))
    value_covered = serializers.FloatField()
    priced_positions = serializers.IntegerField()
    priced_quantity = serializers.FloatField(help_text=_("The quantity of the positions with a known price."))
    priced_share = serializers.FloatField(help_text=_("How much of the quantity has a price: the part the value "
                                                      "shares speak of."))
    positions_own = serializers.IntegerField(help_text=_("Covered because they are themselves domestic products."))
    position_share = serializers.FloatField()
    quantity_share = serializers.FloatField()
    value_share = serializers.FloatField(allow_null=True)


class GapOutput(serializers.Serializer):
    position = serializers.CharField(source="position_id")
    name = serializers.CharField()
    category = serializers.CharField()
    shortfall = YEARLY
    statuses = serializers.DictField(child=serializers.CharField(),
                                     help_text=_("covered, short (analog exists, capacity short) or none, by year."))
    total = serializers.FloatField()
    value = serializers.FloatField(allow_null=True)


class RoadmapOutput(serializers.Serializer):
    category = serializers.CharField()
    first_full_year = serializers.IntegerField(allow_null=True, help_text=_(
        "From this year every position of the category is covered to the end of the horizon; null if never."))
    years_covered = serializers.ListField(child=serializers.IntegerField())


class BalanceOutput(serializers.Serializer):
    product = serializers.CharField(help_text=_("The domestic product (part number and maker)."))
    catalog_item = serializers.IntegerField(help_text=_("Its id in the catalog."))
    capacity = YEARLY
    demand = serializers.DictField(child=serializers.FloatField(), help_text=_(
        "By year: the need of the positions this product is the best counted analog of."))
    allotted = serializers.DictField(child=serializers.FloatField(), help_text=_(
        "By year: what the allotment took from this product."))


COVERAGE_FIRST = 50  # gaps and products the coverage lists, a page's worth; all by page at coverage/gaps/, …/capacity/


class CoverageOutput(serializers.Serializer):
    order = serializers.IntegerField()
    computed_at = serializers.DateTimeField(help_text=_("When the stored coverage was computed from its inputs."))
    years = serializers.ListField(child=serializers.IntegerField())
    shares = ShareOutput(many=True)
    gaps = GapOutput(many=True, help_text=_("The largest gaps, largest shortfall first (at most 50; every gap by "
                                            "page at coverage/gaps/)."))
    gaps_count = serializers.IntegerField(help_text=_("How many positions have a gap."))
    roadmap = RoadmapOutput(many=True)
    capacity = BalanceOutput(many=True, help_text=_("Capacity against demand per counted analog product, from the "
                                                    "same computation as the shares and gaps; largest demand first "
                                                    "(at most 50; every product by page at coverage/capacity/)."))
    capacity_count = serializers.IntegerField(help_text=_("How many counted analog products there are."))


class CoverageComputingOutput(serializers.Serializer):
    order = serializers.IntegerField()
    change = serializers.CharField(help_text=_("What changed in the inputs since the coverage was last computed."))
    job = JobOutput(allow_null=True, help_text=_("The computation; follow it at /api/v1/jobs/{id}/."))


COMPUTING = OpenApiResponse(CoverageComputingOutput, description=_(
    "The coverage is being computed again (its inputs changed): no figures until the job has finished."))


def _balance(row: Any) -> dict[str, Any]:
    return {"product": str(row.item), "catalog_item": row.item_id, "capacity": row.capacity, "demand": row.demand,
            "allotted": row.allotted}


def _fields(obj: Any) -> dict[str, Any]:
    """A slotted dataclass as a dict (vars() needs __dict__)."""
    return {name: getattr(obj, name) for name in obj.__slots__}


def _gap(row: Any) -> dict[str, Any]:
    gap = queries.as_gap(row)
    return {**_fields(gap), "shortfall": _yearly(gap.shortfall),
            "statuses": {str(y): str(s) for y, s in sorted(gap.statuses.items())}}


def _stored(user: Any, pk: Any) -> tuple[CityOrder, StoredCoverage]:
    order = _order(user, pk)
    return order, stored.coverage_ensure(order)


def _computing(order: CityOrder, state: StoredCoverage) -> Response:
    return Response(CoverageComputingOutput({"order": order.pk, "change": state.change, "job": state.job}).data,
                    status=status.HTTP_202_ACCEPTED)


class CoverageView(APIView):
    """Coverage of an order version by domestic capacity and offers, by category and year; gaps; roadmap. Read from
    the stored computation; while its inputs have changed and it is computed again, 202 with the job."""

    @extend_schema(summary=_("Coverage, gaps and roadmap of an order version"),
                   responses={200: CoverageOutput, 202: COMPUTING, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        order, state = _stored(request.user, pk)
        if not state.fresh:
            return _computing(order, state)
        summary = queries.coverage_summary(state)
        data = {"order": order.pk, "computed_at": state.computed_at, "years": summary.years, "shares": summary.shares,
                "gaps": [_gap(row) for row in queries.stored_gaps(order)[:COVERAGE_FIRST]],
                "gaps_count": summary.gaps, "roadmap": summary.roadmap,
                "capacity": [_balance(row) for row in queries.stored_products(order)[:COVERAGE_FIRST]],
                "capacity_count": summary.products}
        return Response(CoverageOutput(data).data)


class _StoredList(GenericAPIView):
    """A stored list of a version's coverage, by page, filtered and sorted in the database."""

    orderings: dict[str, Any] = {}

    def rows(self, order: CityOrder, params: dict[str, str]) -> QuerySet[Any]:
        raise NotImplementedError

    def represent(self, row: Any) -> dict[str, Any]:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        order, state = _stored(request.user, pk)
        if not state.fresh:
            return _computing(order, state)
        ordering = request.query_params.get("ordering", "")
        params = {"category": request.query_params.get("category", ""),
                  "search": request.query_params.get("search", ""),
                  "ordering": ordering if ordering in self.orderings else ""}
        page = self.paginate_queryset(self.rows(order, params))
        return self.get_paginated_response([self.represent(row) for row in page or []])


LIST_PARAMETERS = [
    OpenApiParameter("category", str, description=_("Category code (subcategories included).")),
    OpenApiParameter("search", str, description=_("Text in the name or part number.")),
]


@extend_schema(summary=_("Gaps of an order version, by page"),
               responses={200: GapOutput(many=True), 202: COMPUTING, 404: NOT_FOUND},
               parameters=[*LIST_PARAMETERS,
                           OpenApiParameter("status", str, enum=["none", "short"],
                                            description=_("none: no analog; short: an analog short of capacity.")),
                           OpenApiParameter("ordering", str, enum=list(queries.GAP_ORDERINGS))])
class CoverageGapsView(_StoredList):
    """Positions not fully covered in some year, largest total shortfall first."""

    orderings = queries.GAP_ORDERINGS
    queryset = CoveragePosition.objects.none()  # the schema's model; rows() gives the rows

    def rows(self, order: CityOrder, params: dict[str, str]) -> QuerySet[Any]:
        return queries.stored_gaps(order, status=self.request.query_params.get("status", ""), **params)

    def represent(self, row: Any) -> dict[str, Any]:
        return GapOutput(_gap(row)).data


@extend_schema(summary=_("Capacity against demand per product of an order version, by page"),
               responses={200: BalanceOutput(many=True), 202: COMPUTING, 404: NOT_FOUND},
               parameters=[*LIST_PARAMETERS, OpenApiParameter("ordering", str, enum=list(queries.PRODUCT_ORDERINGS))])
class CoverageCapacityView(_StoredList):
    """Each counted analog product's capacity against the demand it is the best analog of, largest demand first."""

    orderings = queries.PRODUCT_ORDERINGS
    queryset = CoverageProduct.objects.none()  # the schema's model; rows() gives the rows

    def rows(self, order: CityOrder, params: dict[str, str]) -> QuerySet[Any]:
        return queries.stored_products(order, **params)

    def represent(self, row: Any) -> dict[str, Any]:
        return BalanceOutput(_balance(row)).data


# --- offers -------------------------------------------------------------------------------------------------------

class OfferOutput(serializers.ModelSerializer):
    item_label = serializers.CharField(source="item.__str__", read_only=True)
    volumes = serializers.DictField(child=serializers.FloatField(), read_only=True, help_text=_("Volume by year."))

    class Meta:
        model = Offer
        fields = ["id", "organization", "item", "item_label", "volumes", "price", "from_year", "note", "created_at"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class OfferOrganizationField(serializers.PrimaryKeyRelatedField):
    """A producer the user may make offers for; any other id is «does not exist», as a missing one."""

    def get_queryset(self) -> QuerySet[Organization]:
        request = self.context.get("request")
        return access.offer_organizations(request.user) if request else Organization.objects.none()


@extend_schema_field(OpenApiTypes.INT)
class OfferItemField(serializers.PrimaryKeyRelatedField):
    """A catalog product the user sees (a manufacturer: its own domestic ones); any other id is «does not exist»."""

    def get_queryset(self) -> QuerySet[CatalogItem]:
        request = self.context.get("request")
        return access.visible_catalog_items(request.user) if request else CatalogItem.objects.none()


class OfferInput(serializers.Serializer):
    organization = OfferOrganizationField(
        required=False, help_text=_("The manufacturer; the user's own organization when left out."))
    item = OfferItemField(help_text=_("A domestic catalog product of the organization."))
    volumes = serializers.DictField(child=serializers.FloatField(min_value=0), help_text=_("Volume by year."))
    from_year = serializers.IntegerField(min_value=2000, max_value=2100)
    price = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class OfferUpdateInput(OfferInput):
    """The product and the organization of an offer stay as they are (a new product is a new offer)."""

    organization = None  # type: ignore[assignment]
    item = None  # type: ignore[assignment]


class OfferFilter(filters.FilterSet):
    organization = filters.NumberFilter(field_name="organization_id", label=_("Manufacturer's id"))
    item = filters.NumberFilter(field_name="item_id", label=_("Catalog product's id"))

    class Meta:
        model = Offer
        fields = ["organization", "item"]


@extend_schema_view(
    create=extend_schema(summary=_("Offer a product to the city"), request=OfferInput,
                         responses={201: OfferOutput, **ERRORS}),
    update=extend_schema(summary=_("Replace an offer's volumes, price and note"), request=OfferUpdateInput,
                         responses={200: OfferOutput, **ERRORS, 404: NOT_FOUND}),
    partial_update=extend_schema(summary=_("Change an offer"), request=OfferUpdateInput,
                                 responses={200: OfferOutput, **ERRORS, 404: NOT_FOUND}),
    destroy=extend_schema(summary=_("Withdraw an offer"), responses={204: None, 403: ERRORS[403], 404: NOT_FOUND}),
)
class OfferViewSet(ReadViewSet):
    """Manufacturers' offers: volume by year, price and first year of a domestic product; they count as capacity
    in coverage."""

    output_class = OfferOutput
    filterset_class = OfferFilter
    lookup_value_regex = r"\d+"
    search_fields = ["item__part_number", "item__name", "organization__short_name"]
    ordering_fields = ["created_at", "from_year"]
    ordering = ["organization", "-created_at"]

    def get_queryset(self) -> QuerySet[Offer]:
        return access.visible_offers(self.request.user).select_related("item", "organization")

    def create(self, request: Request) -> Response:
        if not access.can_make_offers(request.user):  # before the input, so a refusal never reads as a bad id
            raise PermissionDenied
        data = read_input(OfferInput, request)
        organization = data.pop("organization", None) or request.user.organization  # type: ignore[union-attr]
        if organization is None:
            raise serializers.ValidationError({"organization": [_("Name the manufacturer.")]})
        offer = call(services.offer_create, actor=request.user, organization=organization, **data)
        return self._answer(offer, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        offer = self.get_object()
        data = read_input(OfferUpdateInput, request, partial=partial)
        current = {"volumes": offer.volumes, "from_year": offer.from_year, "price": offer.price, "note": offer.note}
        offer = call(services.offer_update, actor=request.user, offer=offer, **{**current, **data})
        return self._answer(offer)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        call(services.offer_delete, actor=request.user, offer=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- a producer's forecast ----------------------------------------------------------------------------------------

class ForecastRowOutput(serializers.Serializer):
    name = serializers.CharField(help_text=_("The product or the category."))
    detail = serializers.CharField(help_text=_("The category code of a category row."))
    unit = serializers.CharField()
    positions = serializers.IntegerField()
    customers = serializers.IntegerField(help_text=_("Most customers of one position (counted, never named)."))
    quantities = YEARLY
    total = serializers.FloatField()


class ForecastOutput(serializers.Serializer):
    organization = serializers.IntegerField()
    orders = serializers.ListField(child=serializers.IntegerField(), help_text=_("Published versions counted."))
    years = serializers.ListField(child=serializers.IntegerField())
    by_product = ForecastRowOutput(many=True, help_text=_("Demand of the positions each own product is an analog "
                                                          "for."))
    by_category = ForecastRowOutput(many=True, help_text=_("Demand of every position in the categories made."))


def _row_data(row: queries.ForecastRow) -> dict[str, Any]:
    return {"name": row.label, "detail": row.detail, "unit": row.unit, "positions": row.positions,
            "customers": row.customers, "quantities": _yearly(row.quantities), "total": row.total}


class ForecastView(APIView):
    """The published city order as a producer sees it: aggregates by own product and by category."""

    @extend_schema(summary=_("A producer's forecast from the published city order"),
                   parameters=[OpenApiParameter("organization", int, description=_(
                       "The producer's id; the user's own organization when left out."))],
                   responses={200: ForecastOutput, 404: NOT_FOUND})
    def get(self, request: Request) -> Response:
        wanted = str(request.query_params.get("organization")
                     or request.user.organization_id or "")  # type: ignore[union-attr]
        # A producer whose forecast the user may not see is not found, as a missing one.
        organization = access.producers_for(request.user).filter(pk=int(wanted)).first() if wanted.isdigit() else None
        if organization is None:
            raise Http404
        forecast = queries.producer_forecast(organization)
        return Response(ForecastOutput({
            "organization": organization.pk, "orders": [o.pk for o in forecast.orders], "years": forecast.years,
            "by_product": [_row_data(r) for r in forecast.by_product],
            "by_category": [_row_data(r) for r in forecast.by_category],
        }).data)

