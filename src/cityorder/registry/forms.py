from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cityorder.registry import access
from cityorder.registry.columns import ImportKind
from cityorder.registry.models import Competency, Membership, Organization, Product

CAPACITY_YEARS = range(2025, 2036)


class QuickSelectMixin:
    """A select rendered in Python with the same markup as Django's template: Django renders each option through
    a template of its own, about a millisecond apiece, so a filter listing a thousand customers took a second."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: BaseRenderer | None = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        parts = []
        for group, options, _index in widget["optgroups"]:
            rendered = format_html_join("", "<option value=\"{}\"{}>{}</option>",
                                        ((option["value"], flatatt(option["attrs"]), option["label"])
                                         for option in options))
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group, rendered) if group else rendered)
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]),
                           mark_safe("".join(parts)))  # noqa: S308 (each part is escaped by format_html)


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass


QUICK = {forms.Select: QuickSelect, forms.SelectMultiple: QuickSelectMultiple}


class BootstrapMixin:
    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if type(widget) in QUICK:  # the plain selects only: a subclass may render otherwise
                widget.__class__ = QUICK[type(widget)]  # keeps the field's choices, attrs and required flag
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class FilterForm(BootstrapMixin, forms.Form):
    """The form of the list filters (django-filter's Meta.form), styled like every other form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class OrganizationForm(BootstrapMixin, forms.ModelForm):
    """An organization's card. The parent body is chosen among the government bodies the user sees; the fields of
    its registration (registry.access.DEPARTMENT_FIELDS) are inputs only for the department (and whoever creates
    an organization): for others they are shown as text (``kept_by_department``) and not taken from the post."""

    class Meta:
        model = Organization
        fields = ["inn", "ogrn", "kpp", "full_name", "short_name", "kind", "parent", "legal_address",
                  "postal_address", "website", "email", "phone", "description", "competencies"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "competencies": forms.SelectMultiple(
            attrs={"size": 8})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = self.instance if self.instance.pk else None
        self.fields["parent"].queryset = access.parent_bodies(user, organization)  # type: ignore[attr-defined]
        self.kept_by_department: list[tuple[Any, Any]] = []
        if not access.can_edit_registration(user, organization):
            for name in access.DEPARTMENT_FIELDS:
                field = self.fields.pop(name)
                shown = self.instance.get_kind_display() if name == "kind" else getattr(self.instance, name)
                self.kept_by_department.append((field.label, shown or "—"))
        self._style()


class ProductForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Product
        fields = ["name", "part_number", "category", "unit", "status", "readiness_date", "okpd2", "registry_no",
                  "description"]
        widgets = {"readiness_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = {c.year: c.quantity for c in self.instance.capacities.all()} if self.instance.pk else {}
        for year in CAPACITY_YEARS:
            self.fields[f"cap_{year}"] = forms.DecimalField(
                label=str(year), required=False, min_value=0, max_digits=16, decimal_places=3,
                initial=existing.get(year),
            )
        self._style()

    def capacity_fields(self) -> list[Any]:
        return [self[f"cap_{y}"] for y in CAPACITY_YEARS]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.Meta.fields]

    def capacities(self) -> dict[int, Any]:
        return {year: self.cleaned_data.get(f"cap_{year}") for year in CAPACITY_YEARS}


class MembershipForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organization", "role", "joined_on", "note"]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self._style()


class SupplierSearchForm(BootstrapMixin, forms.Form):
    competency = forms.ModelChoiceField(label=_("Competency"), queryset=Competency.objects.all(), required=False)
    q = forms.CharField(label=_("Product, part number or keyword"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class ImportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=[
        (ImportKind.ORGANIZATIONS.value, _("Organizations")),
        (ImportKind.MEMBERS.value, _("Cluster members")),
        (ImportKind.PRODUCTS.value, _("Products and capacities")),
    ])
    file = forms.FileField(label=_("File (xlsx, xls, ods, csv)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


# How many matches the search of a SearchedSelect offers at a time.
SEARCHED_CHOICES = 20


class SearchedSelect(forms.Select):
    """A choice among many (a version's thousand customers) that renders only the chosen one: a search input above
    the select asks ``search_url`` (htmx, ``?term=``) for the matching options and puts them in the select. The
    form posts the select's value as any select would, so the field, its validation and its queryset stay as
    they were; only rendering every option on every page is gone (half a second for a thousand)."""

    def __init__(self, *args: Any, search_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search_url = search_url

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: BaseRenderer | None = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = self._chosen(value)
        field = getattr(self.choices, "field", None)
        options = format_html('<option value="">{}</option>', getattr(field, "empty_label", None) or "")
        if chosen is not None:
            options += format_html('<option value="{}" selected>{}</option>', chosen[0], chosen[1])
        search = format_html(
            '<input type="search" class="form-control form-control-sm mb-1" name="term" form="{}-search"'
            ' placeholder="{}" aria-label="{}" hx-get="{}" hx-target="#{}" hx-swap="innerHTML"'
            ' hx-trigger="input changed delay:300ms, search">',
            final.get("id", name), _("Search…"), _("Search the choices"), self.search_url, final.get("id", name))
        return search + format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)

    def _chosen(self, value: Any) -> tuple[Any, str] | None:
        """(value, label) of the chosen option, read from the field's queryset by its key alone."""
        queryset = getattr(self.choices, "queryset", None)
        if value in (None, "") or queryset is None:
            return None
        try:
            found = queryset.filter(pk=value).first()
        except (TypeError, ValueError):
            return None
        return (found.pk, str(found)) if found is not None else None
