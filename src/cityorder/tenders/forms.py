"""Forms of the tender pages: thin, the services decide what is valid."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cityorder.order.models import CityOrder, Position
from cityorder.tenders.models import Better, Criterion, Indicator, Lot, MilestoneStatus, OffsetTender

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
CRITERIA_ROWS = 7


def _when() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


YEAR_QUANTITY = re.compile(r"^\s*(\d{4})\s*[:=]\s*(\d+(?:[.,]\d+)?)\s*$")


class TenderForm(forms.ModelForm):
    required_capacity = forms.CharField(
        label=_("Plant capacity by year"), required=False, max_length=2000,
        help_text=_("Year: quantity, separated by commas, e.g. 2028: 5000, 2029: 10000"))

    class Meta:
        model = OffsetTender
        fields = ["order", "code", "subject", "region", "build_years", "min_investment", "localization_level",
                  "required_capacity", "city_share", "publication_at", "questions_until", "bid_deadline", "opening_at",
                  "evaluation_until", "award_at"]
        widgets = {name: _when() for name in ("publication_at", "questions_until", "bid_deadline", "opening_at",
                                              "evaluation_until", "award_at")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order = self.fields["order"]
        order.queryset = CityOrder.objects.filter(published=True).select_related("campaign")  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            if name not in self.Meta.widgets:
                field.widget.attrs.update(SELECT if isinstance(field.widget, forms.Select) else TEXT)
            if name in self.Meta.widgets:
                field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]


    def clean_required_capacity(self) -> dict[str, float]:
        """«2028: 5000, 2029: 10000» as {"2028": 5000.0, "2029": 10000.0}."""
        capacity: dict[str, float] = {}
        for part in re.split(r"[;,\n]+(?=\s*\d{4}\s*[:=])", self.cleaned_data.get("required_capacity") or ""):
            if not part.strip():
                continue
            found = YEAR_QUANTITY.match(part)
            if found is None:
                raise forms.ValidationError(_("Write the capacity as «year: quantity», e.g. 2028: 5000."))
            capacity[found.group(1)] = float(found.group(2).replace(",", "."))
        return dict(sorted(capacity.items()))


class LotForm(forms.Form):
    name = forms.CharField(label=_("Lot"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    max_price = forms.DecimalField(label=_("Initial maximum price, RUB"), min_value=0, max_digits=18,
                                   decimal_places=2, widget=forms.NumberInput(attrs=TEXT))
    categories = forms.MultipleChoiceField(label=_("Whole categories"), required=False,
                                           widget=forms.SelectMultiple(attrs=SELECT))
    positions = forms.MultipleChoiceField(label=_("Positions of the city order"), required=False,
                                          widget=forms.SelectMultiple(attrs={**SELECT, "size": 8}))

    def __init__(self, data: Any = None, *, tender: OffsetTender) -> None:
        super().__init__(data)
        positions = Position.objects.filter(order=tender.order).order_by("category", "position_id")
        self.fields["positions"].choices = [(p.position_id, f"{p.position_id} · {p.name} ({p.unit})")  # type: ignore[attr-defined]
                                            for p in positions]
        categories = sorted({p.category for p in positions if p.category})
        self.fields["categories"].choices = [(c, c) for c in categories]  # type: ignore[attr-defined]


class CriteriaForm(forms.Form):
    """Up to seven rows of criterion, weight, better, limit, indicator; the first row is the price."""

    def __init__(self, data: Any = None, *, criteria: list[Criterion]) -> None:
        super().__init__(data)
        self.rows = []
        for i in range(CRITERIA_ROWS):
            given = criteria[i] if i < len(criteria) else None
            self.fields[f"name_{i}"] = forms.CharField(required=False, max_length=255, initial=given and given.name,
                                                       widget=forms.TextInput(attrs=TEXT))
            self.fields[f"weight_{i}"] = forms.DecimalField(required=False, min_value=0, max_value=100,
                                                            initial=given and given.weight,
                                                            widget=forms.NumberInput(attrs={**TEXT, "step": "any"}))
            self.fields[f"better_{i}"] = forms.ChoiceField(choices=Better.choices, required=False,
                                                           initial=given and given.better,
                                                           widget=forms.Select(attrs=SELECT))
            self.fields[f"limit_{i}"] = forms.DecimalField(required=False, initial=given and given.limit,
                                                           widget=forms.NumberInput(attrs={**TEXT, "step": "any"}))
            self.fields[f"indicator_{i}"] = forms.ChoiceField(choices=Indicator.choices, required=False,
                                                              initial=given and given.indicator,
                                                              widget=forms.Select(attrs=SELECT))
            self.fields[f"unit_{i}"] = forms.CharField(required=False, max_length=32, initial=given and given.unit,
                                                       widget=forms.TextInput(attrs=TEXT))
            self.rows.append([self[f"{n}_{i}"] for n in ("name", "weight", "better", "limit", "indicator", "unit")])

    def criteria(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        return [{"name": d[f"name_{i}"], "weight": d[f"weight_{i}"] or 0, "better": d[f"better_{i}"] or Better.MORE,
                 "limit": d[f"limit_{i}"], "indicator": d[f"indicator_{i}"] or Indicator.OTHER, "unit": d[f"unit_{i}"]}
                for i in range(CRITERIA_ROWS) if d.get(f"name_{i}")]


class BidForm(forms.Form):
    """A value per criterion the bidder answers, the plant's capacity per year of the lot, a note, a document."""

    note = forms.CharField(label=_("Note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    document = forms.FileField(label=_("Document"), required=False)
    remove = forms.MultipleChoiceField(label=_("Remove these documents"), required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, data: Any = None, files: Any = None, *, lot: Lot, initial: dict[str, Any] | None = None,
                 documents: list[dict[str, Any]] | None = None) -> None:
        """``documents``: the bid's earlier documents (tenders.documents.own_documents), kept unless ticked."""
        super().__init__(data, files)
        self.earlier = documents or []
        self.fields["remove"].choices = [  # type: ignore[attr-defined]
            (d["sha256"], d["name"] or _("Document %(n)s · %(size)s bytes · SHA-256 %(hash)s…")
             % {"n": n, "size": d["size"], "hash": d["sha256"][:12]}) for n, d in enumerate(self.earlier, start=1)]
        initial = initial or {}
        self.criteria = [c for c in lot.tender.criteria.all() if c.better != Better.ASSESSED]
        self.years = sorted(int(y) for y in lot.quantities)
        for c in self.criteria:
            label = f"{c.name}, {c.unit}" if c.unit else c.name
            self.fields[f"c_{c.number}"] = forms.CharField(
                label=label, required=False, initial=initial.get("values", {}).get(c.name),
                widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}))
        for y in self.years:
            self.fields[f"y_{y}"] = forms.FloatField(
                label=str(y), required=False, min_value=0, initial=initial.get("capacity", {}).get(str(y)),
                widget=forms.NumberInput(attrs={**TEXT, "step": "any"}))
        self.fields["note"].initial = initial.get("note", "")
        self.value_fields = [self[f"c_{c.number}"] for c in self.criteria]
        self.year_fields = [self[f"y_{y}"] for y in self.years]

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        limit = settings.CITYORDER_MAX_UPLOAD_MB
        if upload and upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit})
        return upload

    def values(self) -> dict[str, Any]:
        return {c.name: self.cleaned_data.get(f"c_{c.number}") for c in self.criteria}

    def capacity(self) -> dict[int, float]:
        return {y: q for y in self.years if (q := self.cleaned_data.get(f"y_{y}")) is not None}

    def documents(self) -> list[tuple[str, bytes]]:
        upload = self.cleaned_data.get("document")
        return [(upload.name, upload.read())] if upload else []


class MilestoneForm(forms.Form):
    status = forms.ChoiceField(choices=MilestoneStatus.choices, widget=forms.Select(attrs=SELECT))
    done_on = forms.DateField(required=False, widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    note = forms.CharField(required=False, max_length=2000, widget=forms.TextInput(attrs=TEXT))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=4000,
                           widget=forms.Textarea(attrs={**TEXT, "rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=4000,
                             widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
