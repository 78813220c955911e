"""The gaps of an order version as xlsx or csv: the list an import-substitution strategy starts from."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from cityorder.order.exporting import DEFAULT_LANGUAGE, Table
from cityorder.order.models import CityOrder
from cityorder.substitution.queries import OrderCoverage, category_names


def gaps_table(order: CityOrder, computed: OrderCoverage, *, language: str = DEFAULT_LANGUAGE) -> Table:
    years = computed.coverage.years
    names = category_names()
    with translation.override(language):
        headers = [_("Position id"), _("Name"), _("Part number"), _("Category"), _("Unit"),
                   *[f"{_('Shortfall')} {y}" for y in years], _("Shortfall, total"), _("Status")]
        rows = []
        for gap in computed.coverage.gaps:
            position = computed.positions[gap.position_id]
            statuses = {str(s) for s in gap.statuses.values()}
            status = _("no domestic analog") if statuses == {"none"} else _("analog exists, capacity short")
            rows.append([gap.position_id, position.name, position.part_number, names.get(gap.category, gap.category),
                         position.unit, *[gap.shortfall.get(y, 0) for y in years], gap.total, status])
        sheet = _("Gaps")
    return Table(sheet, headers, rows, language)
