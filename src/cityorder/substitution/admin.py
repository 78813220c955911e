from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest

from cityorder.substitution import stored
from cityorder.substitution.models import (
    Analog,
    AnalogDecision,
    CatalogItem,
    CoverageChange,
    CrossReference,
    Offer,
    StoredCoverage,
)


class CoverageInputAdmin(admin.ModelAdmin):
    """An edit here changes an input of coverage: the stored coverage it may touch is stale (see stored)."""

    change = CoverageChange.CATALOG

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            stored.coverage_changed(None, self.change)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            stored.coverage_changed(None, self.change)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            stored.coverage_changed(None, self.change)


@admin.register(CatalogItem)
class CatalogItemAdmin(CoverageInputAdmin):
    list_display = ("part_number", "manufacturer", "name", "category", "origin", "registry_no")
    list_filter = ("origin", "category")
    search_fields = ("part_number", "name", "manufacturer", "key")
    raw_id_fields = ("organization", "product")


@admin.register(CrossReference)
class CrossReferenceAdmin(admin.ModelAdmin):
    list_display = ("part_number", "analog_part_number", "compatibility", "source")
    list_filter = ("compatibility",)
    search_fields = ("part_number", "analog_part_number", "key", "analog_key")


@admin.register(Offer)
class OfferAdmin(CoverageInputAdmin):
    list_display = ("organization", "item", "from_year", "price")
    raw_id_fields = ("item",)
    change = CoverageChange.OFFERS


@admin.register(Analog)
class AnalogAdmin(CoverageInputAdmin):
    raw_id_fields = ("order", "position", "item")
    change = CoverageChange.VERDICT


admin.site.register(AnalogDecision)


@admin.register(StoredCoverage)
class StoredCoverageAdmin(admin.ModelAdmin):
    list_display = ("order", "inputs_version", "computed_version", "change", "changed_at", "computed_at")
    readonly_fields = ("order", "inputs_version", "computed_version", "change", "changed_at", "computed_at", "job")
    exclude = ("summary",)
