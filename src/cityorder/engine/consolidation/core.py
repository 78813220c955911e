"""Consolidation: ok demand lines -> positions of one order, with probable matches and analyst decisions.

    lines ──► distinct raw tuples (DuckDB) ──► identify() once each ──► fuzzy candidates in blocks
          ──► merges (decisions «same», auto-merges) ──► join keys back, GROUP BY (key, unit) (DuckDB)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from cityorder.engine.consolidation.columns import conform, lines_table
from cityorder.engine.consolidation.decisions import Decision, Verdict, as_decisions
from cityorder.engine.consolidation.distinct import identify_distinct
from cityorder.engine.consolidation.grouping import aggregate_positions, assign_keys, line_positions, years_of
from cityorder.engine.consolidation.identity_service import IdentityService, default_service
from cityorder.engine.consolidation.matching import DEFAULT_SETTINGS, Candidate, MatchSettings, find_candidates
from cityorder.engine.consolidation.merging import merge_keys
from cityorder.engine.consolidation.position_ids import position_id
from cityorder.engine.consolidation.result import (
    POSITION_HEAD,
    POSITION_TAIL,
    ConsolidationResult,
    ProbableMatch,
    qty_column,
)
from cityorder.engine.consolidation.suppliers import supplier_candidates
from cityorder.engine.messages import msg, template
from cityorder.engine.records import LineRecord

# Notes on a position's card and the prefix of a probable match's reason (reasons: matching.py).
JOINS_KEYS = template("joins %(count)s keys")
OTHER_UNITS = template("the same item is also demanded in other units, kept apart: %(others)s")
MERGED_AUTOMATICALLY = template("merged automatically: %(reason)s")


def consolidate_lines(
    lines: Iterable[LineRecord] | pa.Table,
    *,
    decisions: Iterable[Decision | tuple[str, str, str]] = (),
    service: IdentityService | None = None,
    settings: MatchSettings = DEFAULT_SETTINGS,
    threads: int | None = None,
) -> ConsolidationResult:
    """Positions of the ok ``lines``; a table must have LINE_SCHEMA's columns (missing text columns count as empty).

    LineRecords of any status may be passed: only ok ones are consolidated, and ``line_id`` is a record's
    index in the sequence, so callers can put position ids back beside their own rows.
    """
    service = service or default_service()
    table = conform(lines) if isinstance(lines, pa.Table) else lines_table(lines)
    verdicts = as_decisions(decisions)
    con = duckdb.connect()
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        # Order of rows inside DuckDB does not matter (every output is sorted), and keeping it costs memory.
        con.execute("SET preserve_insertion_order = false")
        con.register("lines", table)
        years = years_of(con)
        distinct = identify_distinct(con, service)
        different = frozenset(d.pair for d in verdicts if d.verdict is Verdict.DIFFERENT)
        outcome = find_candidates(sorted(distinct.by_key.items()), service, settings, different)
        outcome.candidates.extend(supplier_candidates(distinct.suppliers, distinct.by_key, different))
        canonical, merge_notes = merge_keys(distinct.by_key, verdicts, outcome.candidates)
        codes = assign_keys(con, distinct.raw, canonical)
        aggregated = aggregate_positions(con, years, codes)
        positions = _positions_table(aggregated, years, distinct.by_key, canonical)
        assignments = line_positions(con, positions.select(["key", "unit", "position_id"]), codes)
    finally:
        con.close()
    matches = _probable_matches(outcome.candidates, canonical, positions)
    return ConsolidationResult(
        positions=positions,
        assignments=assignments,
        lines=table,
        matches=matches,
        notes=[*outcome.notes, *merge_notes],
        years=years,
    )


def _positions_table(
    aggregated: pa.Table, years: Sequence[int], identities: Mapping[str, Any], canonical: Mapping[str, str]
) -> pa.Table:
    keys = aggregated.column("key").to_pylist()
    units = aggregated.column("unit").to_pylist()
    ids = [position_id(key, unit) for key, unit in zip(keys, units, strict=True)]
    members: dict[str, list[str]] = defaultdict(list)
    for key, root in canonical.items():
        members[root].append(key)
    unit_notes = _unit_notes(keys, units, ids)
    columns: dict[str, list[Any]] = {name: [] for name in (*POSITION_HEAD, *POSITION_TAIL) if name != "lines"}
    for index, key in enumerate(keys):
        identity = identities[key]
        merged = sorted(members[key]) if len(members[key]) > 1 else []
        columns["position_id"].append(ids[index])
        columns["key"].append(key)
        columns["name"].append(identity.display_name)
        columns["category"].append(identity.category)
        columns["manufacturer"].append(identity.manufacturer)
        columns["unit"].append(units[index])
        columns["kind"].append(identity.kind)
        columns["part_number"].append(identity.part_number)
        columns["okpd2"].append(identity.okpd2)
        columns["merged_keys"].append("; ".join(merged))
        notes = [identity.note, unit_notes.get(index, "")]
        if merged:
            notes.append(msg(JOINS_KEYS, count=len(merged)))
        columns["note"].append("; ".join(n for n in notes if n))
    ordered = {
        **{name: columns[name] for name in POSITION_HEAD if name not in {"customers", "lines"}},
        "customers": aggregated.column("customers"),
        "lines": aggregated.column("lines"),
        **{qty_column(y): aggregated.column(qty_column(y)) for y in years},
        **{name: columns[name] for name in POSITION_TAIL},
    }
    return pa.table(ordered).sort_by("position_id")


def _unit_notes(keys: Sequence[str], units: Sequence[str], ids: Sequence[str]) -> dict[int, str]:
    """For a key demanded in several units: each of its positions names the others (quantities cannot be added)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        by_key[key].append(index)
    notes = {}
    for indexes in by_key.values():
        if len(indexes) < 2:
            continue
        for index in indexes:
            others = ", ".join(f"«{units[i]}» ({ids[i]})" for i in indexes if i != index)
            notes[index] = msg(OTHER_UNITS, others=others)
    return notes


def _probable_matches(
    candidates: Sequence[Candidate], canonical: Mapping[str, str], positions: pa.Table
) -> list[ProbableMatch]:
    """Candidates named by position ids; pairs already in one position by decision are dropped, auto-merges kept."""
    main_position = _main_position_of_keys(positions)
    matches = []
    for c in candidates:
        joined = canonical[c.key_a] == canonical[c.key_b]
        if joined and not c.auto_merge:
            continue
        matches.append(
            ProbableMatch(
                position_a=main_position[canonical[c.key_a]],
                position_b=main_position[canonical[c.key_b]],
                score=c.score,
                reason=msg(MERGED_AUTOMATICALLY, reason=c.reason) if c.auto_merge and joined else c.reason,
                key_a=c.key_a,
                key_b=c.key_b,
                merged=c.auto_merge and joined,
            )
        )
    return matches


def _main_position_of_keys(positions: pa.Table) -> dict[str, str]:
    """The position of a key in the unit most of its lines use."""
    best: dict[str, tuple[int, str]] = {}
    columns = [positions.column(c).to_pylist() for c in ("key", "lines", "position_id")]
    for key, count, pid in zip(*columns, strict=True):
        if key not in best or count > best[key][0]:
            best[key] = (count, pid)
    return {key: pid for key, (_, pid) in best.items()}
