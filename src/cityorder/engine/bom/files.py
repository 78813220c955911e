"""The files `cityorder bom_explode` writes: demand.csv (one row per bought part) and paths.csv (one per path)."""

from __future__ import annotations

import csv
from pathlib import Path

from cityorder.engine.bom.explosion import Explosion, format_quantity
from cityorder.engine.bom.model import Bom

DEMAND_FILE = "demand.csv"
PATHS_FILE = "paths.csv"
PATH_SEPARATOR = " > "


def path_text(bom: Bom, lines: tuple[int, ...]) -> str:
    """«3:BAT-240 > 5:MOD-LTO > 7:CELL-LTO»: the rows and part numbers of the path from the top."""
    return PATH_SEPARATOR.join(f"{bom.lines[i].row}:{bom.lines[i].label}" for i in lines)


Table = tuple[list[str], list[list[str]]]


def demand_rows(explosion: Explosion) -> Table:
    header = ["key", "part_number", "name", "unit", *(f"qty_{year}" for year in explosion.years)]
    rows = [
        [p.key, p.part_number, p.name, p.unit, *(format_quantity(p.by_year[y]) for y in explosion.years)]
        for p in explosion.parts
    ]
    return header, rows


def paths_rows(bom: Bom, explosion: Explosion) -> Table:
    rows = [[p.key, path_text(bom, p.lines), format_quantity(p.qty_per_product)] for p in explosion.paths]
    return ["key", "path", "qty_per_product"], rows


def write_explosion(bom: Bom, explosion: Explosion, out: str | Path) -> tuple[Path, Path]:
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    demand, paths = directory / DEMAND_FILE, directory / PATHS_FILE
    write_csv(demand, demand_rows(explosion))
    write_csv(paths, paths_rows(bom, explosion))
    return demand, paths


def write_csv(path: Path, table: Table) -> None:
    """UTF-8, comma-separated, a header row: the same dialect as `cityorder consolidate`'s files."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table[0])
        writer.writerows(table[1])
