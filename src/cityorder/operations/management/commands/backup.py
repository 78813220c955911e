"""cityorder backup DIR: the database and the uploaded files, with a manifest of checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.operations.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online copy, or pg_dump for PostgreSQL) and the uploaded files into a new "
        "folder with a manifest of checksums; safe while the server runs. "
        "Example: cityorder backup /srv/backups/cityorder-2026-12-01"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", type=Path, help="a new or empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            info = backup_create(options["target"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Backup of the {info.engine} database and the uploaded files written to {info.path}"))
