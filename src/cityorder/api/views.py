"""REST endpoints: reads through registry.queries (scoped by registry.access), writes through registry.services.

Each write reads its own input serializer, calls one service and answers with the output serializer of the
resource read back through the user's scope. The services decide permissions; call_service turns their
PermissionDenied into 403 and their ValidationError into 400 with the errors per field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api import filters as f
from cityorder.api import serializers as s
from cityorder.registry import access, queries, services
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

T = TypeVar("T")
StrOrPromise = str | Promise


def call_service(fn: Callable[..., T], **kwargs: Any) -> T:
    """Run a service, turning its Django errors into API errors (403, and 400 with field errors)."""
    try:
        return fn(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise exceptions.ValidationError(detail) from exc


def _input(serializer_class: type[serializers.Serializer], request: Request, *, partial: bool = False) -> Any:
    data = serializer_class(data=request.data, partial=partial, context={"request": request})
    data.is_valid(raise_exception=True)
    return data.validated_data


ERRORS = {
    400: OpenApiResponse(description=_("Invalid input: an object mapping each field to its messages.")),
    403: OpenApiResponse(description=_("The user may not make this change.")),
}


def _writes(input_class: type, output_class: type, *, create: StrOrPromise, replace: StrOrPromise,
            change: StrOrPromise, update_class: type | None = None,
            description: StrOrPromise | None = None) -> dict[str, Any]:
    """Schemas of create, update and partial_update: own input, the resource as output; ``description`` says
    who may change what in an update."""
    update_class = update_class or input_class
    return {
        "create": extend_schema(summary=create, request=input_class, responses={201: output_class, **ERRORS}),
        "update": extend_schema(summary=replace, description=description, request=update_class,
                                responses={200: output_class, **ERRORS}),
        "partial_update": extend_schema(summary=change, description=description, request=update_class,
                                        responses={200: output_class, **ERRORS}),
    }


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    """List and retrieve; output_class is also what the writes answer with."""

    output_class: type[serializers.Serializer]
    filter_backends = [DjangoFilterBackend, f.TextSearchFilter, OrderingFilter]

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return self.output_class

    def _answer(self, obj: Model, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.output_class(fresh, context=self.get_serializer_context()).data, status=code)


# --- organizations ------------------------------------------------------------------------------------------

@extend_schema_view(**_writes(
    s.OrganizationInput, s.OrganizationOutput, create=_("Create an organization"),
    replace=_("Replace an organization"), change=_("Change an organization"),
    description=_("The organization's own users and its cluster's coordinator change its contacts, description "
                  "and competencies; its INN, OGRN, KPP, names, kind and parent body are the department's (403 "
                  "when anyone else changes them).")))
class OrganizationViewSet(ReadViewSet):
    """Organizations the user may see: a customer sees producers and its own organization only."""

    output_class = s.OrganizationOutput
    filterset_class = f.OrganizationFilter
    search_fields = ["short_name", "full_name", "inn"]
    ordering_fields = ["short_name", "full_name", "inn", "kind", "created_at"]
    ordering = ["short_name"]

    def get_queryset(self) -> QuerySet[Organization]:
        # Prefetched into plain lists (to_attr): a prefetch into the related managers builds a manager and a
        # filtered queryset per organization and relation, half of this list's processor time (50 a page × 3).
        return queries.organizations_for(self.request.user).prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.only("id", "code"), to_attr="competency_list"),
            Prefetch("clusters", queryset=Cluster.objects.only("id", "code"), to_attr="cluster_list"),
            Prefetch("residencies", queryset=Residency.objects.select_related("site__zone"),
                     to_attr="residency_list"),
        )

    def create(self, request: Request) -> Response:
        if not access.can_create_organization(request.user):  # before the input: a refusal is never a 400
            raise exceptions.PermissionDenied
        organization = call_service(services.organization_create, actor=request.user,
                                    **_input(s.OrganizationInput, request))
        return self._answer(organization, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        organization = self.get_object()
        organization = call_service(services.organization_update, actor=request.user, organization=organization,
                                    **_input(s.OrganizationInput, request, partial=partial))
        return self._answer(organization)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)


# --- clusters and memberships -------------------------------------------------------------------------------

class ClusterViewSet(ReadViewSet):
    """Clusters, looked up by code; member_count counts the members the user may see."""

    output_class = s.ClusterOutput
    lookup_field = "code"
    search_fields = ["name", "name_en", "short_name", "code"]
    ordering_fields = ["name", "code", "founded_on", "member_count"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[Cluster]:
        return queries.clusters_for(self.request.user)


@extend_schema_view(
    **_writes(s.MembershipCreateInput, s.MembershipOutput, update_class=s.MembershipUpdateInput,
              create=_("Add a member to a cluster"), replace=_("Replace a membership"),
              change=_("Change a membership")),
    destroy=extend_schema(summary=_("Remove a member from a cluster"), responses={204: None, 403: ERRORS[403]}),
)
class MembershipViewSet(ReadViewSet):
    """Cluster memberships of the organizations the user may see; kept by the cluster's coordinator."""

    output_class = s.MembershipOutput
    filterset_class = f.MembershipFilter
    search_fields = ["organization__short_name", "organization__full_name", "organization__inn"]
    ordering_fields = ["joined_on", "organization__short_name", "role"]
    ordering = ["cluster__name", "organization__short_name"]

    def get_queryset(self) -> QuerySet[Membership]:
        return access.visible_memberships(self.request.user).select_related("cluster", "organization")

    def create(self, request: Request) -> Response:
        membership = call_service(services.membership_add, actor=request.user,
                                  **_input(s.MembershipCreateInput, request))
        return self._answer(membership, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        membership = self.get_object()
        membership = call_service(services.membership_update, actor=request.user, membership=membership,
                                  **_input(s.MembershipUpdateInput, request, partial=partial))
        return self._answer(membership)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        call_service(services.membership_remove, actor=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- products and capacities --------------------------------------------------------------------------------

@extend_schema_view(
    **_writes(s.ProductCreateInput, s.ProductOutput, update_class=s.ProductUpdateInput,
              create=_("Create a product"), replace=_("Replace a product"), change=_("Change a product")),
    destroy=extend_schema(summary=_("Delete a product"), responses={204: None, 403: ERRORS[403]}),
)
class ProductViewSet(ReadViewSet):
    """Products of the organizations the user may see, with their capacities by year."""

    output_class = s.ProductOutput
    filterset_class = f.ProductFilter
    search_fields = ["name", "part_number"]
    ordering_fields = ["name", "part_number", "readiness_date", "created_at"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[Product]:
        return queries.products_for(self.request.user)

    def create(self, request: Request) -> Response:
        data = dict(_input(s.ProductCreateInput, request))
        product = call_service(services.product_create, actor=request.user, organization=data.pop("organization"),
                               **data)
        return self._answer(product, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None, partial: bool = False) -> Response:
        product = call_service(services.product_update, actor=request.user, product=self.get_object(),
                               **_input(s.ProductUpdateInput, request, partial=partial))
        return self._answer(product)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        call_service(services.product_delete, actor=request.user, product=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary=_("Set a year's capacity"), request=s.CapacityInput,
                   responses={200: s.ProductOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def capacity(self, request: Request, pk: str | None = None) -> Response:
        """Set the product's capacity in one year (quantity null removes it); answers with the product."""
        product = self.get_object()
        call_service(services.capacity_set, actor=request.user, product=product, **_input(s.CapacityInput, request))
        return self._answer(product)


# --- reference data -----------------------------------------------------------------------------------------

class CompetencyViewSet(ReadViewSet):
    output_class = s.CompetencyOutput
    queryset = Competency.objects.select_related("parent")
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]


class CategoryViewSet(ReadViewSet):
    output_class = s.CategoryOutput
    queryset = Category.objects.select_related("parent")
    search_fields = ["code", "name", "name_en", "okpd2"]
    ordering_fields = ["code", "name", "okpd2"]
    ordering = ["code"]


class ZoneViewSet(ReadViewSet):
    """Special economic zones with their sites."""

    output_class = s.ZoneOutput
    queryset = Zone.objects.prefetch_related("sites")
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["code", "name"]
    ordering = ["name"]
