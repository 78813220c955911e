"""cityorder import_xrefs: cross-references between parts, or the Soviet/foreign IC analog table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.engine.reading.isolated import ReadLimits, call_isolated
from cityorder.engine.reading.tabular import UnreadableFile
from cityorder.engine.substitution import read_analog_table
from cityorder.substitution import services
from cityorder.substitution.management.commands.import_catalog import acting_user

EXAMPLE = (
    "Example: cityorder import_xrefs xref.csv; cityorder import_xrefs --soviet-table "
    "../shared/data/<analog table>.csv (ranges like КР142ЕН8А-Г and lists like 537РУ3А,Б are expanded)"
)


class Command(BaseCommand):
    help = (
        "Import cross-references (columns part_number, analog_part_number, compatibility pin/functional/parametric, "
        "note); a family such as NE555 applies to its variants. With --soviet-table, read a table of Soviet "
        "designations and their foreign analogs, expanding ranges and lists and reporting doubtful rows. " + EXAMPLE
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the file (csv, xlsx, xls, ods)")
        parser.add_argument("--soviet-table", action="store_true",
                            help="the file is a Soviet/foreign IC analog table, not a cross-reference list")
        parser.add_argument("--as-user", help="username whose permissions apply (default: the first superuser)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if options["soviet_table"]:
            try:  # in the limited reading process, like an uploaded file
                read = call_isolated(read_analog_table, path, filename=path.name,
                                     limits=ReadLimits.from_settings(settings))
            except UnreadableFile as exc:
                raise CommandError(str(exc)) from exc
            for doubt in read.doubtful:
                self.stderr.write(f"{path.name}, row {doubt.row}: {doubt.reason}"
                                  + (" (imported as read)" if doubt.imported else ""))
            outcome = services.xrefs_store(read.xrefs, source=path.name)
            self.stdout.write(f"{path.name}: {read.rows} rows, {len(read.xrefs)} cross-references (created "
                              f"{outcome.created}, known {outcome.updated}), doubtful rows {len(read.doubtful)}, "
                              f"rows without an analog {len(read.no_analog)}")
            return
        outcome = services.xref_import(actor=acting_user(options["as_user"]), name=path.name, data=path.read_bytes())
        for error in outcome.errors:
            self.stderr.write(error)
        if not outcome.ok:
            raise CommandError(f"{path.name}: nothing stored ({len(outcome.errors)} errors); fix the rows above")
        self.stdout.write(f"{path.name}: created {outcome.created}, known {outcome.updated}")
