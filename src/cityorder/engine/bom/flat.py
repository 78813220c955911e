"""Single-level BOMs (KiCad, Altium, EasyEDA, JLCPCB exports, ПЭ3 lists): read by the demand reader itself, so a
BOM line and a demand line of the same row are one part, and the reader's handling of section titles, totals,
DNP rows, merged designators and two-row headers applies to BOMs too. Every line goes under the product."""

from __future__ import annotations

from cityorder.engine.bom.model import PRODUCT, Bom, BomLine, exact
from cityorder.engine.identity import identify
from cityorder.engine.messages import msg, template
from cityorder.engine.reading import read_demand
from cityorder.engine.reading.units import PIECES
from cityorder.engine.records import LineStatus
from cityorder.engine.substitution.sheets import RowError

# read_demand counts a file without years in this year; a BOM's quantities are per product, not per year.
_NO_YEAR = 2000
SEVERAL_QUANTITIES = template(
    "the row has quantities for several years; a BOM line has one quantity per unit of the product"
)


def read_flat_bom(data: bytes, name: str) -> tuple[Bom, list[RowError]]:
    """The lines of every sheet with quantities (a quantity column, or designators the reader counts), and the rows
    that cannot be BOM lines; sheets without quantities (project information, pricing notes) are not BOMs."""
    result = read_demand(data, name, default_year=_NO_YEAR)
    counted = {s.sheet for s in result.sheets if s.years}
    lines: list[BomLine] = []
    errors: list[RowError] = []
    for record in result.lines:
        if record.sheet not in counted or record.status is LineStatus.SKIPPED:
            continue
        if record.status is LineStatus.ERROR:
            # The reader's message starts with its column, which a RowError already names.
            errors.append(RowError(name, record.row, record.column,
                                   record.message.removeprefix(f"{record.column}: ")))
            continue
        if len(record.quantities) != 1:
            errors.append(RowError(name, record.row, record.column, msg(SEVERAL_QUANTITIES)))
            continue
        quantity = next(iter(record.quantities.values()))
        key = identify(name=record.name, part_number=record.part_number, manufacturer=record.manufacturer,
                       description=record.description, value=record.value, footprint=record.footprint).key
        lines.append(BomLine(
            row=record.row, level=1, part_number=record.part_number,
            name=record.name or " ".join(p for p in (record.value, record.footprint) if p) or record.description,
            qty_per=exact(quantity), key=key, unit=record.unit or PIECES, manufacturer=record.manufacturer,
            designators=record.designators, note=record.description if record.name else "",
        ))
    children = {PRODUCT: list(range(len(lines)))} if lines else {}
    return Bom(file=name, lines=lines, children=children), errors
