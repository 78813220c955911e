"""cityorder sweep_uploads: remove stored upload files that no file record names (left by a process killed between
storing an upload and committing its record, or between removing a record and its bytes). Run it daily, e.g.
from cron; files younger than the grace period are left, as an upload in flight may own them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cityorder.demand.storage import GRACE, unreferenced_files_remove


class Command(BaseCommand):
    help = "Remove stored uploads that no file record names. Example: cityorder sweep_uploads --hours 1"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=float, default=GRACE.total_seconds() / 3600,
                            help="leave files younger than this (default: %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        removed = unreferenced_files_remove(older_than=timedelta(hours=options["hours"]))
        for name in removed:
            self.stdout.write(f"removed {name}")
        self.stdout.write(f"{len(removed)} unreferenced file(s) removed")
