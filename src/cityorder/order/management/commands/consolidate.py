"""cityorder consolidate: demand files in, positions of one order out, with no database involved;
or, with --campaign, the accepted demand of a campaign in the database into a new version of the city order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.engine.consolidation import DecisionError, load_decisions
from cityorder.engine.output import write_outputs
from cityorder.engine.pipeline import Progress, consolidate_files, summarize
from cityorder.engine.reading.isolated import ReadLimits, call_isolated
from cityorder.engine.substitution import analogs_for_result, read_catalog, read_xrefs, write_analogs


class Command(BaseCommand):
    help = (
        "Consolidate demand spreadsheets into positions of one order, without a database. "
        "Writes lines.csv (every source row), positions.csv, matches.csv (probable matches) and order.xlsx. "
        "Example: cityorder consolidate school1.xlsx hospital.csv --out out/ --year 2026 "
        "(then fill the decision column of out/matches.csv and rerun with --decisions out/matches.csv). "
        "With --campaign CODE instead of files: consolidates the campaign's accepted demand, saves a new version "
        "of the city order in the database and writes the same files, e.g. cityorder consolidate --campaign "
        "ekb-2026 --out out/ (the analysts' decisions in the database are applied). "
        "Domestic analogs: add --catalog catalog.csv --xref xref.csv to the file mode, and DIR/analogs.csv lists "
        "the ranked analogs of every position; the campaign mode matches against the catalog and "
        "cross-references in the database and writes analogs.csv as well."
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
        parser.add_argument("--catalog", action="append", default=[],
                            help="catalog of products (csv/xlsx: part_number,manufacturer,name,category,origin,"
                                 "registry_no[,capacity_YYYY]); repeatable")
        parser.add_argument("--xref", action="append", default=[],
                            help="cross-references (csv/xlsx: part_number,analog_part_number,compatibility,note); "
                                 "repeatable")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["campaign"]:
            given = [options["files"], options["decisions"], options["customer"], options["year"],
                     options["catalog"], options["xref"]]
            if any(given):
                raise CommandError("--campaign takes no files, --decisions, --customer, --year, --catalog or --xref "
                                   "(they come from the database)")
            self._campaign(options["campaign"], Path(options["out"]))
            return
        if not options["files"]:
            raise CommandError("give demand files, or --campaign CODE")
        decisions = self._decisions(options["decisions"])
        catalog, xrefs = self._references(options["catalog"], options["xref"])
        warnings: list[str] = []
        with self._progress() as progress:
            result = consolidate_files(
                options["files"],
                customer=options["customer"],
                default_year=options["year"],
                decisions=decisions,
                progress=progress,
                warnings=warnings,
                read_limits=ReadLimits.from_settings(settings),
            )
        for file, why in result.unreadable:
            self.stderr.write(f"not read: {why if why.startswith(file) else f'{file}: {why}'}")
        if not result.files:
            raise CommandError("no file could be read")
        written = write_outputs(result, options["out"])
        for note in [*result.notes, *written.notes]:
            self.stdout.write(f"note: {note}")
        self._report(summarize(result), Path(options["out"]))
        # Columns with data that nothing read: said after the summary, where a person looks last.
        for warning in warnings:
            self.stdout.write(f"warning: {warning}")
        if catalog or xrefs:
            analogs = analogs_for_result(result, catalog, xrefs)
            write_analogs(analogs, Path(options["out"]) / "analogs.csv")
            self._report_analogs(analogs, result.positions.num_rows, Path(options["out"]))

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
        from cityorder.substitution.services import match_order

        analogs = match_order(made.order)
        write_analogs(analogs, out / "analogs.csv")
        self._report_analogs(analogs, made.result.positions.num_rows, out)

    def _references(self, catalogs: list[str], xref_files: list[str]) -> tuple[list, list]:
        """Catalog products and cross-references of the file mode; a file with bad rows stops the command."""
        catalog, xrefs = [], []
        try:
            # In the limited reading process, like the demand files: a hostile file stops with a message.
            limits = ReadLimits.from_settings(settings)
            for path in catalogs:
                catalog.extend(call_isolated(read_catalog, path, filename=Path(path).name, limits=limits))
            for path in xref_files:
                xrefs.extend(call_isolated(read_xrefs, path, filename=Path(path).name, limits=limits))
        except (OSError, ValueError) as exc:  # SourceFileError and UnreadableFile are ValueErrors
            raise CommandError(str(exc)) from exc
        return catalog, xrefs

    def _report_analogs(self, analogs: list, positions: int, out: Path) -> None:
        covered = len({a.position_id for a in analogs})
        self.stdout.write(f"analogs {len(analogs)} for {covered} of {positions} positions, written to "
                          f"{out / 'analogs.csv'}")

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
