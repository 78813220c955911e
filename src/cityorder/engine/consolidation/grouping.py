"""Lines grouped into positions in DuckDB: one join to the identified raw tuples, one GROUP BY (key, unit).

Keys, units and customers travel as small integers through the 10-million-row steps; their text is
put back on the (far fewer) positions only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from cityorder.engine.consolidation.arrow_io import fetch_table
from cityorder.engine.consolidation.columns import RAW_FIELDS
from cityorder.engine.consolidation.result import qty_column
from cityorder.engine.consolidation.units import normalize_unit


@dataclass(frozen=True, slots=True)
class Codes:
    keys: list[str]  # key_id -> the key naming the position
    units: list[str]  # unit_id -> unit as compared


def years_of(con: duckdb.DuckDBPyConnection) -> list[int]:
    rows = con.sql("SELECT DISTINCT year FROM lines WHERE year IS NOT NULL ORDER BY year").fetchall()
    return [int(row[0]) for row in rows]


def assign_keys(con: duckdb.DuckDBPyConnection, raw: pa.Table, canonical: Mapping[str, str]) -> Codes:
    """Create table ``assigned``: line_id, customer_id, year, qty, key_id, unit_id for every line row."""
    keys = sorted(set(canonical.values()))
    key_ids = {key: index for index, key in enumerate(keys)}
    raw_keys = raw.column("key").to_pylist()
    con.register("idents", raw.append_column("key_id", pa.array([key_ids[canonical[k]] for k in raw_keys], pa.int32())))
    spellings = [row[0] for row in con.sql("SELECT DISTINCT unit FROM lines").fetchall()]
    units = sorted({normalize_unit(u) for u in spellings})
    unit_ids = {unit: index for index, unit in enumerate(units)}
    con.register(
        "unit_map",
        pa.table({"unit": pa.array(spellings, pa.string()),
                  "unit_id": pa.array([unit_ids[normalize_unit(u)] for u in spellings], pa.int32())}),
    )
    con.execute(
        f"""
        CREATE TEMP TABLE customer_map AS
        SELECT customer, (row_number() OVER ())::INTEGER AS customer_id FROM (SELECT DISTINCT customer FROM lines);
        CREATE TEMP TABLE assigned AS
        SELECT l.line_id, c.customer_id, l.year, l.qty, i.key_id, u.unit_id
        FROM lines l
        JOIN idents i USING ({", ".join(RAW_FIELDS)})
        JOIN unit_map u USING (unit)
        JOIN customer_map c USING (customer);
        """
    )
    return Codes(keys=keys, units=units)


def aggregate_positions(con: duckdb.DuckDBPyConnection, years: Sequence[int], codes: Codes) -> pa.Table:
    """key, unit, customers, lines and qty_YYYY per (key, unit), ordered by key and unit."""
    sums = "".join(
        f", coalesce(sum(qty) FILTER (WHERE year = {int(year)}), 0)::DOUBLE AS {qty_column(year)}" for year in years
    )
    grouped = fetch_table(
        con.sql(
            f"""
            SELECT key_id, unit_id, count(DISTINCT customer_id) AS customers, count(DISTINCT line_id) AS lines{sums}
            FROM assigned GROUP BY key_id, unit_id ORDER BY key_id, unit_id
            """
        )
    )
    keys = pa.array(codes.keys, pa.string()).take(grouped.column("key_id"))
    units = pa.array(codes.units, pa.string()).take(grouped.column("unit_id"))
    rest = grouped.drop_columns(["key_id", "unit_id"])
    return pa.table({"key": keys, "unit": units, **{name: rest.column(name) for name in rest.column_names}})


def line_positions(con: duckdb.DuckDBPyConnection, ids: pa.Table, codes: Codes) -> pa.Table:
    """line_id -> position_id for every consolidated line; ``ids`` maps (key, unit) to position_id."""
    key_ids = {key: index for index, key in enumerate(codes.keys)}
    unit_ids = {unit: index for index, unit in enumerate(codes.units)}
    coded = pa.table({
        "key_id": pa.array([key_ids[k] for k in ids.column("key").to_pylist()], pa.int32()),
        "unit_id": pa.array([unit_ids[u] for u in ids.column("unit").to_pylist()], pa.int32()),
        "position_id": ids.column("position_id"),
    })
    con.register("position_ids", coded)
    return fetch_table(
        con.sql(
            """
            SELECT a.line_id, p.position_id
            FROM (SELECT DISTINCT line_id, key_id, unit_id FROM assigned) a
            JOIN position_ids p USING (key_id, unit_id)
            ORDER BY a.line_id
            """
        )
    )
