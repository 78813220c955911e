"""DuckDB results as Arrow tables across DuckDB versions (1.x returns a Table, 2.x a RecordBatchReader)."""

from __future__ import annotations

import duckdb
import pyarrow as pa


def fetch_table(relation: duckdb.DuckDBPyRelation) -> pa.Table:
    result = relation.arrow()
    return result if isinstance(result, pa.Table) else result.read_all()
