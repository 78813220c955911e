"""Demand lines as one columnar table: one row per (line, year), the shape DuckDB groups fast.

Campaign mode and the benchmark hand over such a table directly; file mode builds it from LineRecords.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa

from cityorder.engine.identity.designators import designator_kind
from cityorder.engine.records import LineRecord, LineStatus

# The fields that describe a part: identity is computed once per distinct combination of them.
RAW_FIELDS: tuple[str, ...] = ("name", "part_number", "manufacturer", "description", "value", "footprint",
                               "supplier_code", "designator")
# ``designator`` is the kind a line's reference designators share (R, C, L, VD), not the designators themselves:
# identities are computed per distinct description, and R1 / R2 describe the same resistor.
TRACE_FIELDS: tuple[str, ...] = ("file", "sheet", "customer")

LINE_SCHEMA = pa.schema(
    [
        ("line_id", pa.int64()),
        ("file", pa.string()),
        ("sheet", pa.string()),
        ("row", pa.int64()),
        ("customer", pa.string()),
        *[(name, pa.string()) for name in RAW_FIELDS],
        ("unit", pa.string()),
        ("year", pa.int32()),
        ("qty", pa.float64()),
    ]
)


def lines_table(records: Iterable[LineRecord]) -> pa.Table:
    """The ok records as a long table; ``line_id`` is the record's index in ``records`` (all statuses counted)."""
    columns: dict[str, list] = {name: [] for name in LINE_SCHEMA.names}
    for line_id, record in enumerate(records):
        if record.status != LineStatus.OK:
            continue
        # A line without quantities still belongs to its position, so it gets one row with no year.
        per_year: list[tuple[int | None, float | None]] = list(record.quantities.items()) or [(None, None)]
        kind = designator_kind(record.designators) if record.designators else ""
        for year, qty in per_year:
            columns["line_id"].append(line_id)
            columns["file"].append(record.file)
            columns["sheet"].append(record.sheet)
            columns["row"].append(record.row)
            columns["customer"].append(record.customer)
            for name in RAW_FIELDS[:-1]:
                columns[name].append(getattr(record, name))
            columns["designator"].append(kind)
            columns["unit"].append(record.unit)
            columns["year"].append(year)
            columns["qty"].append(qty)
    return pa.table(columns, schema=LINE_SCHEMA)


def conform(table: pa.Table) -> pa.Table:
    """A supplied table with every column of LINE_SCHEMA: absent text columns become empty, nulls become ''.

    A table without ``line_id`` gets its row numbers, which is right when it has one row per line.
    """
    rows = table.num_rows
    arrays = []
    for field in LINE_SCHEMA:
        if field.name in table.column_names:
            column = table.column(field.name).cast(field.type)
            if pa.types.is_string(field.type):
                column = column.fill_null("")
            arrays.append(column)
        elif field.name == "line_id":
            arrays.append(pa.array(np.arange(rows, dtype=np.int64)))
        elif pa.types.is_string(field.type):
            arrays.append(pa.repeat(pa.scalar("", pa.string()), rows))
        else:
            arrays.append(pa.nulls(rows, field.type))
    return pa.table(arrays, schema=LINE_SCHEMA)
