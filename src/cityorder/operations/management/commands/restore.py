"""cityorder restore DIR: replace the database and the uploaded files with a backup's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.operations.backups import BackupError, backup_read, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `cityorder backup`: checks its manifest and checksums, then replaces the "
        "database and the uploaded files. Stop the web server and the workers first. "
        "Example: cityorder restore /srv/backups/cityorder-2026-12-01 --noinput"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="a folder written by cityorder backup")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        try:
            manifest = backup_read(source)
            if options["interactive"]:
                answer = input(f"Replace the database and the uploaded files with the backup of "
                               f"{manifest['created']}? Type 'yes' to go on: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("restore cancelled; nothing was changed")
            backup_restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created']} from {source}"))
