"""Input and output shapes of the API, one pair per operation (HackSoft style).

Output serializers only read. Input serializers only check shapes and resolve references; the rules
(permissions, uniqueness, INN checksums) are applied by registry.services, so a write through the API and
the same write through a page answer alike. References to organizations resolve only among those the
user may see, so an unknown and a hidden organization are indistinguishable.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cityorder.registry import access
from cityorder.registry.models import (
    Capacity,
    Category,
    Cluster,
    Competency,
    Membership,
    Organization,
    Product,
    Site,
    Zone,
)
from cityorder.web.stored_text import shown


class StoredTextField(serializers.CharField):
    """A stored English text of the engine or of a job (a reason, a note, a row's message), in the request's
    language (cityorder.web.stored_text)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return shown(super().to_representation(value))


@extend_schema_field(OpenApiTypes.STR)
class PrefetchedCodeField(serializers.SlugRelatedField):
    """The code of a related object, read from a list the view prefetched into an attribute (the schema cannot
    follow such an attribute to the model's field, hence its type here)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", read_only=True, **kwargs)


class VisibleOrganizationField(serializers.PrimaryKeyRelatedField):
    """An organization id, resolved among the organizations the requesting user may see."""

    def get_queryset(self) -> QuerySet[Organization]:
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return access.visible_organizations(request.user)


class ParentBodyField(VisibleOrganizationField):
    """A government body's id, among those the requesting user may name as a parent (registry.access)."""

    def get_queryset(self) -> QuerySet[Organization]:
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return access.parent_bodies(request.user)


# --- reference data -----------------------------------------------------------------------------------------

class CompetencyOutput(serializers.ModelSerializer):
    class Meta:
        model = Competency
        fields = ["id", "code", "name", "name_en", "parent"]


class CategoryOutput(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "name_en", "okpd2", "parent"]


class SiteOutput(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "name_en", "address"]


class ZoneOutput(serializers.ModelSerializer):
    sites = SiteOutput(many=True, read_only=True)

    class Meta:
        model = Zone
        fields = ["id", "code", "name", "name_en", "region", "description", "sites"]


# --- organizations ------------------------------------------------------------------------------------------

class ResidencyOutput(serializers.Serializer):
    zone = serializers.CharField(source="site.zone.code")
    site = serializers.CharField(source="site.name")
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)


class OrganizationOutput(serializers.ModelSerializer):
    # The lists are prefetched by the view (OrganizationViewSet.get_queryset) into plain attributes.
    competencies = PrefetchedCodeField(many=True, source="competency_list", help_text=_("Competency codes."))
    clusters = PrefetchedCodeField(many=True, source="cluster_list", help_text=_("Codes of the clusters it is in."))
    residencies = ResidencyOutput(many=True, read_only=True, source="residency_list")
    is_sez_resident = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "inn", "ogrn", "kpp", "full_name", "short_name", "kind", "parent", "legal_address",
                  "postal_address", "website", "email", "phone", "description", "competencies", "clusters",
                  "is_sez_resident", "residencies", "created_at", "updated_at"]
        read_only_fields = fields


KEPT_BY_DEPARTMENT = _(
    "Kept by the department: administrators and analysts change it (and whoever creates the organization sets "
    "it); for anyone else it is read-only — leave it out or send its current value, a change is refused with 403.")


class OrganizationInput(serializers.ModelSerializer):
    """Create (POST), replace (PUT) or change (PATCH) an organization. The fields that say which organization it
    is and who sees it (INN, OGRN, KPP, names, kind, parent body) are the department's."""

    # The parent body is a government body the user may see.
    serializer_related_field = ParentBodyField
    competencies = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Competency.objects.all(), required=False,
        help_text=_("Competency codes; the list replaces the organization's competencies."),
    )

    class Meta:
        model = Organization
        fields = ["inn", "ogrn", "kpp", "full_name", "short_name", "kind", "parent", "legal_address",
                  "postal_address", "website", "email", "phone", "description", "competencies"]
        # Uniqueness and checksums are checked by the model in the service, with the same messages as the pages.
        extra_kwargs: dict[str, Any] = {
            **{name: {"help_text": KEPT_BY_DEPARTMENT} for name in access.DEPARTMENT_FIELDS},
            "inn": {"validators": [], "help_text": KEPT_BY_DEPARTMENT},
        }


# --- clusters and memberships -------------------------------------------------------------------------------

class ClusterOutput(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True, help_text=_("Members the user may see."))

    class Meta:
        model = Cluster
        fields = ["id", "code", "name", "name_en", "short_name", "description", "founded_on", "coordinator",
                  "member_count"]


class MembershipOutput(serializers.ModelSerializer):
    cluster: serializers.SlugRelatedField[Cluster] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "cluster", "organization", "organization_name", "role", "joined_on", "left_on", "note"]
        read_only_fields = fields


class MembershipCreateInput(serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="code", queryset=Cluster.objects.all(),
                                           help_text=_("Cluster code."))
    organization = VisibleOrganizationField()

    class Meta:
        model = Membership
        fields = ["cluster", "organization", "role", "joined_on", "note"]
        # One membership per cluster and organization is checked by the model in the service.
        validators: list[Any] = []


class MembershipUpdateInput(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["role", "joined_on", "left_on", "note"]


# --- products and capacities --------------------------------------------------------------------------------

class CapacityOutput(serializers.ModelSerializer):
    class Meta:
        model = Capacity
        fields = ["year", "quantity"]


class ProductOutput(serializers.ModelSerializer):
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="code", read_only=True)
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)
    capacities = CapacityOutput(many=True, read_only=True)

    class Meta:
        model = Product
        fields = ["id", "organization", "organization_name", "name", "part_number", "category", "unit", "status",
                  "readiness_date", "okpd2", "registry_no", "description", "capacities", "created_at",
                  "updated_at"]
        read_only_fields = fields


class ProductUpdateInput(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all(),
                                            help_text=_("Category code, e.g. battery.lfp."))

    class Meta:
        model = Product
        fields = ["name", "part_number", "category", "unit", "status", "readiness_date", "okpd2", "registry_no",
                  "description"]
        # One product per manufacturer, part number and name is checked by the model in the service.
        validators: list[Any] = []


class ProductCreateInput(ProductUpdateInput):
    organization = VisibleOrganizationField(help_text=_("The manufacturer's id."))

    class Meta(ProductUpdateInput.Meta):
        fields = ["organization", *ProductUpdateInput.Meta.fields]


class CapacityInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quantity = serializers.DecimalField(max_digits=16, decimal_places=3, min_value=0, allow_null=True,
                                        help_text=_("In the product's unit; null removes the year's capacity."))

