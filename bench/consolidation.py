"""The consolidation benchmark: our engine, the DuckDB floor and Splink on the same synthetic lines.

    .venv/bin/python -m bench.consolidation --sizes 1M,10M --splink 100k,1M

Lines are generated once per size into var/bench (bench.synthetic, not timed). Each measurement runs in
its own process (bench.measure), so peak memory is that run's RSS high-water mark. Prints one table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.synthetic import ensure, parse_size

SPLINK_TIMEOUT = 600  # seconds: beyond that the table says Splink did not finish


def measure(kind: str, path: Path, timeout: float | None = None) -> dict | str:
    """The JSON a measurement prints, or why there is none."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.measure", kind, str(path)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return f"did not finish in {timeout / 60:.0f} min"
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(lines: int, tool: str, measured: dict | str) -> str:
    if isinstance(measured, str):
        return f"| {lines:,} | {tool} | {measured} | | | | |"
    scores = (
        f"{measured['precision']:.3f} | {measured['recall']:.3f} | {measured['f1']:.3f}"
        if "f1" in measured else "— | — | —"
    )
    return f"| {lines:,} | {tool} | {measured['seconds']:.1f} | {measured['peak_rss_gib']:.2f} | {scores} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1M,10M", help="line counts for our engine and the floor")
    parser.add_argument("--splink", default="100k,1M", help="line counts for Splink ('' for none)")
    parser.add_argument("--dir", default="var/bench", help="where the generated Parquet files are kept")
    args = parser.parse_args()
    ours_sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    splink_sizes = [parse_size(s) for s in args.splink.split(",") if s]
    directory = Path(args.dir)
    print(f"cityorder consolidation benchmark, {os.cpu_count()} CPUs", file=sys.stderr)
    table = ["| lines | tool | time, s | peak RSS, GiB | precision | recall | F1 |", "|---|---|---|---|---|---|---|"]
    for lines in sorted(set(ours_sizes) | set(splink_sizes)):
        path = ensure(lines, directory)
        if lines in ours_sizes:
            table.append(row(lines, "cityorder", measure("ours", path)))
            table.append(row(lines, "DuckDB GROUP BY true key (floor)", measure("floor", path)))
        if lines in splink_sizes:
            table.append(row(lines, "Splink 5 (DuckDB)", measure("splink", path, SPLINK_TIMEOUT)))
        print(table[-1], file=sys.stderr)
    print("\n".join(table))


if __name__ == "__main__":
    main()
