from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cityorder.accounts.models import User
from cityorder.registry.columns import ImportKind
from cityorder.registry.exporting import export_file

EXAMPLE = "Example: cityorder export_registry products --out products.xlsx"


class Command(BaseCommand):
    help = (
        "Export organizations, cluster members or products as xlsx or csv in the columns import_registry reads. "
        + EXAMPLE
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EXAMPLE
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[k.value for k in ImportKind], help="what to export")
        parser.add_argument("--out", type=Path, required=True, help="file to write; .csv or .xlsx")
        parser.add_argument("--encoding", default="utf-8-sig", choices=["utf-8-sig", "cp1251"],
                            help="encoding of a csv file: UTF-8 with BOM (default) or Windows-1251")
        parser.add_argument("--as-user", default=None,
                            help="username whose view applies (default: the first superuser, who sees everything)")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError(_("%(path)s: name the file .xlsx or .csv") % {"path": out})
        username = options["as_user"]
        qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
        actor = qs.order_by("pk").first()
        if actor is None:
            raise CommandError(
                _("no such user; pass --as-user or create a superuser first (cityorder createsuperuser)")
            )
        fmt = "csv" if out.suffix.lower() == ".csv" else "xlsx"
        out.write_bytes(export_file(options["kind"], fmt, actor=actor, encoding=options["encoding"]))
        self.stdout.write(self.style.SUCCESS(_("Wrote %(path)s") % {"path": out}))
