"""REST endpoints: reads scoped by accounts.access, writes through registry.services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.accounts import access
from cityorder.api import serializers as s
from cityorder.registry import services
from cityorder.registry.models import (
    Category,
    Cluster,
    Competency,
    Membership,
    Organization,
    Product,
    Residency,
    Zone,
)


def call_service(fn: Any, **kwargs: Any) -> Any:
    """Run a service, turning its Django errors into API responses (403 and 400 with field errors)."""
    try:
        return fn(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise exceptions.ValidationError(detail) from exc


class OrganizationFilter(filters.FilterSet):
    kind = filters.CharFilter()
    cluster = filters.CharFilter(field_name="clusters__code")
    competency = filters.CharFilter(field_name="competencies__code")
    sez_resident = filters.BooleanFilter(field_name="is_sez_resident")

    class Meta:
        model = Organization
        fields = ["kind", "cluster", "competency", "sez_resident"]


class OrganizationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.OrganizationSerializer
    filterset_class = OrganizationFilter
    search_fields = ["short_name", "full_name", "inn"]
    ordering_fields = ["short_name", "inn", "created_at"]
    ordering = ["short_name"]

    def get_queryset(self) -> QuerySet[Organization]:
        return (access.visible_organizations(self.request.user)
                .annotate(is_sez_resident=Exists(Residency.objects.filter(organization=OuterRef("pk"))))
                .prefetch_related("competencies", Prefetch("residencies",
                                                           queryset=Residency.objects.select_related("site")))
                .distinct())

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = call_service(services.organization_create, actor=self.request.user,
                                           **serializer.validated_data)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = call_service(services.organization_update, actor=self.request.user,
                                           organization=serializer.instance, **serializer.validated_data)


class ClusterViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ClusterSerializer
    lookup_field = "code"
    search_fields = ["name", "name_en", "code"]

    def get_queryset(self) -> QuerySet[Cluster]:
        visible = access.visible_organizations(self.request.user)
        return Cluster.objects.annotate(
            member_count=Count("memberships", filter=Q(memberships__organization__in=visible), distinct=True),
        ).order_by("name")


class MembershipViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                        viewsets.ReadOnlyModelViewSet):
    serializer_class = s.MembershipSerializer
    filterset_fields = ["cluster", "organization", "role"]

    def get_queryset(self) -> QuerySet[Membership]:
        return (Membership.objects.filter(organization__in=access.visible_organizations(self.request.user))
                .select_related("cluster", "organization").order_by("cluster", "organization__short_name"))

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("left_on", None)
        serializer.instance = call_service(services.membership_add, actor=self.request.user, **data)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = call_service(services.membership_update, actor=self.request.user,
                                           membership=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance: Membership) -> None:
        call_service(services.membership_remove, actor=self.request.user, membership=instance)


class ProductFilter(filters.FilterSet):
    category = filters.CharFilter(field_name="category__code", lookup_expr="startswith")
    organization = filters.NumberFilter()
    status = filters.CharFilter()

    class Meta:
        model = Product
        fields = ["category", "organization", "status"]


class ProductViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                     viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ProductSerializer
    filterset_class = ProductFilter
    search_fields = ["name", "part_number"]
    ordering_fields = ["name", "part_number", "readiness_date"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[Product]:
        return access.visible_products(self.request.user).select_related("category").prefetch_related("capacities")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        organization = data.pop("organization")
        serializer.instance = call_service(services.product_create, actor=self.request.user,
                                           organization=organization, **data)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = call_service(services.product_update, actor=self.request.user,
                                           product=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance: Product) -> None:
        call_service(services.product_delete, actor=self.request.user, product=instance)

    @extend_schema(request=s.CapacityInputSerializer, responses=s.ProductSerializer)
    @action(detail=True, methods=["post"])
    def capacity(self, request: Request, pk: str | None = None) -> Response:
        """Set the capacity of one year (quantity null removes it)."""
        product = self.get_object()
        data = s.CapacityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(services.capacity_set, actor=request.user, product=product, **data.validated_data)
        product = self.get_queryset().get(pk=product.pk)
        return Response(s.ProductSerializer(product).data, status=status.HTTP_200_OK)


class CompetencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CompetencySerializer
    queryset = Competency.objects.all().order_by("code")
    search_fields = ["code", "name", "name_en"]
    pagination_class = None


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CategorySerializer
    queryset = Category.objects.all().order_by("code")
    search_fields = ["code", "name", "name_en", "okpd2"]
    pagination_class = None


class ZoneViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ZoneSerializer
    queryset = Zone.objects.prefetch_related("sites").order_by("name")
    pagination_class = None
