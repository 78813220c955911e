"""Offset-contract tenders: scoring bids by weighted criteria (Government Decree 2604) and the scoring workbook."""

from cityorder.engine.tenders.scoring import (
    PRICE,
    Better,
    Criterion,
    Offer,
    Score,
    ScoringError,
    check_criteria,
    exact,
    formula,
    points,
    score_offers,
    shown,
)
from cityorder.engine.tenders.tender_file import TenderFile, TenderFileError, read_tender_file, write_scores

__all__ = [
    "PRICE",
    "Better",
    "Criterion",
    "Offer",
    "Score",
    "ScoringError",
    "TenderFile",
    "TenderFileError",
    "check_criteria",
    "exact",
    "formula",
    "points",
    "read_tender_file",
    "score_offers",
    "shown",
    "write_scores",
]
