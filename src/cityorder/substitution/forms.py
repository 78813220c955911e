"""Forms of the substitution pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityorder.substitution.models import AnalogVerdict, CatalogItem


class ReferenceFileForm(forms.Form):
    file = forms.FileField(label=_("File (csv, xlsx, xls, ods)"))


class VerdictForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=AnalogVerdict.choices)


class OfferForm(forms.Form):
    """An offer: the product, the volume per year of the horizon, the price and the first year."""

    item = forms.ModelChoiceField(label=_("Product"), queryset=CatalogItem.objects.none(), empty_label=None,
                                  widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    from_year = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    price = forms.DecimalField(label=_("Price, RUB"), required=False, min_value=0, decimal_places=2, max_digits=16)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, items: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        self.years = years
        for year in years:
            self.fields[f"v_{year}"] = forms.DecimalField(label=str(year), required=False, min_value=0,
                                                          decimal_places=3, max_digits=16)

    def volumes(self) -> dict[int, float]:
        return {y: float(self.cleaned_data[f"v_{y}"]) for y in self.years if self.cleaned_data.get(f"v_{y}")}

    def year_fields(self) -> list[Any]:
        return [self[f"v_{y}"] for y in self.years]
