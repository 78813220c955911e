"""Pairwise precision, recall and F1 of a clustering against ground truth, from counts (no pair is enumerated).

Pairs put together = Σ C(n, 2) over predicted clusters; true pairs = Σ C(n, 2) over true clusters;
correct pairs = Σ C(n, 2) over (predicted, true) cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True, slots=True)
class PairScores:
    precision: float
    recall: float
    f1: float


def pair_scores(con: duckdb.DuckDBPyConnection, table: str, predicted: str, truth: str) -> PairScores:
    """Scores of column ``predicted`` against ``truth`` over the rows of ``table`` (one row per line)."""

    def pairs(group_by: str) -> float:
        sql = (
            "SELECT coalesce(sum(n * (n - 1) / 2), 0)::DOUBLE "
            f"FROM (SELECT count(*) AS n FROM {table} GROUP BY {group_by})"
        )
        row = con.execute(sql).fetchone()
        return float(row[0]) if row else 0.0

    together, true_pairs, correct = pairs(predicted), pairs(truth), pairs(f"{predicted}, {truth}")
    precision = correct / together if together else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1)
