"""The CSV outputs: UTF-8, comma-separated, a header row, for scripts and other checks (values are raw)."""

from __future__ import annotations

import csv
from pathlib import Path

from cityorder.engine.output.tables import Rows


def write_csv(path: Path, table: Rows) -> int:
    """Write the rows; the count of data rows written."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow(row)
            count += 1
    return count
