from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.accounts.models import User
from cityorder.registry.columns import ImportKind
from cityorder.registry.exporting import export_file


class Command(BaseCommand):
    help = (
        "Export organizations, cluster members or products as xlsx or csv in the columns import_registry reads. "
        "Example: cityorder export_registry products --out products.xlsx"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[k.value for k in ImportKind])
        parser.add_argument("--out", type=Path, required=True, help="file to write; .csv or .xlsx")
        parser.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "cp1251"],
                            help="encoding of a csv file")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        actor = User.objects.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            raise CommandError("create a superuser first (cityorder createsuperuser)")
        fmt = "csv" if out.suffix.lower() == ".csv" else "xlsx"
        out.write_bytes(export_file(options["kind"], fmt, actor=actor, encoding=options["encoding"]))
        self.stdout.write(self.style.SUCCESS(f"Wrote {out}"))
