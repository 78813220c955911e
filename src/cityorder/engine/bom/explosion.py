"""Explosion of a bill of materials over a production plan by year.

A bought line (one with no lines under it) is needed, per unit of the product, the product of
quantity × (1 + attrition / 100) of every line on its path from the product; a part's need is the sum over
all its paths (one part under several assemblies is one row, by the engine's identity); a year's need is
the plan's units × that sum, rounded up to whole units for pieces AFTER summing, other units not rounded.
Arithmetic is decimal, so a need that is whole stays whole (150 × 2 × 1.05 is 315, not 316).
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from cityorder.engine.bom.model import PRODUCT, Bom, BomLine
from cityorder.engine.messages import msg, template
from cityorder.engine.reading.units import PIECES

BAD_PLAN = template("«%(item)s» is not a plan entry; write YEAR:UNITS separated by commas, e.g. 2026:150,2027:600")
PLAN_YEAR_TWICE = template("the year %(year)s is planned twice")

# Called as report(paths done, paths in all) while exploding, so a background job's bar moves with the work.
Report = Callable[[int, int], None]
REPORT_EVERY = 1000  # paths between two reports: a 20,000-line BOM reports a dozen times or so

# Exact for any real BOM: twenty levels of quantities and attritions with a few decimals each fit in this.
_EXACT = decimal.Context(prec=200)


@dataclass(frozen=True, slots=True)
class BomPath:
    key: str
    lines: tuple[int, ...]  # indexes into Bom.lines, from the product down to the bought line
    qty_per_product: Decimal


@dataclass(slots=True)
class PartNeed:
    key: str
    part_number: str
    name: str
    unit: str
    qty_per_product: Decimal  # summed over all paths, attrition included
    by_year: dict[int, Decimal] = field(default_factory=dict)  # rounded as required_quantity() says
    paths: list[BomPath] = field(default_factory=list)


@dataclass(slots=True)
class Explosion:
    years: list[int]
    parts: list[PartNeed]  # in the order their first line stands in the BOM
    paths: list[BomPath]


def line_factor(line: BomLine) -> Decimal:
    """What one unit of the parent takes of this line: quantity × (1 + attrition / 100)."""
    if not line.attrition:
        return line.qty_per
    return _EXACT.multiply(line.qty_per, _EXACT.add(Decimal(1), _EXACT.divide(line.attrition, Decimal(100))))


def required_quantity(unit: str, quantity: Decimal) -> Decimal:
    """A year's need as it is ordered: pieces rounded up to whole units, other units as they are."""
    if unit == PIECES:
        return quantity.to_integral_value(rounding=ROUND_CEILING)
    return quantity


def bom_paths(bom: Bom) -> Iterator[BomPath]:
    """Every path from the product to a bought line, depth first in the order of the file."""
    stack: list[tuple[int, tuple[int, ...], Decimal]] = [
        (index, (index,), line_factor(bom.lines[index])) for index in reversed(bom.under(PRODUCT))
    ]
    while stack:
        index, path, factor = stack.pop()
        under = bom.under(index)
        if not under:
            yield BomPath(bom.lines[index].key, path, factor)
            continue
        for child in reversed(under):
            stack.append((child, (*path, child), _EXACT.multiply(factor, line_factor(bom.lines[child]))))


def path_count(bom: Bom) -> int:
    """How many paths lead from the product to a bought line, without walking them: each line's count is the sum
    of the counts of the lines under it (a shared assembly of a parent/child list is counted once per parent)."""
    counts: dict[int, int] = {}
    stack: list[tuple[int, bool]] = [(PRODUCT, False)]
    while stack:
        index, expanded = stack.pop()
        if index in counts:
            continue
        under = bom.under(index)
        if not under:
            counts[index] = 0 if index == PRODUCT else 1
        elif expanded:
            counts[index] = sum(counts[child] for child in under)
        else:
            stack.append((index, True))
            stack.extend((child, False) for child in under if child not in counts)
    return counts[PRODUCT]


def explode(bom: Bom, plan: Mapping[int, int | Decimal], *, report: Report | None = None) -> Explosion:
    """The need of every bought part per year of ``plan`` (year → units of the product); ``report`` hears how many
    paths are done every REPORT_EVERY paths and at the end."""
    years = sorted(plan)
    parts: dict[str, PartNeed] = {}
    total = path_count(bom) if report else 0
    paths: list[BomPath] = []
    for path in bom_paths(bom):
        paths.append(path)
        if report and len(paths) % REPORT_EVERY == 0:
            report(len(paths), total)
        part = parts.get(path.key)
        if part is None:
            line = bom.lines[path.lines[-1]]
            part = parts[path.key] = PartNeed(path.key, line.part_number, line.name, line.unit, Decimal(0))
        part.qty_per_product = _EXACT.add(part.qty_per_product, path.qty_per_product)
        part.paths.append(path)
    for part in parts.values():
        part.by_year = {
            year: required_quantity(part.unit, _EXACT.multiply(Decimal(plan[year]), part.qty_per_product))
            for year in years
        }
    if report:
        report(len(paths), total)
    return Explosion(years=years, parts=list(parts.values()), paths=paths)


def parse_plan(text: str) -> dict[int, int]:
    """«2026:150,2027:600» → {2026: 150, 2027: 600}; raises ValueError saying what to write."""
    plan: dict[int, int] = {}
    for item in (piece.strip() for piece in text.split(",")):
        year, sep, units = item.partition(":")
        if not sep or not year.strip().isdigit() or not units.strip().isdigit() or len(year.strip()) != 4:
            raise ValueError(msg(BAD_PLAN, item=item))
        if int(year) in plan:
            raise ValueError(msg(PLAN_YEAR_TWICE, year=int(year)))
        plan[int(year)] = int(units)
    return plan


def format_quantity(value: Decimal) -> str:
    """A decimal as plain text without an exponent or trailing zeros: 315, 12.5, 0.0001."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    text = format(value.normalize(), "f")
    return text
