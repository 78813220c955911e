"""The tender's full audit log, read-only: a filter by action and person, the table of the audit page, and its CSV
export (text cells through ``safe_cell``, so a typed reason or answer never runs as a spreadsheet formula).

The log never holds a bid's contents (services.log), so the committee and the analysts read it before the opening.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import django_filters as filters
import django_tables2 as tables
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityorder.registry.exporting import safe_cell
from cityorder.registry.forms import FilterForm
from cityorder.tenders.models import AuditEntry, OffsetTender
from cityorder.web.tables import Table

PER_PAGE = 50


def entries(tender: OffsetTender) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(tender=tender).select_related("actor").order_by("at", "pk")


class AuditFilter(filters.FilterSet):
    action = filters.ChoiceFilter(label=gettext_lazy("Action"))
    # Choices built from the log itself: the people the reader already sees in it, nobody else.
    actor = filters.ChoiceFilter(label=gettext_lazy("Who"), field_name="actor_id")

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = FilterForm

    def __init__(self, data: Any = None, *, tender: OffsetTender) -> None:
        log = entries(tender)
        super().__init__(data, queryset=log)
        # Only the actions and people this tender's log holds.
        actions = sorted(set(log.values_list("action", flat=True)))
        self.filters["action"].extra["choices"] = [(a, a) for a in actions]
        people = get_user_model().objects.filter(pk__in=log.exclude(actor=None).values("actor"))
        self.filters["actor"].extra["choices"] = sorted(((str(u.pk), u.display_name()) for u in people),
                                                        key=lambda choice: choice[1])


def _detail(entry: AuditEntry) -> str:
    return json.dumps(entry.detail, ensure_ascii=False, sort_keys=True)


class AuditTable(Table):
    at = tables.DateTimeColumn(verbose_name=gettext_lazy("When"), format="d.m.Y H:i:s")
    actor = tables.Column(verbose_name=gettext_lazy("Who"), accessor="actor__display_name", default="—",
                          orderable=False)
    action = tables.Column(verbose_name=gettext_lazy("Action"))
    detail = tables.Column(verbose_name=gettext_lazy("Detail"), orderable=False, empty_values=())

    class Meta:
        model = AuditEntry
        fields = ["at", "actor", "action", "detail"]
        attrs = {"class": "table table-sm align-middle small", "id": "audit-log"}

    def render_detail(self, record: AuditEntry) -> str:
        return _detail(record)


def audit_csv(log: QuerySet[AuditEntry]) -> str:
    """The entries as CSV with a BOM (Excel reads it as UTF-8), oldest first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("When"), _("Who"), _("Login"), _("Action"), _("Detail")])
    for entry in log.iterator():
        actor = entry.actor
        writer.writerow([safe_cell(v) for v in (
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"), actor.display_name() if actor else "",
            actor.username if actor else "", entry.action, _detail(entry))])
    return "\ufeff" + out.getvalue()
