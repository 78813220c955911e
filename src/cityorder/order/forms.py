from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cityorder.order.models import CityOrder, Verdict
from cityorder.registry.forms import BootstrapMixin


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices)


class CompareForm(BootstrapMixin, forms.Form):
    """Which earlier (or later) version of the same campaign to compare a version with."""

    against = forms.ModelChoiceField(label=_("Compare with"), queryset=CityOrder.objects.none(), required=False,
                                     empty_label=None)

    def __init__(self, *args: Any, order: CityOrder, versions: QuerySet[CityOrder], **kwargs: Any) -> None:
        """``versions``: the versions the user may open (order.access); those of the order's campaign are offered."""
        super().__init__(*args, **kwargs)
        field = self.fields["against"]
        field.queryset = versions.filter(campaign=order.campaign).exclude(pk=order.pk)  # type: ignore[attr-defined]
        field.label_from_instance = lambda o: _("version %(number)s") % {"number": o.number}  # type: ignore[attr-defined]
        self._style()
