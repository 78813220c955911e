"""Exports of a version of the city order: its positions with their yearly quantities, and one customer's part
(its own source lines with the positions they went into), as xlsx or csv.

Headers are Russian by default (the department's files go out as they are); text cells pass through the
registry's ``safe_cell``, so nothing a customer typed becomes a formula in a spreadsheet.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.utils import translation
from django.utils.translation import gettext as _

from cityorder.order import queries
from cityorder.order.models import CityOrder
from cityorder.registry.exporting import safe_cell, to_csv
from cityorder.registry.models import Organization
from cityorder.web.stored_text import shown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
DEFAULT_LANGUAGE = "ru"

Row = list[Any]


@dataclass
class Table:
    sheet: str
    headers: list[str]
    rows: list[Row]
    language: str


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def version_table(order: CityOrder, *, language: str = DEFAULT_LANGUAGE) -> Table:
    years = list(order.years)
    with translation.override(language):
        headers = [_("Position id"), _("Name"), _("Part number"), _("Manufacturer"), _("Category code"),
                   _("Category"), _("OKPD2"), _("Unit"), *[str(y) for y in years], _("Total"), _("Customers"),
                   _("Lines"), _("Merged keys"), _("Note")]
        rows = [
            [p.position_id, p.name, p.part_number, p.manufacturer, p.category, queries.category_label(p.category),
             p.okpd2, queries.unit_label(p.unit), *[_number(p.quantity(y)) for y in years], _number(p.total),
             p.customers, p.lines, "; ".join(p.merged_keys or []), shown(p.note)]
            for p in order.positions.order_by("-total", "position_id").iterator(chunk_size=2000)
        ]
        sheet = _("Positions")
    return Table(sheet, headers, rows, language)


def customer_table(order: CityOrder, customer: Organization, *, language: str = DEFAULT_LANGUAGE) -> Table:
    """Only this customer's own lines: the position ids tell it where each went, no other customer is named."""
    years = list(order.years)
    with translation.override(language):
        headers = [_("Position id"), _("Customer"), _("INN"), _("File"), _("Sheet"), _("Row"), _("Name"),
                   _("Part number"), _("Manufacturer"), _("Unit"), *[str(y) for y in years], _("Total")]
        rows = [
            [line.position.position_id, customer.short_name, customer.inn, line.file, line.sheet, line.row,
             line.name, line.part_number, line.manufacturer, queries.unit_label(line.unit),
             *[_number(float(line.quantities.get(str(y), 0) or 0)) for y in years], _number(line.total)]
            for line in queries.lines_of_customer(order, customer).iterator(chunk_size=2000)
        ]
        sheet = _("Demand lines")
    return Table(sheet, headers, rows, language)


def to_xlsx(table: Table) -> bytes:
    buffer = io.BytesIO()
    # Numbers stay numbers for the analysts' sums; text is written as text, never as a formula or a link.
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(table.sheet[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1, "text_wrap": True})
    sheet.write_row(0, 0, table.headers, bold)
    for index, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row):
            _write(sheet, index, column, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.headers) - 1)
    for column, header in enumerate(table.headers):
        sheet.set_column(column, column, max(10, min(50, len(header) + 4)))
    workbook.close()
    return buffer.getvalue()


def _write(sheet: Any, row: int, column: int, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, safe_cell(str(value)))


def to_csv_bytes(table: Table) -> bytes:
    """Semicolon-separated with a BOM, as Excel opens it; decimal commas when the headers are Russian."""
    comma = table.language.startswith("ru")
    return to_csv(table.headers, ([_csv_value(v, comma) for v in row] for row in table.rows))


def _csv_value(value: Any, comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if comma else text
    return str(value)


def render(table: Table, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and content type."""
    if fmt == "csv":
        return to_csv_bytes(table), CSV
    return to_xlsx(table), XLSX


def file_name(order: CityOrder, fmt: str, *, part: str = "") -> str:
    suffix = f"-{part}" if part else ""
    return f"order-{order.campaign.code}-v{order.number}{suffix}.{fmt}"

