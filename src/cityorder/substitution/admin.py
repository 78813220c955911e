from django.contrib import admin

from cityorder.substitution.models import Analog, AnalogDecision, CatalogItem, CrossReference, Offer


@admin.register(CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
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
class OfferAdmin(admin.ModelAdmin):
    list_display = ("organization", "item", "from_year", "price")
    raw_id_fields = ("item",)


admin.site.register(AnalogDecision)
admin.site.register(Analog)
