"""Positions of the order as matching and coverage read them, from whatever the caller holds.

The consolidation's positions table (pyarrow, qty_YYYY columns), ``ConsolidationResult.position_list()``
objects, the app's rows as dicts: all become PositionRow.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import pyarrow as pa

_QTY_PREFIX = "qty_"
_FIELDS = ("position_id", "key", "name", "category", "manufacturer", "part_number", "kind")


@dataclass(slots=True)
class PositionRow:
    position_id: str
    key: str = ""
    name: str = ""
    category: str = ""
    manufacturer: str = ""
    part_number: str = ""
    kind: str = ""  # part | parametric | text
    quantities: dict[int, float] = field(default_factory=dict)  # year → quantity
    merged_keys: tuple[str, ...] = ()  # other identity keys consolidation joined into this position
    price: float | None = None  # a unit price, when the caller knows one


PositionsLike: TypeAlias = pa.Table | Iterable[PositionRow | Mapping[str, Any] | Any]


def position_rows(positions: PositionsLike) -> Iterator[PositionRow]:
    """PositionRow for every position, in the order given."""
    if isinstance(positions, pa.Table):
        for batch in positions.to_batches(max_chunksize=10_000):
            yield from (_from_mapping(row) for row in batch.to_pylist())
        return
    for position in positions:
        if isinstance(position, PositionRow):
            yield position
        elif isinstance(position, Mapping):
            yield _from_mapping(position)
        else:
            yield _from_object(position)


def _from_mapping(row: Mapping[str, Any]) -> PositionRow:
    quantities = dict(row.get("quantities") or {})
    for name, value in row.items():
        if name.startswith(_QTY_PREFIX) and name[len(_QTY_PREFIX):].isdigit() and value:
            quantities[int(name[len(_QTY_PREFIX):])] = float(value)
    return PositionRow(
        **{name: str(row.get(name) or "") for name in _FIELDS},
        quantities={int(year): float(q) for year, q in quantities.items() if q},
        merged_keys=_merged(row.get("merged_keys")),
        price=_price(row.get("price")),
    )


def _from_object(position: Any) -> PositionRow:
    return PositionRow(
        **{name: str(getattr(position, name, "") or "") for name in _FIELDS},
        quantities={int(y): float(q) for y, q in (getattr(position, "quantities", None) or {}).items() if q},
        merged_keys=_merged(getattr(position, "merged_keys", ())),
        price=_price(getattr(position, "price", None)),
    )


def _merged(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(k for k in value.split("; ") if k)
    return tuple(value)


def _price(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)
