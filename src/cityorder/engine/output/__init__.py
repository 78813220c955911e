"""Writers of a consolidation's outputs: lines.csv, positions.csv, matches.csv and order.xlsx."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cityorder.engine.consolidation import ConsolidationResult
from cityorder.engine.output.csv_files import write_csv
from cityorder.engine.output.tables import errors_rows, lines_rows, matches_rows, positions_rows
from cityorder.engine.output.workbook import write_workbook


@dataclass(slots=True)
class Written:
    paths: dict[str, Path]
    notes: list[str] = field(default_factory=list)


def write_outputs(result: ConsolidationResult, out_dir: str | Path) -> Written:
    """Write every output into ``out_dir`` (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "lines": out / "lines.csv",
        "positions": out / "positions.csv",
        "matches": out / "matches.csv",
        "order": out / "order.xlsx",
    }
    write_csv(paths["lines"], lines_rows(result))
    write_csv(paths["positions"], positions_rows(result))
    write_csv(paths["matches"], matches_rows(result), escape_formulas=False)  # read back by its keys (--decisions)
    notes = write_workbook(
        paths["order"],
        {
            "positions": positions_rows(result),
            "lines": lines_rows(result),
            "errors": errors_rows(result),
            "matches": matches_rows(result),
        },
    )
    return Written(paths=paths, notes=notes)


__all__ = ["Written", "write_outputs"]
