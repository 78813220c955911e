"""A bill of materials as the engine holds it: lines in file order and, for each, the lines under it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from cityorder.engine.reading.units import PIECES

PRODUCT = -1  # the parent of the lines under the product itself


def exact(value: float | int | str) -> Decimal:
    """A quantity as an exact decimal: 0.1 stays 0.1, so 150 × 2 × 1.05 is 315, not 315.00000000000006."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    # 24.0 read from Excel and 24 from a CSV are one quantity, shown and compared as 24
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


@dataclass(frozen=True, slots=True)
class BomLine:
    row: int  # 1-based row of the file (0 for lines made in code)
    level: int  # 1 for a line under the product, 2 under a level-1 line, …
    part_number: str  # as written
    name: str
    qty_per: Decimal  # quantity per one unit of the parent
    key: str  # the engine's part identity (identify().key)
    unit: str = PIECES  # unit code (reading.units); unknown spellings kept in lower case
    attrition: Decimal = Decimal(0)  # percent
    manufacturer: str = ""
    designators: str = ""
    alternates: str = ""
    note: str = ""
    parent: str = ""  # parent/child form: the parent's part number as written

    @property
    def label(self) -> str:
        """How a path names this line: its part number, or its name when it has none."""
        return self.part_number or self.name


@dataclass(slots=True)
class Bom:
    file: str
    lines: list[BomLine]
    # line index → indexes of the lines under it; PRODUCT → the lines under the product
    children: dict[int, list[int]] = field(default_factory=dict)
    product: str = ""  # a level-0 row's part number or name, or the root of a parent/child list

    def under(self, index: int) -> list[int]:
        return self.children.get(index, [])

    def is_assembly(self, index: int) -> bool:
        return bool(self.children.get(index))


def children_by_level(lines: list[BomLine]) -> dict[int, list[int]]:
    """The tree of an indented list: each line sits under the nearest line above it one level higher.

    Levels must already be valid (the first line at level 1, no jump of more than one).
    """
    children: dict[int, list[int]] = {}
    stack: list[int] = []  # stack[k] is the index of the open line at level k + 1
    for index, line in enumerate(lines):
        del stack[line.level - 1:]
        children.setdefault(stack[-1] if stack else PRODUCT, []).append(index)
        stack.append(index)
    return children


def as_tree(bom: Bom) -> Bom:
    """The BOM as an indented list: lines depth first from the product, each with its depth as its level.

    A parent/child list may put one assembly under several parents; as a tree it stands under each, with the
    lines under it repeated, so every line has exactly one parent and the explosion is unchanged. An indented
    list comes back as it was.
    """
    lines: list[BomLine] = []
    children: dict[int, list[int]] = {}
    stack: list[tuple[int, int, int]] = [(i, PRODUCT, 1) for i in reversed(bom.under(PRODUCT))]
    while stack:
        index, parent, depth = stack.pop()
        line = bom.lines[index]
        lines.append(line if line.level == depth else replace(line, level=depth))
        position = len(lines) - 1
        children.setdefault(parent, []).append(position)
        stack.extend((child, position, depth + 1) for child in reversed(bom.under(index)))
    return Bom(file=bom.file, lines=lines, children=children, product=bom.product)
