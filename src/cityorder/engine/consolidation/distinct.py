"""Identity of each distinct raw description of a part, computed once however many lines repeat it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from cityorder.engine.consolidation.arrow_io import fetch_table
from cityorder.engine.consolidation.columns import RAW_FIELDS
from cityorder.engine.consolidation.identity_service import IdentityService
from cityorder.engine.consolidation.parallel import identify_all
from cityorder.engine.consolidation.suppliers import SupplierEvidence

_SUPPLIER_CODE = RAW_FIELDS.index("supplier_code")


@dataclass(slots=True)
class DistinctIdentities:
    raw: pa.Table  # RAW_FIELDS and `key`: one row per distinct raw tuple
    by_key: dict[str, Any]  # key -> the identity of its most frequent spelling, which names the position
    suppliers: SupplierEvidence  # the distributors' codes each key's lines give


def identify_distinct(con: duckdb.DuckDBPyConnection, service: IdentityService) -> DistinctIdentities:
    """Identify every distinct raw tuple of the registered ``lines`` table."""
    fields = ", ".join(RAW_FIELDS)
    distinct = fetch_table(con.sql(f"SELECT {fields}, count(*) AS n FROM lines GROUP BY {fields}"))
    columns = [distinct.column(name).to_pylist() for name in RAW_FIELDS]
    counts = distinct.column("n").to_pylist()
    tuples = list(zip(*columns, strict=True))
    keys: list[str] = []
    suppliers = SupplierEvidence()
    chosen: dict[str, tuple[int, tuple[str, ...], Any]] = {}
    for values, count, identity in zip(tuples, counts, identify_all(service.identify, tuples), strict=True):
        keys.append(identity.key)
        if values[_SUPPLIER_CODE]:
            suppliers.add(identity, values[_SUPPLIER_CODE])
        previous = chosen.get(identity.key)
        # The most common spelling names the position; ties go to the first in text order, so runs agree.
        if previous is None or count > previous[0] or (count == previous[0] and values < previous[1]):
            chosen[identity.key] = (count, values, identity)
    raw = distinct.select(list(RAW_FIELDS)).append_column("key", pa.array(keys, pa.string()))
    return DistinctIdentities(raw=raw, by_key={key: item[2] for key, item in chosen.items()}, suppliers=suppliers)
