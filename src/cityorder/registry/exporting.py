"""Export of the registry in the columns the importer reads (registry.columns), as xlsx or csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter

from cityorder.engine.output.csv_files import safe_cell
from cityorder.registry import access
from cityorder.registry.columns import CAPACITY_HEADER, COLUMNS, ImportKind
from cityorder.registry.models import Capacity, Membership, Product


def export_rows(kind: ImportKind | str, *, actor: Any) -> tuple[list[str], list[list[str]]]:
    kind = ImportKind(kind)
    visible = access.visible_organizations(actor)
    headers = [c.header for c in COLUMNS[kind]]
    if kind == ImportKind.ORGANIZATIONS:
        rows = [
            [o.inn, o.ogrn, o.kpp, o.full_name, o.short_name, o.get_kind_display(), o.legal_address,
             o.postal_address, o.website, o.email, o.phone, "; ".join(c.code for c in o.competencies.all())]
            for o in visible.prefetch_related("competencies").order_by("short_name")
        ]
        return headers, rows
    if kind == ImportKind.MEMBERS:
        memberships = Membership.objects.filter(organization__in=visible).select_related("cluster", "organization")
        rows = [
            [m.cluster.code, m.organization.inn, m.organization.short_name, m.get_role_display(),
             m.joined_on.strftime("%d.%m.%Y") if m.joined_on else "",
             "; ".join(c.code for c in m.organization.competencies.all())]
            for m in memberships.prefetch_related("organization__competencies").order_by("cluster__code",
                                                                                         "organization__short_name")
        ]
        return headers, rows
    products = Product.objects.filter(organization__in=visible).select_related("organization", "category")
    years = sorted(set(Capacity.objects.filter(product__in=products).values_list("year", flat=True)))
    headers += [CAPACITY_HEADER.format(year=y) for y in years]
    rows = []
    for p in products.prefetch_related("capacities").order_by("organization__short_name", "name"):
        by_year = {c.year: c.quantity for c in p.capacities.all()}
        rows.append(
            [p.organization.inn, p.name, p.part_number, p.category.code, p.get_unit_display(), p.get_status_display(),
             p.readiness_date.strftime("%d.%m.%Y") if p.readiness_date else "", p.okpd2, p.registry_no]
            + [_number(by_year.get(y)) for y in years]
        )
    return headers, rows


def _number(value: Any) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


def to_csv(headers: list[str], rows: Iterable[list[str]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    writer.writerows([safe_cell(str(v)) for v in row] for row in rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def to_xlsx(headers: list[str], rows: Iterable[list[str]], sheet: str = "registry") -> bytes:
    buffer = io.BytesIO()
    # Strings stay strings: nothing a user typed becomes a formula or a URL.
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    ws = workbook.add_worksheet(sheet)
    bold = workbook.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1})
    ws.write_row(0, 0, headers, bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        ws.write_row(count, 0, [str(v) for v in row])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(count, 1), len(headers) - 1)
    for i, header in enumerate(headers):
        ws.set_column(i, i, max(12, min(50, len(header) + 4)))
    workbook.close()
    return buffer.getvalue()


def export_file(kind: ImportKind | str, fmt: str, *, actor: Any, encoding: str = "utf-8-sig") -> bytes:
    headers, rows = export_rows(kind, actor=actor)
    if fmt == "csv":
        return to_csv(headers, rows, encoding)
    return to_xlsx(headers, rows, sheet=str(ImportKind(kind)))
