"""Synthetic demand lines with ground truth, generated vectorised and stored as Parquet.

    .venv/bin/python -m bench.synthetic --lines 1M --out var/bench/lines_1M.parquet

Items and their spellings are made once (bench.entities); lines then draw an item by a Zipf-like
popularity, one of its spellings, a customer, a file, a year and a quantity, all with numpy.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from bench.entities import universe

FIELDS = ("name", "part_number", "manufacturer", "description", "value", "footprint", "unit")
ITEMS = 300_000  # distinct true items in the city's demand
CUSTOMERS = 3_000
FILES_PER_CUSTOMER = 3
YEARS = (2025, 2026, 2027)
CLEAN_SHARE = 0.5  # half the lines use an item's clean spelling, the rest one of its noisy ones


def spellings_table(items: int, seed: int) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """All spellings (FIELDS + true_id), the offset of each item's first spelling, and its spelling count."""
    columns: list[list[str]] = [[] for _ in FIELDS]
    true_ids: list[int] = []
    offsets: list[int] = []
    counts: list[int] = []
    for true_id, spellings in universe(items, seed):
        offsets.append(len(true_ids))
        counts.append(len(spellings))
        for spelling in spellings:
            for column, value in zip(columns, spelling, strict=True):
                column.append(value)
            true_ids.append(true_id)
    table = pa.table({**dict(zip(FIELDS, columns, strict=True)), "true_id": pa.array(true_ids, pa.int32())})
    return table, np.array(offsets, np.int64), np.array(counts, np.int64)


def generate(lines: int, *, items: int = ITEMS, customers: int = CUSTOMERS, seed: int = 7) -> pa.Table:
    spellings, offsets, counts = spellings_table(items, seed)
    rng = np.random.default_rng(seed)
    n_items = len(offsets)
    weights = 1.0 / np.arange(1, n_items + 1) ** 0.9
    popularity = rng.permutation(n_items)  # popular items are spread over every family
    item = popularity[rng.choice(n_items, size=lines, p=weights / weights.sum())]
    noisy = rng.random(lines) >= CLEAN_SHARE
    variant = np.where(noisy, (rng.random(lines) * counts[item]).astype(np.int64), 0)
    table = spellings.take(pa.array(offsets[item] + variant))
    customer = rng.integers(0, customers, lines)
    file = customer * FILES_PER_CUSTOMER + rng.integers(0, FILES_PER_CUSTOMER, lines)
    customer_names = pa.array([f"Заказчик {i:04d}" for i in range(customers)])
    file_names = pa.array([f"demand_{i // FILES_PER_CUSTOMER:04d}_{i % FILES_PER_CUSTOMER}.xlsx"
                           for i in range(customers * FILES_PER_CUSTOMER)])
    return table.append_column("line_id", pa.array(np.arange(lines, dtype=np.int64))) \
        .append_column("file", file_names.take(pa.array(file))) \
        .append_column("sheet", pa.repeat(pa.scalar("Потребность"), lines)) \
        .append_column("row", pa.array(_rows_within_files(file))) \
        .append_column("customer", customer_names.take(pa.array(customer))) \
        .append_column("year", pa.array(rng.choice(np.array(YEARS, np.int32), lines))) \
        .append_column("qty", pa.array(rng.integers(1, 500, lines).astype(np.float64)))


def _rows_within_files(file: np.ndarray) -> np.ndarray:
    """Row numbers 2, 3, … within each file (row 1 is the header), in line order."""
    order = np.argsort(file, kind="stable")
    sorted_files = file[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_files)) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(file)]))
    rows = np.empty(len(file), np.int64)
    rows[order] = np.arange(len(file)) - run_start + 2
    return rows


def parse_size(text: str) -> int:
    text = text.strip().upper()
    factor = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("KM")) * factor)


def ensure(lines: int, directory: Path, seed: int = 7) -> Path:
    """The Parquet file of ``lines`` lines, generated if absent."""
    path = directory / f"lines_{lines}_{seed}.parquet"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        pq.write_table(generate(lines, seed=seed), path.with_suffix(".tmp"), row_group_size=1_000_000)
        path.with_suffix(".tmp").rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", default="1M")
    parser.add_argument("--dir", default="var/bench")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    path = ensure(parse_size(args.lines), Path(args.dir), args.seed)
    print(f"{path} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
