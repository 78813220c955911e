from django.contrib import admin

from cityorder.cooperation import models as m


class ParticipantInline(admin.TabularInline):
    model = m.Participant
    extra = 0
    autocomplete_fields = ["organization"]


class MilestoneInline(admin.TabularInline):
    model = m.Milestone
    extra = 0


class PlanYearInline(admin.TabularInline):
    model = m.PlanYear
    extra = 0


@admin.register(m.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "cluster", "product_kind", "created_at"]
    list_filter = ["cluster", "product_kind"]
    search_fields = ["title", "code", "product_name"]
    autocomplete_fields = ["product"]
    inlines = [ParticipantInline, MilestoneInline, PlanYearInline]


@admin.register(m.BomVersion)
class BomVersionAdmin(admin.ModelAdmin):
    list_display = ["project", "number", "file_name", "created_at"]
    list_filter = ["project"]


@admin.register(m.BomItem)
class BomItemAdmin(admin.ModelAdmin):
    list_display = ["version", "position", "level", "part_number", "name", "qty_per", "unit", "attrition"]
    list_filter = ["version__project"]
    search_fields = ["part_number", "name", "key"]
    raw_id_fields = ["version", "parent", "subproject"]


@admin.register(m.Explosion)
class ExplosionAdmin(admin.ModelAdmin):
    list_display = ["project", "version", "campaign", "current", "created_at"]
    list_filter = ["current", "campaign"]
    raw_id_fields = ["version", "submission", "source", "job"]


@admin.register(m.Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["project", "part_number", "organization", "mode", "status"]
    list_filter = ["project", "mode", "status"]
    autocomplete_fields = ["organization", "product"]


@admin.register(m.LocalizationItem)
class LocalizationItemAdmin(admin.ModelAdmin):
    list_display = ["product_kind", "code", "title", "points", "categories"]
    list_filter = ["product_kind"]
    list_editable = ["points"]


@admin.register(m.LocalizationThreshold)
class LocalizationThresholdAdmin(admin.ModelAdmin):
    list_display = ["product_kind", "year", "points"]
    list_filter = ["product_kind"]
    list_editable = ["points"]
