"""cityorder import_gisp: the registry of Russian industrial products (PP 719) from GISP's open-data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.engine.substitution import SourceFileError


class Command(BaseCommand):
    help = (
        "Import the registry of Russian industrial products (Government Decree 719) as GISP publishes it in open "
        "data: CSV or xlsx with organization, OGRN, INN, registry number and date, product name, OKPD2, TN VED, "
        "localization points and validity (Russian or English headers). All rows or none; an entry loaded before "
        "is updated by its registry number. Localization counts a project's component as domestic only with an "
        "entry in force (or an analyst's decision). Example: cityorder import_gisp reestr_pp719.csv"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the GISP open-data file (csv, xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        from cityorder.cooperation.services import industrial_registry_import

        path = Path(options["file"])
        try:
            count = industrial_registry_import(actor=None, name=path.name, data=path.read_bytes())
        except SourceFileError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        self.stdout.write(f"{count} registry entries imported from {path.name}")
