"""Forms of the demand pages. They only collect input; the rules live in demand.services and demand.lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cityorder.demand.models import Campaign, DemandKind, DemandLine
from cityorder.registry.forms import BootstrapMixin
from cityorder.registry.models import Organization, Unit

# Fields a person may point at a column of the sheet, in the order of the form (the engine's field names).
MAPPED_FIELDS: tuple[tuple[str, Any], ...] = (
    ("name", _("Name")),
    ("part_number", _("Part number")),
    ("manufacturer", _("Manufacturer")),
    ("unit", _("Unit")),
    ("quantity", _("Quantity (one column for all years)")),
    ("year", _("Year (a column of years)")),
    ("description", _("Description")),
    ("value", _("Value (nominal)")),
    ("footprint", _("Package")),
    ("designators", _("Designators")),
)
YEAR_FIELD_PREFIX = "quantity:"
# Past this many columns a sheet's choices are one shared list (a datalist) instead of options in every select.
MAX_SELECT_CHOICES = 60
LINE_TEXT_FIELDS = ("name", "part_number", "manufacturer", "unit", "description")
# The cells of an error row that no input of the form holds, as the page names them.
_CELL_LABELS = {"year": _("year"), "quantity": _("quantity")}


class CampaignForm(BootstrapMixin, forms.ModelForm):
    kinds = forms.MultipleChoiceField(label=_("Kinds of demand"), choices=DemandKind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    invited = forms.ModelMultipleChoiceField(
        label=_("Invited customers"), queryset=Organization.objects.none(), required=False,
        help_text=_("City bodies and subordinate organizations asked to send their demand. "
                    "Type in the box above the list to find one; hold Ctrl to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    class Meta:
        model = Campaign
        fields = ["code", "title", "description", "year_from", "year_to", "kinds", "deadline", "status", "invited"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, customers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invited"].queryset = customers  # type: ignore[attr-defined]
        self._style()
        self.fields["kinds"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first and last and last < first:
            self.add_error("year_to", _("The last year cannot be before the first year."))
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        """What the services take as campaign fields (the invited customers go separately)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "invited"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the upload service, not here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class UploadForm(BootstrapMixin, forms.Form):
    # Named «files» for the page's stable input id (id_files); the metaclass takes it off the class, so it does
    # not shadow Form.files at run time.
    files = MultipleFileField(label=_("Spreadsheets (xlsx, xls, ods, csv)"))  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class LineForm(BootstrapMixin, forms.Form):
    """A line as a person types or corrects it: text fields and one quantity per campaign year. Quantities are
    text here so «1 000» or «1,5» reach the same parser the files go through."""

    name = forms.CharField(label=_("Name"), required=False, max_length=1000)
    part_number = forms.CharField(label=_("Part number"), required=False, max_length=255)
    manufacturer = forms.CharField(label=_("Manufacturer"), required=False, max_length=255)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=32)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, years: Iterable[int], line: DemandLine | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = list(years)
        self.in_file: dict[str, str] = {}  # input -> an error row's cell as the file had it (show_bad_cells)
        self.unplaced: list[tuple[Any, str]] = []
        for year in self.years:
            initial = line.quantities.get(str(year)) if line is not None else None
            self.fields[f"q_{year}"] = forms.CharField(
                label=str(year), required=False, max_length=32, initial=_plain_number(initial),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        if line is not None:
            for name in LINE_TEXT_FIELDS:
                self.fields[name].initial = getattr(line, name)
            # The unit as people write it («шт»), not its stored code («pcs»); both read back the same.
            self.fields["unit"].initial = str(dict(Unit.choices).get(line.unit, line.unit))
        self._style()

    def show_bad_cells(self, line: DemandLine) -> None:
        """An error row opened for editing: each cell the file had wrong is in its input as the file had it
        («много»), marked, with the file's text beside it; the row's valid cells are in the other inputs already,
        so the person corrects that cell rather than types the row again. A cell no input holds (the year of a
        long sheet, with the quantity it was for) is listed in ``unplaced``."""
        for key, text in line.cells.items():
            name = f"q_{key.removeprefix(YEAR_FIELD_PREFIX)}" if key.startswith(YEAR_FIELD_PREFIX) else key
            field = self.fields.get(name) if name in LINE_TEXT_FIELDS or name.startswith("q_") else None
            if field is None:
                label = _CELL_LABELS.get(key) or dict(MAPPED_FIELDS).get(key) or key.removeprefix(YEAR_FIELD_PREFIX)
                self.unplaced.append((label, text))
                continue
            field.initial = text
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} is-invalid"
            field.widget.attrs["data-bad-value"] = text
            self.in_file[name] = text

    def text_fields(self) -> list[tuple[Any, str | None]]:
        """(bound field, the text the file had when that cell is what the error row is about, else None)."""
        return [(self[name], self.in_file.get(name)) for name in LINE_TEXT_FIELDS]

    def quantity_fields(self) -> list[tuple[Any, str | None]]:
        return [(self[f"q_{year}"], self.in_file.get(f"q_{year}")) for year in self.years]

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in LINE_TEXT_FIELDS}

    def quantities(self) -> dict[str, str]:
        return {str(year): self.cleaned_data[f"q_{year}"] for year in self.years}

    def add_service_errors(self, exc: ValidationError) -> None:
        """The service names problems by line field or «quantity:2027»; show each next to its input."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for key, messages in exc.message_dict.items():
            name = f"q_{key.removeprefix(YEAR_FIELD_PREFIX)}" if key.startswith(YEAR_FIELD_PREFIX) else key
            self.add_error(name if name in self.fields else None, messages)


def _plain_number(value: Any) -> str:
    if value in (None, ""):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


class SubmitForm(forms.Form):
    comment = forms.CharField(label=_("Comment for the department"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class MappingForm(forms.Form):
    """The columns the reader chose on one sheet, each changeable to another header of the sheet or to none.

    A choice is the header's text, so it also fits the organization's later files; a text repeated in the
    header is given by its column letter instead, as the text alone would not say which one.
    """

    def __init__(self, *args: Any, sheet: Mapping[str, Any], years: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        headers: dict[str, str] = dict(sheet.get("headers") or {})
        columns: dict[str, Any] = dict(sheet.get("columns") or {})
        repeated = {text for text, n in Counter(headers.values()).items() if n > 1}
        offered = headers
        if sheet.get("data_columns") is not None:  # files read before it was kept offer every titled column
            # Only columns that hold data, and those chosen now: a sheet formatted 10,000 columns wide with two
            # of them used offers two.
            keep = {*sheet["data_columns"], *(match["letter"] for match in columns.values())}
            offered = {letter: text for letter, text in headers.items() if letter in keep}
        self.value_of = {letter: (letter if text in repeated else text) for letter, text in offered.items()}
        choices = [("", _("— none —"))] + [
            (value, f"{letter} · {headers[letter]}") for letter, value in self.value_of.items()
        ]
        all_years = sorted({*years, *(sheet.get("years") or [])})
        self.keys: list[tuple[str, str, Any]] = [  # (form field, mapping key, label)
            *((f"f_{key}", key, label) for key, label in MAPPED_FIELDS),
            *((f"f_quantity_{y}", f"{YEAR_FIELD_PREFIX}{y}", _("Quantity for %(year)s") % {"year": y})
              for y in all_years),
        ]
        self.current: dict[str, str] = {}
        # A wide sheet's columns are offered once, in a list every field's input shares, not as options repeated
        # in each of the fifteen or more selects (a 1,000-column sheet made the page megabytes).
        self.datalist_id = f"{self.prefix or 'mapping'}-columns"
        self.datalist = choices[1:] if len(choices) > MAX_SELECT_CHOICES else []
        for name, key, label in self.keys:
            match = columns.get(key)
            self.current[key] = self.value_of.get(match["letter"], match["header"]) if match else ""
            widget: forms.Widget = (
                forms.TextInput(attrs={"class": "form-control form-control-sm", "list": self.datalist_id,
                                       "placeholder": _("column letter or header")})
                if self.datalist else forms.Select(attrs={"class": "form-select form-select-sm"})
            )
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False,
                                                  initial=self.current[key], widget=widget)

    def rows(self) -> list[tuple[Any, Mapping[str, Any] | None]]:
        """(bound field, what the reader chose for it) in form order, for the preview table."""
        columns = dict(self.sheet.get("columns") or {})
        return [(self[name], columns.get(key)) for name, key, _label in self.keys]

    def changes(self) -> dict[str, str]:
        """Mapping key -> chosen column for the fields whose choice differs from the reader's ("" is none)."""
        return {key: self.cleaned_data[name] or "" for name, key, _label in self.keys
                if (self.cleaned_data[name] or "") != self.current[key]}
