"""Input and output shapes of the API; writes go through registry.services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

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


class CompetencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Competency
        fields = ["id", "code", "name", "name_en", "parent"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "name_en", "okpd2", "parent"]


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "name_en", "address", "zone"]


class ZoneSerializer(serializers.ModelSerializer):
    sites = SiteSerializer(many=True, read_only=True)

    class Meta:
        model = Zone
        fields = ["id", "code", "name", "name_en", "region", "sites"]


class OrganizationSerializer(serializers.ModelSerializer):
    competencies = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Competency.objects.all(),
                                                required=False)
    sez_sites = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = ["id", "inn", "ogrn", "kpp", "full_name", "short_name", "kind", "parent", "legal_address",
                  "postal_address", "website", "email", "phone", "description", "competencies", "sez_sites",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        # Uniqueness and checksums are checked by the model in the service, with the same messages as the pages.
        extra_kwargs: dict[str, Any] = {"inn": {"validators": []}}

    def get_sez_sites(self, obj: Organization) -> list[str]:
        return [r.site.name for r in obj.residencies.all()]


class ClusterSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cluster
        fields = ["id", "code", "name", "name_en", "short_name", "description", "founded_on", "coordinator",
                  "member_count"]


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "cluster", "organization", "role", "joined_on", "left_on", "note"]
        validators: list[Any] = []


class CapacitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Capacity
        fields = ["year", "quantity"]


class ProductSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all())
    capacities = CapacitySerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = ["id", "organization", "name", "part_number", "category", "unit", "status", "readiness_date",
                  "okpd2", "registry_no", "description", "capacities", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators: list[Any] = []


class CapacityInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quantity = serializers.DecimalField(max_digits=16, decimal_places=3, allow_null=True)
