"""The gaps of an order version as xlsx or csv: the list an import-substitution strategy starts from.

Written through the order's exports, so text cells pass the registry's ``safe_cell``: no name a customer typed
becomes a formula in a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _

from cityorder.order.exporting import DEFAULT_LANGUAGE, Table
from cityorder.order.models import CityOrder
from cityorder.order.queries import unit_label
from cityorder.substitution.models import CoveragePosition
from cityorder.substitution.queries import as_gap, category_names


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 6)


def gaps_table(order: CityOrder, years: list[int], stored: Iterable[CoveragePosition], *,
               language: str = DEFAULT_LANGUAGE) -> Table:
    """One row per position not fully covered (the stored gaps, in the order given: largest shortfall first)."""
    names = category_names()
    with translation.override(language):
        headers = [_("Position id"), _("Name"), _("Part number"), _("Category code"), _("Category"), _("Unit"),
                   *[f"{_('Shortfall')} {y}" for y in years], _("Shortfall, total"), _("Shortfall value, RUB"),
                   _("Status")]
        rows = []
        for row in stored:
            gap, position = as_gap(row), row.position
            statuses = {str(s) for s in gap.statuses.values()}
            status = _("no domestic analog") if statuses == {"none"} else _("analog exists, capacity short")
            rows.append([gap.position_id, position.name, position.part_number, gap.category,
                         names.get(gap.category, gap.category), unit_label(position.unit),
                         *[_number(gap.shortfall.get(y, 0)) for y in years], _number(gap.total),
                         _number(gap.value), status])
        sheet = _("Gaps")
    return Table(sheet, headers, rows, language)


def gaps_file_name(order: CityOrder, fmt: str) -> str:
    return f"gaps-{order.campaign.code}-v{order.number}.{fmt}"
