"""What reading an uploaded file in the limited child costs over reading it in the process itself.

    .venv/bin/python -m bench.isolated_start [--runs 5] [--lines 2000]

A BOM of --lines lines (xlsx) read with read_bom and a two-line csv read with read_tables, each in this process and
through call_isolated (a fresh child per read), alternated run by run; prints the median seconds of each.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from tests.demand.workbooks import xlsx

from cityorder.engine.bom import read_bom
from cityorder.engine.reading.isolated import ReadLimits, call_isolated
from cityorder.engine.reading.tabular import read_tables

LIMITS = ReadLimits(memory_mb=3072, seconds=600, max_rows=1_048_576, max_columns=1000, wall_seconds=1200)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lines", type=int, default=2000)
    options = parser.parse_args()
    header = ["Уровень", "Обозначение", "Наименование", "Кол-во на ед.", "Ед. изм."]
    bom = xlsx([header, *([1 if i % 10 == 0 else 2, f"P{i}", f"Деталь {i}", 2, "шт"] for i in range(options.lines))])
    cases: dict[str, tuple[Callable[..., Any], bytes, str]] = {
        f"BOM xlsx, {options.lines} lines": (read_bom, bom, "bom.xlsx"), "csv, 2 lines": (read_tables, b"a;b\n1;2\n",
                                                                                        "x.csv")}
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(options.runs):
        for case, (read, data, name) in cases.items():
            for how in ("in this process", "in the child"):
                started = time.perf_counter()
                if how == "in the child":
                    call_isolated(read, data, name, filename=name, limits=LIMITS)
                else:
                    read(data, name)
                times.setdefault((case, how), []).append(time.perf_counter() - started)
    for (case, how), seconds in times.items():
        print(f"{case:<24} {how:<16} median {statistics.median(seconds):.3f} s")


if __name__ == "__main__":
    main()
