"""Explosion of a large multi-level BOM over a ten-year plan, the way `cityorder bom_explode` runs it.

    .venv/bin/python -m bench.bom_explode --lines 20000 --levels 5 --years 10

Writes a generated BOM (an indented list with a level column, parts shared between assemblies, attrition on
some lines) as xlsx, then times reading it, exploding it and writing demand.csv and paths.csv: wall time and, as the
machine is shared, the process's CPU time too (which other work on the machine changes much less).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import xlsxwriter

from cityorder.engine.bom import explode, read_bom, write_explosion

HEADER = ["Уровень", "Обозначение", "Наименование", "Кол-во на ед.", "Ед. изм.", "Потери, %"]


def generate(path: Path, lines: int, levels: int, seed: int = 7) -> None:
    """``lines`` lines, ``levels`` deep: a line under an assembly goes one level below it, a line after a bought
    part stays at its level or climbs; so every assembly has lines under it and no bought part does."""
    rng = random.Random(seed)
    parts = [f"PN-{i:06d}" for i in range(lines // 3)]  # bought parts recur under many assemblies
    metres = set(parts[::20])  # cables and tubes: one part, one unit
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as book:
        sheet = book.add_worksheet("BOM")
        sheet.write_row(0, 0, HEADER)
        level, assembly = 0, True  # the product
        for row in range(1, lines + 1):
            level = level + 1 if assembly else rng.randint(1, level)
            assembly = level < levels and rng.random() < 0.35 and row < lines
            number = f"ASM-{row:06d}" if assembly else rng.choice(parts)
            unit = "м" if number in metres else "шт"
            qty = rng.choice([1, 2, 4, 10, 24]) if unit == "шт" else round(rng.uniform(0.1, 5), 2)
            attrition = rng.choice(["", "", "", 1, 2.5, 5])
            sheet.write_row(row, 0, [level, number, f"Изделие {number}", qty, unit, attrition])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--levels", type=int, default=5)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    plan = {2026 + i: 150 if i == 0 else 600 for i in range(args.years)}
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "bom.xlsx"
        generate(source, args.lines, args.levels)
        started, cpu_started = time.perf_counter(), time.process_time()
        bom = read_bom(source)
        read_at = time.perf_counter()
        explosion = explode(bom, plan)
        exploded_at = time.perf_counter()
        write_explosion(bom, explosion, Path(work) / "out")
        written_at, cpu_done = time.perf_counter(), time.process_time()
    depth = max(line.level for line in bom.lines)
    print(f"BOM: {len(bom.lines)} lines, {depth} levels; plan {len(plan)} years; "
          f"{len(explosion.paths)} paths, {len(explosion.parts)} bought parts")
    print(f"read {read_at - started:.2f} s, explode {exploded_at - read_at:.2f} s, "
          f"write {written_at - exploded_at:.2f} s; total {written_at - started:.2f} s (target < 5 s), "
          f"CPU {cpu_done - cpu_started:.2f} s")


if __name__ == "__main__":
    main()
