"""One measurement in its own process, so its peak memory (RSS high-water mark) is its own.

    .venv/bin/python -m bench.measure ours|floor|splink LINES.parquet

Prints one JSON object: seconds, peak_rss_gib and, where a clustering is made, precision/recall/F1.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from bench.metrics import pair_scores


def ours(path: Path) -> dict:
    from cityorder.engine.consolidation import consolidate_lines

    started = time.perf_counter()
    lines = pq.read_table(path)
    result = consolidate_lines(lines)
    seconds = time.perf_counter() - started
    con = duckdb.connect()
    truth = lines.select(["line_id", "true_id"])
    con.register("truth", truth)
    con.register("assignments", result.assignments)
    con.execute(
        "CREATE TABLE scored AS SELECT t.true_id, a.position_id FROM truth t JOIN assignments a USING (line_id)"
    )
    scores = pair_scores(con, "scored", "position_id", "true_id")
    return {
        "seconds": seconds,
        "positions": result.positions.num_rows,
        "probable_matches": sum(1 for m in result.matches if not m.merged),
        "auto_merged": sum(1 for m in result.matches if m.merged),
        "notes": len(result.notes),
        **_scores(scores),
    }


def _scores(scores) -> dict:
    return {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1}


def floor(path: Path) -> dict:
    """A plain GROUP BY on the true key: the least any consolidation of these lines can cost."""
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE sums AS SELECT true_id, year, sum(qty) AS qty, count(*) AS lines "
        f"FROM read_parquet('{path}') GROUP BY true_id, year"
    )
    return {"seconds": time.perf_counter() - started}


def splink(path: Path) -> dict:
    from bench.splink_peer import dedupe_lines

    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"CREATE TABLE lines AS SELECT * FROM read_parquet('{path}')")
    dedupe_lines(con)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, **_scores(pair_scores(con, "splink_lines", "cluster_id", "true_id"))}


def main() -> None:
    kind, path = sys.argv[1], Path(sys.argv[2])
    measured = {"ours": ours, "floor": floor, "splink": splink}[kind](path)
    measured["peak_rss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(json.dumps(measured))


if __name__ == "__main__":
    main()
