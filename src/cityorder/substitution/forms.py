"""Forms of the substitution pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityorder.substitution.models import AnalogVerdict, CatalogItem, Offer

# The headers of the reference files as the upload card names them, in the reader's language. Each, in either
# language, is a header the engine reads (engine.substitution.catalog_file and xref_file ALIASES), so a user may
# head the file with the names the page shows; tests/substitution/test_reference_columns.py uploads files so headed.
CATALOG_COLUMNS = (
    pgettext_lazy("reference file column", "Part number"),
    pgettext_lazy("reference file column", "Manufacturer"),
    pgettext_lazy("reference file column", "Name"),
    pgettext_lazy("reference file column", "Category"),
    pgettext_lazy("reference file column", "Origin"),
    pgettext_lazy("reference file column", "Registry number"),
)
CATALOG_OPTIONAL = (
    pgettext_lazy("reference file column", "Parameters"),
    pgettext_lazy("reference file column", "Price"),
    pgettext_lazy("reference file column", "Readiness year"),
)
# A capacity column per year: «Capacity 2027».
CATALOG_CAPACITY = pgettext_lazy("reference file column", "Capacity %(year)s")
# The words of the origin column and of the compatibility column, as the engine reads them in either language.
ORIGINS = (pgettext_lazy("origin", "domestic"), pgettext_lazy("origin", "foreign"))
XREF_COLUMNS = (
    pgettext_lazy("reference file column", "Part number"),
    pgettext_lazy("reference file column", "Analog part number"),
    pgettext_lazy("reference file column", "Compatibility"),
    pgettext_lazy("reference file column", "Note"),
)
COMPATIBILITIES = (
    pgettext_lazy("compatibility", "pin"),
    pgettext_lazy("compatibility", "functional"),
    pgettext_lazy("compatibility", "parametric"),
)


class ReferenceFileForm(forms.Form):
    file = forms.FileField(label=_("File (csv, xlsx, xls, ods)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.CITYORDER_MAX_UPLOAD_MB * 1024 * 1024:
            limit = settings.CITYORDER_MAX_UPLOAD_MB
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit})
        return upload


class VerdictForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=AnalogVerdict.choices)
    comment = forms.CharField(required=False, max_length=2000)


class OfferForm(forms.Form):
    """An offer: the product, the volume per year of the horizon, the price and the first year. When an offer is
    edited its product stays as it is (a new product is a new offer)."""

    item = forms.ModelChoiceField(
        label=_("Product"),
        queryset=CatalogItem.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    from_year = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    price = forms.DecimalField(label=_("Price, RUB"), required=False, min_value=0, decimal_places=2, max_digits=16)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, data: Any = None, *, items: Any, years: list[int], offer: Offer | None = None) -> None:
        initial: dict[str, Any] = {"from_year": years[0] if years else None}
        if offer is not None:
            initial = {
                "item": offer.item_id,
                "from_year": offer.from_year,
                "price": offer.price,
                "note": offer.note,
                **{f"v_{y}": q for y, q in offer.volumes.items()},
            }
        super().__init__(data, initial=initial)
        self.offer = offer
        self.years = years
        item = self.fields["item"]
        item.queryset = items  # type: ignore[attr-defined]
        if offer is not None:
            item.queryset = CatalogItem.objects.filter(pk=offer.item_id)  # type: ignore[attr-defined]
            item.disabled = True
        for year in years:
            self.fields[f"v_{year}"] = forms.DecimalField(
                label=str(year), required=False, min_value=0, decimal_places=3, max_digits=16
            )

    def volumes(self) -> dict[int, float]:
        return {y: float(self.cleaned_data[f"v_{y}"]) for y in self.years if self.cleaned_data.get(f"v_{y}")}

    def year_fields(self) -> list[Any]:
        return [self[f"v_{y}"] for y in self.years]
