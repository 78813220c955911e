"""Forms of the cooperation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cityorder.cooperation.models import AssignmentStatus, ParticipantRole, ProductKind, SourcingMode
from cityorder.demand.models import Campaign
from cityorder.engine.bom import parse_plan
from cityorder.registry.models import Cluster, Organization
from cityorder.web.stored_text import shown

_SELECT = {"class": "form-select form-select-sm"}
_INPUT = {"class": "form-control form-control-sm"}


class ProjectForm(forms.Form):
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none(), widget=forms.Select(_SELECT))
    code = forms.SlugField(label=_("Code"), max_length=50, widget=forms.TextInput(_INPUT))
    title = forms.CharField(label=_("Title"), max_length=500, widget=forms.TextInput(_INPUT))
    product_name = forms.CharField(label=_("Product"), max_length=500, widget=forms.TextInput(_INPUT))
    product_kind = forms.ChoiceField(label=_("Kind of product"), choices=ProductKind.choices,
                                     widget=forms.Select(_SELECT))

    def __init__(self, *args: Any, clusters: QuerySet[Cluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters  # type: ignore[attr-defined]


class BomFileForm(forms.Form):
    file = forms.FileField(label=_("BOM file (xlsx, xls, ods, csv)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=500, widget=forms.TextInput(_INPUT))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.CITYORDER_MAX_UPLOAD_MB * 1024 * 1024:
            limit = settings.CITYORDER_MAX_UPLOAD_MB
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit})
        return upload


class PlanForm(forms.Form):
    plan = forms.CharField(label=_("Units to build by year"), max_length=1000, widget=forms.TextInput(_INPUT),
                           help_text=_("YEAR:UNITS separated by commas, e.g. 2026:150, 2027:600, 2028:600"))

    def clean_plan(self) -> dict[int, int]:
        try:
            return parse_plan(self.cleaned_data["plan"].replace(" ", ""))
        except ValueError as exc:
            raise forms.ValidationError(shown(str(exc))) from exc


class ExplodeForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(),
                                      widget=forms.Select(_SELECT))

    def __init__(self, *args: Any, campaigns: QuerySet[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]


class ParticipantForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none(),
                                          widget=forms.Select(_SELECT))
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices, widget=forms.Select(_SELECT))

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class AssignmentForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    organization = forms.ModelChoiceField(label=_("Supplier"), queryset=Organization.objects.all(),
                                          widget=forms.Select(_SELECT))
    mode = forms.ChoiceField(label=_("Make or buy"), choices=SourcingMode.choices, widget=forms.Select(_SELECT))
    status = forms.ChoiceField(label=_("Status"), choices=AssignmentStatus.choices, widget=forms.Select(_SELECT))


class RegistryFileForm(forms.Form):
    file = forms.FileField(label=_("GISP open-data file (csv, xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=500, widget=forms.TextInput(_INPUT))
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date", **_INPUT}))
