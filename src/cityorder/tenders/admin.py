"""Admin of offset tenders. Bids show who and when, never what: their contents are sealed until the opening and
then shown on the committee's pages, so the admin holds no path to them at all. The tender keys are not here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityorder.tenders import models as m


class ReadOnly(admin.ModelAdmin):
    """Tenders change only through their services (permission checks, the timetable, the audit log)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LotInline(ReadOnlyInline):
    model = m.Lot
    fields = ["number", "name", "unit", "quantities", "max_price"]


class CriterionInline(ReadOnlyInline):
    model = m.Criterion
    fields = ["number", "name", "weight", "better", "limit", "unit", "indicator"]


@admin.register(m.OffsetTender)
class OffsetTenderAdmin(ReadOnly):
    list_display = ["code", "subject", "status", "bid_deadline", "opening_at"]
    list_filter = ["status"]
    search_fields = ["code", "subject"]
    inlines = [LotInline, CriterionInline]


@admin.register(m.Bid)
class BidAdmin(ReadOnly):
    list_display = ["tender", "lot", "bidder", "status", "submitted_at", "digest"]
    list_filter = ["status", "tender"]
    fields = ["tender", "lot", "bidder", "status", "submitted_at", "digest"]  # never sealed or opened


@admin.register(m.Receipt)
class ReceiptAdmin(ReadOnly):
    list_display = ["number", "bid", "digest", "issued_at"]
    fields = ["number", "bid", "digest", "issued_at"]


@admin.register(m.AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ["at", "tender", "actor", "action"]
    list_filter = ["action", "tender"]
    fields = ["at", "tender", "actor", "action", "detail"]


@admin.register(m.Award)
class AwardAdmin(ReadOnly):
    list_display = ["lot", "bid", "awarded_at"]
    fields = ["lot", "bid", "awarded_at", "supplies", "plant_capacity", "catalog_item"]


@admin.register(m.Milestone)
class MilestoneAdmin(ReadOnly):
    list_display = ["award", "kind", "due", "status", "done_on"]
    list_filter = ["status", "kind"]
    fields = ["award", "kind", "due", "status", "done_on", "note"]


@admin.register(m.Question)
class QuestionAdmin(ReadOnly):
    list_display = ["tender", "asked_at", "answered_at"]
    list_filter = ["tender"]
    fields = ["tender", "asked_by", "asked_at", "text", "answer", "answered_by", "answered_at"]
