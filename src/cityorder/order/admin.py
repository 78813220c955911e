from django.contrib import admin

from cityorder.order.models import CityOrder, MatchDecision, Position, ProbableMatch


@admin.register(CityOrder)
class CityOrderAdmin(admin.ModelAdmin):
    list_display = ("campaign", "number", "published", "created_at", "created_by")
    list_filter = ("published", "campaign")


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("order", "position_id", "name", "part_number", "category", "unit", "total", "customers")
    list_filter = ("order", "category")
    search_fields = ("position_id", "name", "part_number")


@admin.register(ProbableMatch)
class ProbableMatchAdmin(admin.ModelAdmin):
    list_display = ("order", "position_a", "position_b", "score", "merged")
    list_filter = ("merged",)


@admin.register(MatchDecision)
class MatchDecisionAdmin(admin.ModelAdmin):
    list_display = ("key_a", "key_b", "verdict", "decided_by", "decided_at")
    list_filter = ("verdict",)
