from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cityorder.demand.models import Campaign, CampaignStatus, DemandLine, LineStatus, SourceFile
from cityorder.registry.forms import FilterForm
from cityorder.registry.queries import text_q


class CampaignFilter(filters.FilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=CampaignStatus.choices)
    q = filters.CharFilter(label=_("Code or title"), method="search")

    class Meta:
        model = Campaign
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset: QuerySet[Campaign], name: str, value: str) -> QuerySet[Campaign]:
        return queryset.filter(text_q(value.strip(), "code", "title"))


class LineFilter(filters.FilterSet):
    status = filters.ChoiceFilter(label=_("Status"), choices=LineStatus.choices)
    source = filters.ModelChoiceFilter(label=_("File"), queryset=SourceFile.objects.none())
    q = filters.CharFilter(label=_("Text"), method="search")

    class Meta:
        model = DemandLine
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args: Any, files: QuerySet[SourceFile] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if files is not None:
            self.filters["source"].queryset = files

    def known_count(self, counts: dict[str, int]) -> int | None:
        """The number of rows the filter leaves, if demand.queries.line_counts (``counts``) already gives it: all
        the submission's lines, or those of one status; None if a file or a text narrows them (then they are
        counted by the table's paginator)."""
        if not self.form.is_valid():
            return None
        data = self.form.cleaned_data
        if data.get("source") or (data.get("q") or "").strip():
            return None
        return counts.get(data["status"]) if data.get("status") else counts["all"]

    def search(self, queryset: QuerySet[DemandLine], name: str, value: str) -> QuerySet[DemandLine]:
        return queryset.filter(text_q(value.strip(), "name", "part_number", "manufacturer", "description",
                                      "message"))
