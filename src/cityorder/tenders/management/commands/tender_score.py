"""cityorder tender_score: a scoring workbook in, scores.csv out, with no database involved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.engine.reading.isolated import ReadLimits, call_isolated
from cityorder.engine.reading.tabular import UnreadableFile
from cityorder.engine.tenders import ScoringError, TenderFileError, read_tender_file, score_offers, write_scores


class Command(BaseCommand):
    help = (
        "Score the bids of a tender by weighted criteria as Government Decree 2604 does, without a database. "
        "FILE (xlsx, xls, ods or csv) has a sheet «Критерии» (Критерий, «Вес, %», Лучше = меньше/больше, optional "
        "Предел; the price «Цена» is always one of them) and a sheet «Заявки» (Лот, Участник, one column per "
        "criterion by its name). Writes DIR/scores.csv: lot, bidder, the points of every criterion (0–100, before "
        "weighting), total (Σ points × weight / 100) and rank within the lot (1 = best; of equal totals the bid "
        "in the earlier row ranks first). "
        "Example: cityorder tender_score bids.xlsx --out out/"
    )
    # Files only: no system checks or migrations, which could touch the database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the scoring workbook: xlsx, xls, ods or csv")
        parser.add_argument("--out", required=True, help="directory for scores.csv (created if absent)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            # In the limited reading process: a file that would exhaust memory stops with a message, not a crash.
            tender = call_isolated(read_tender_file, path, filename=path.name,
                                   limits=ReadLimits.from_settings(settings))
            scores = score_offers(tender.criteria, tender.offers, require_price=True)  # as the platform scores
        except (TenderFileError, UnreadableFile) as exc:
            raise CommandError(str(exc)) from exc
        except ScoringError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        written = write_scores(tender.criteria, scores, options["out"])
        lots = len({s.lot for s in scores})
        self.stdout.write(f"{len(scores)} bids in {lots} lots scored: {written}")
