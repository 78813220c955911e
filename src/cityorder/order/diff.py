"""The difference between two versions of the city order: positions added, removed, renamed and with other
quantities, matched by position id, with both versions' own totals.

Positions are the department's (access.can_see_order, checked by the views).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from cityorder.engine.reading.units import PIECES
from cityorder.order.models import CityOrder, PositionLine
from cityorder.order.queries import unit_label


@dataclass
class PositionChange:
    position_id: str
    name: str
    part_number: str
    unit: str
    old: dict[int, float]
    new: dict[int, float]
    years: list[int] = field(default_factory=list)
    old_position_id: str = ""  # a renamed position: its id and name in the old version
    old_name: str = ""

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def old_total(self) -> float:
        return sum(self.old.values())

    @property
    def new_total(self) -> float:
        return sum(self.new.values())

    @property
    def delta(self) -> float:
        return self.new_total - self.old_total

    def year_delta(self, year: int) -> float:
        return self.new.get(year, 0.0) - self.old.get(year, 0.0)

    @property
    def by_year(self) -> list[tuple[int, float, float, float]]:
        """(year, old, new, change) over the compared years, for the template."""
        return [(y, self.old.get(y, 0.0), self.new.get(y, 0.0), self.year_delta(y)) for y in self.years]


@dataclass
class VersionDiff:
    old: CityOrder
    new: CityOrder
    years: list[int]
    added: list[PositionChange] = field(default_factory=list)
    removed: list[PositionChange] = field(default_factory=list)
    changed: list[PositionChange] = field(default_factory=list)
    renamed: list[PositionChange] = field(default_factory=list)
    unchanged: int = 0
    totals: list[tuple[int, float, float, float]] = field(default_factory=list)

    def year_totals(self) -> list[tuple[int, float, float, float]]:
        """(year, old, new, change) summed over the positions that changed, in pieces (other units do not add up
        with them)."""
        every = [c for c in (*self.added, *self.removed, *self.changed, *self.renamed) if c.unit == PIECES]
        old = {y: sum(c.old.get(y, 0.0) for c in every) for y in self.years}
        new = {y: sum(c.new.get(y, 0.0) for c in every) for y in self.years}
        return [(y, old[y], new[y], new[y] - old[y]) for y in self.years]


def version_diff(old: CityOrder, new: CityOrder) -> VersionDiff:
    """Positions new in ``new``, gone from ``old`` and with other quantities, matched by position id (derived
    from the part's identity and unit, so the same part keeps its id across versions)."""
    before, after = _quantities_by_id(old), _quantities_by_id(new)
    diff = VersionDiff(old, new, sorted(set(old.years) | set(new.years)))
    for position_id, (name, part_number, unit, quantities) in after.items():
        if position_id not in before:
            diff.added.append(PositionChange(position_id, name, part_number, unit, {}, quantities, diff.years))
            continue
        earlier = before[position_id][3]
        if earlier == quantities:
            diff.unchanged += 1
        else:
            diff.changed.append(PositionChange(position_id, name, part_number, unit, earlier, quantities,
                                               diff.years))
    for position_id, (name, part_number, unit, quantities) in before.items():
        if position_id not in after:
            diff.removed.append(PositionChange(position_id, name, part_number, unit, quantities, {}, diff.years))
    _pair_renamed(diff)
    diff.added.sort(key=lambda c: (-c.new_total, c.position_id))
    diff.removed.sort(key=lambda c: (-c.old_total, c.position_id))
    diff.changed.sort(key=lambda c: (-abs(c.delta), c.position_id))
    diff.renamed.sort(key=lambda c: (-abs(c.delta), -c.new_total, c.position_id))
    diff.totals = _order_totals(before, after, diff.years)
    return diff


def _order_totals(before: dict[str, tuple[str, str, str, dict[int, float]]],
                  after: dict[str, tuple[str, str, str, dict[int, float]]], years: list[int]
                  ) -> list[tuple[int, float, float, float]]:
    """(year, old, new, change) over every position of each version in pieces: the versions' own totals."""
    def total(version: dict[str, tuple[str, str, str, dict[int, float]]], year: int) -> float:
        return sum(q.get(year, 0.0) for _n, _p, unit, q in version.values() if unit == PIECES)

    return [(y, total(before, y), total(after, y), total(after, y) - total(before, y)) for y in years]


def _pair_renamed(diff: VersionDiff) -> None:
    """A removed and an added position counting the same source lines are one position whose identity changed
    (a part number added, a name corrected): shown as a renamed change, not as one gone and one new."""
    if not diff.added or not diff.removed:
        return
    old_lines = _line_ids(diff.old, [c.position_id for c in diff.removed])
    new_lines = _line_ids(diff.new, [c.position_id for c in diff.added])
    by_line: dict[tuple[Any, ...], str] = {}
    for position_id, lines in new_lines.items():
        for line in lines:
            by_line.setdefault(line, position_id)
    added = {c.position_id: c for c in diff.added}
    paired: set[str] = set()
    for removed in list(diff.removed):
        shared: dict[str, int] = defaultdict(int)
        for line in old_lines.get(removed.position_id, ()):
            if (target := by_line.get(line)) and target not in paired:
                shared[target] += 1
        if not shared:
            continue
        target = max(shared, key=lambda pid: (shared[pid], pid))
        paired.add(target)
        new = added.pop(target)
        diff.removed.remove(removed)
        diff.renamed.append(replace(new, old=removed.old, old_position_id=removed.position_id,
                                    old_name=removed.name))
    diff.added = list(added.values())


def _line_ids(order: CityOrder, position_ids: list[str]) -> dict[str, set[tuple[Any, ...]]]:
    """The source lines of some positions of a version, by the demand line and by its file row (a file sent again
    gives new lines for the same rows)."""
    lines: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    rows = PositionLine.objects.filter(position__order=order, position__position_id__in=position_ids).values_list(
        "position__position_id", "line_id", "customer_id", "file", "sheet", "row")
    for position_id, line_id, customer, file, sheet, row in rows:
        if line_id:
            lines[position_id].add(("line", line_id))
        if row is not None:
            lines[position_id].add(("row", customer, file, sheet, row))
    return lines


def _quantities_by_id(order: CityOrder) -> dict[str, tuple[str, str, str, dict[int, float]]]:
    rows = order.positions.values_list("position_id", "name", "part_number", "unit", "quantities")
    return {pid: (name, part_number, unit, _clean(quantities)) for pid, name, part_number, unit, quantities in rows}


def _clean(quantities: dict[str, Any]) -> dict[int, float]:
    """Years with a quantity, rounded so sums of the same lines compare equal whatever order they were added in."""
    return {int(y): round(float(q), 6) for y, q in (quantities or {}).items() if q and round(float(q), 6)}
