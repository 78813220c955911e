"""Consolidation: demand lines grouped into positions of one order, every position traceable to its lines."""

from cityorder.engine.consolidation.core import consolidate_lines
from cityorder.engine.consolidation.decisions import Decision, DecisionError, Verdict, load_decisions
from cityorder.engine.consolidation.identity_service import IdentityService
from cityorder.engine.consolidation.matching import MatchSettings
from cityorder.engine.consolidation.position_ids import position_id
from cityorder.engine.consolidation.result import ConsolidationResult, LineRef, Position, ProbableMatch

__all__ = [
    "ConsolidationResult",
    "Decision",
    "DecisionError",
    "IdentityService",
    "LineRef",
    "MatchSettings",
    "Position",
    "ProbableMatch",
    "Verdict",
    "consolidate_lines",
    "load_decisions",
    "position_id",
]
