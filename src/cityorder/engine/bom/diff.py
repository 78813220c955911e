"""What changed between two versions of a BOM: lines are matched by their path of part identities from the top."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cityorder.engine.bom.explosion import format_quantity
from cityorder.engine.bom.model import PRODUCT, Bom, BomLine

COMPARED = ("qty_per", "unit", "attrition", "name", "alternates", "designators", "note")


@dataclass(frozen=True, slots=True)
class BomChange:
    kind: str  # 'added' | 'removed' | 'changed'
    path: tuple[str, ...]  # labels (part numbers or names) from the top
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) of a changed line
    before: BomLine | None = None
    after: BomLine | None = None


def _by_path(bom: Bom) -> dict[tuple[str, ...], tuple[tuple[str, ...], BomLine]]:
    found: dict[tuple[str, ...], tuple[tuple[str, ...], BomLine]] = {}
    stack: list[tuple[int, tuple[str, ...], tuple[str, ...]]] = [
        (i, (bom.lines[i].key,), (bom.lines[i].label,)) for i in reversed(bom.under(PRODUCT))
    ]
    while stack:
        index, keys, labels = stack.pop()
        found.setdefault(keys, (labels, bom.lines[index]))
        for child in reversed(bom.under(index)):
            stack.append((child, (*keys, bom.lines[child].key), (*labels, bom.lines[child].label)))
    return found


def _text(value: object) -> str:
    return format_quantity(value) if isinstance(value, Decimal) else str(value)


def bom_diff(old: Bom, new: Bom) -> list[BomChange]:
    """Removed, added and changed lines, in the order of the new version (removed ones in the old one's)."""
    before, after = _by_path(old), _by_path(new)
    changes = [BomChange("removed", labels, before=line) for keys, (labels, line) in before.items()
               if keys not in after]
    for keys, (labels, line) in after.items():
        if keys not in before:
            changes.append(BomChange("added", labels, after=line))
            continue
        old_line = before[keys][1]
        fields = tuple((name, _text(getattr(old_line, name)), _text(getattr(line, name))) for name in COMPARED
                       if getattr(old_line, name) != getattr(line, name))
        if fields:
            changes.append(BomChange("changed", labels, fields, before=old_line, after=line))
    return changes
