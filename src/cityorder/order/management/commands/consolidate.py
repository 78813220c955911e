"""cityorder consolidate: demand files in, positions of one order out, with no database involved;
or, with --campaign, the accepted demand of a campaign in the database into a new version of the city order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.engine.consolidation import DecisionError, load_decisions
from cityorder.engine.output import write_outputs
from cityorder.engine.pipeline import Progress, consolidate_files, summarize


class Command(BaseCommand):
    help = (
        "Consolidate demand spreadsheets into positions of one order, without a database. "
        "Writes lines.csv (every source row), positions.csv, matches.csv (probable matches) and order.xlsx. "
        "Example: cityorder consolidate school1.xlsx hospital.csv --out out/ --year 2026 "
        "(then fill the decision column of out/matches.csv and rerun with --decisions out/matches.csv). "
        "With --campaign CODE instead of files: consolidates the campaign's accepted demand, saves a new version "
        "of the city order in the database and writes the same files, e.g. cityorder consolidate --campaign "
        "ekb-2026 --out out/ (the analysts' decisions in the database are applied)."
    )
    # Files only: no system checks or migrations, which could touch the database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="demand files: xlsx, xls, xlsb, ods, csv, tsv, txt")
        parser.add_argument("--campaign", help="code of a campaign in the database (instead of files)")
        parser.add_argument("--out", required=True, help="directory for the outputs (created if absent)")
        parser.add_argument("--customer", help="customer of every row (default: each file's name without extension)")
        parser.add_argument("--year", type=int, help="year of quantities in files without years (default: this year)")
        parser.add_argument("--decisions", help="CSV with key_a,key_b,decision (same / different), e.g. matches.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["campaign"]:
            if options["files"] or options["decisions"] or options["customer"] or options["year"]:
                raise CommandError("--campaign takes no files, --decisions, --customer or --year (they come from "
                                   "the database)")
            self._campaign(options["campaign"], Path(options["out"]))
            return
        if not options["files"]:
            raise CommandError("give demand files, or --campaign CODE")
        decisions = self._decisions(options["decisions"])
        with self._progress() as progress:
            result = consolidate_files(
                options["files"],
                customer=options["customer"],
                default_year=options["year"],
                decisions=decisions,
                progress=progress,
            )
        for file, why in result.unreadable:
            self.stderr.write(f"not read: {why if why.startswith(file) else f'{file}: {why}'}")
        if not result.files:
            raise CommandError("no file could be read")
        written = write_outputs(result, options["out"])
        for note in [*result.notes, *written.notes]:
            self.stdout.write(f"note: {note}")
        self._report(summarize(result), Path(options["out"]))

    def _campaign(self, code: str, out: Path) -> None:
        from cityorder.demand.models import Campaign
        from cityorder.jobs.services import JobFailed
        from cityorder.order.services import consolidate_campaign

        campaign = Campaign.objects.filter(code=code).first()
        if campaign is None:
            raise CommandError(f"no campaign with the code «{code}»")
        try:
            made = consolidate_campaign(campaign, actor=None)
        except JobFailed as exc:
            raise CommandError(str(exc)) from exc
        written = write_outputs(made.result, out)
        for note in [*made.result.notes, *written.notes]:
            self.stdout.write(f"note: {note}")
        self.stdout.write(f"saved version {made.order.number} of «{campaign.code}»")
        self._report(summarize(made.result), out)

    def _decisions(self, path: str | None) -> list:
        if not path:
            return []
        try:
            return load_decisions(path)
        except (OSError, DecisionError) as exc:
            raise CommandError(f"{path}: {exc}") from exc

    @contextmanager
    def _progress(self) -> Iterator[Progress | None]:
        """A bar over the files on a terminal; nothing when the output goes to a file or a pipe."""
        if not self.stdout.isatty():
            yield None
            return
        from rich.progress import Progress as Bar

        with Bar(transient=True) as bar:
            task = bar.add_task("reading", total=None)

            def advance(done: int, total: int, name: str) -> None:
                # After the last file the engine consolidates: the bar says so rather than look stuck.
                description = "consolidating" if done == total else f"reading {name}"
                bar.update(task, completed=done, total=total, description=description)

            yield advance

    def _report(self, s: Any, out: Path) -> None:
        self.stdout.write(
            f"files {s.files} (not read {s.unreadable}), rows {s.rows}: ok {s.ok}, skipped {s.skipped}, "
            f"errors {s.errors}; positions {s.positions}; probable matches {s.probable_matches} "
            f"(merged automatically {s.auto_merged})"
        )
        self.stdout.write(f"written to {out}: lines.csv, positions.csv, matches.csv, order.xlsx")
