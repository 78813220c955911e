from django.contrib import admin

from cityorder.registry import models as m


class MembershipInline(admin.TabularInline):
    model = m.Membership
    extra = 0
    autocomplete_fields = ["organization"]


class ResidencyInline(admin.TabularInline):
    model = m.Residency
    extra = 0
    autocomplete_fields = ["site"]


class ProductInline(admin.TabularInline):
    model = m.Product
    extra = 0
    fields = ["name", "part_number", "category", "unit", "status", "readiness_date"]
    show_change_link = True


class CapacityInline(admin.TabularInline):
    model = m.Capacity
    extra = 1


class SiteInline(admin.TabularInline):
    model = m.Site
    extra = 0


@admin.register(m.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "inn", "ogrn", "kind", "parent"]
    list_filter = ["kind", "clusters", "competencies"]
    search_fields = ["short_name", "full_name", "inn", "ogrn"]
    filter_horizontal = ["competencies"]
    autocomplete_fields = ["parent"]
    inlines = [ResidencyInline, ProductInline]


@admin.register(m.Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "name_en", "code"]
    inlines = [SiteInline]


@admin.register(m.Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "zone", "address"]
    list_filter = ["zone"]
    search_fields = ["name", "name_en", "address"]


@admin.register(m.Residency)
class ResidencyAdmin(admin.ModelAdmin):
    list_display = ["organization", "site", "since", "until", "agreement_no"]
    list_filter = ["site__zone", "site"]
    search_fields = ["organization__short_name", "organization__inn"]
    autocomplete_fields = ["organization"]


@admin.register(m.Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "code"]


@admin.register(m.Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "founded_on", "coordinator"]
    list_filter = ["founded_on"]
    search_fields = ["name", "name_en", "code"]
    autocomplete_fields = ["coordinator"]
    inlines = [MembershipInline]


@admin.register(m.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organization", "cluster", "role", "joined_on", "left_on"]
    list_filter = ["cluster", "role"]
    list_select_related = ["organization", "cluster"]
    search_fields = ["organization__short_name", "organization__inn"]
    autocomplete_fields = ["organization"]


@admin.register(m.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "okpd2", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "name_en", "okpd2"]


@admin.register(m.Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "part_number", "organization", "category", "unit", "status", "readiness_date"]
    list_filter = ["status", "unit", ("category", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization", "category"]
    search_fields = ["name", "part_number", "organization__short_name"]
    autocomplete_fields = ["organization"]
    inlines = [CapacityInline]


@admin.register(m.Capacity)
class CapacityAdmin(admin.ModelAdmin):
    list_display = ["product", "year", "quantity"]
    list_filter = ["year"]
    list_select_related = ["product"]
    autocomplete_fields = ["product"]
    search_fields = ["product__name", "product__part_number"]
