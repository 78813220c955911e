from django.contrib import admin

from cityorder.demand.models import Campaign, ColumnMapping, DemandLine, SourceFile, Submission, SubmissionEvent


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "year_from", "year_to", "deadline", "status")
    list_filter = ("status",)
    search_fields = ("code", "title")
    filter_horizontal = ("invited",)


class EventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    readonly_fields = ("action", "status", "comment", "actor", "at")
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("campaign", "customer", "status", "submitted_at")
    list_filter = ("status", "campaign")
    search_fields = ("customer__short_name", "customer__inn")
    inlines = [EventInline]


@admin.register(SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ("name", "submission", "size", "status", "uploaded_at")
    list_filter = ("status",)
    readonly_fields = ("sha256", "size", "sheets")


@admin.register(DemandLine)
class DemandLineAdmin(admin.ModelAdmin):
    list_display = ("submission", "source", "row", "status", "name", "part_number", "manufacturer")
    list_filter = ("status", "origin")
    search_fields = ("name", "part_number")
    raw_id_fields = ("submission", "source")


admin.site.register(ColumnMapping)
