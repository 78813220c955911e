"""A BOM written back as an indented xlsx list that read_bom() reads into the same lines."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from cityorder.engine.bom.model import BomLine

HEADER = ("Уровень", "Обозначение", "Наименование", "Кол-во на ед.", "Ед. изм.", "Потери, %", "Производитель",
          "Позиционное обозначение", "Аналоги", "Примечание")


def bom_workbook(lines: Sequence[BomLine], *, title: str = "") -> bytes:
    """xlsx bytes: an optional title row, the header, then one row per line in tree order (levels as numbers)."""
    import xlsxwriter

    buffer = BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        sheet = book.add_worksheet("BOM")
        bold = book.add_format({"bold": True})
        row = 0
        if title:
            sheet.write(0, 0, title, bold)
            row = 2
        sheet.write_row(row, 0, HEADER, bold)
        for line in lines:
            row += 1
            sheet.write_row(row, 0, [
                line.level, line.part_number, line.name, float(line.qty_per), line.unit, float(line.attrition),
                line.manufacturer, line.designators, line.alternates, line.note,
            ])
        sheet.set_column(1, 2, 28)
    return buffer.getvalue()
