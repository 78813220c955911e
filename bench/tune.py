"""Tune the auto-merge threshold on the benchmark's ground truth.

    .venv/bin/python -m bench.tune --lines 1M --thresholds 90,93,95,97,99,101

For each threshold (101 = never merge automatically) prints the pairwise precision/recall/F1 of the
positions and how many pairs were merged automatically.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from bench.metrics import pair_scores
from bench.synthetic import ensure, parse_size
from cityorder.engine.consolidation import MatchSettings, consolidate_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", default="1M")
    parser.add_argument("--thresholds", default="90,93,95,97,99,101")
    parser.add_argument("--dir", default="var/bench")
    args = parser.parse_args()
    lines = pq.read_table(ensure(parse_size(args.lines), Path(args.dir)))
    print("| auto-merge threshold | merged pairs | precision | recall | F1 |\n|---|---|---|---|---|")
    for threshold in (int(t) for t in args.thresholds.split(",")):
        result = consolidate_lines(lines, settings=MatchSettings(auto_merge_threshold=threshold))
        con = duckdb.connect()
        con.register("truth", lines.select(["line_id", "true_id"]))
        con.register("assignments", result.assignments)
        con.execute("CREATE TABLE scored AS SELECT * FROM truth JOIN assignments USING (line_id)")
        s = pair_scores(con, "scored", "position_id", "true_id")
        merged = sum(1 for m in result.matches if m.merged)
        print(f"| {threshold} | {merged} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} |", flush=True)


if __name__ == "__main__":
    main()
