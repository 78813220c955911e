from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.accounts.models import User
from cityorder.registry.columns import ImportKind
from cityorder.registry.importing import ImportFailed, apply_import, preview_import


class Command(BaseCommand):
    help = (
        "Import organizations, cluster members or products from xlsx/xls/ods/csv (UTF-8 or Windows-1251), "
        "printing a row-by-row report; nothing is written if any row has an error. "
        "Example: cityorder import_registry organizations orgs.xlsx --dry-run"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[k.value for k in ImportKind])
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="only check the file and print what would change")
        parser.add_argument("--as-user", default=None,
                            help="username whose permissions apply (default: the first superuser)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = self._actor(options["as_user"])
        data = path.read_bytes()
        preview = preview_import(options["kind"], data, path.name, actor=actor)
        for row in preview.rows:
            self.stdout.write(f"row {row.row:>5}  {row.action.value:<9}  {row.label}")
        for message in preview.messages():
            self.stderr.write(message)
        summary = ", ".join(f"{a}: {preview.count(a)}" for a in ("create", "update", "unchanged", "error"))  # type: ignore[arg-type]
        if not preview.ok:
            raise CommandError(f"{path.name}: nothing imported ({summary}); fix the rows above and run again.")
        if options["dry_run"]:
            self.stdout.write(f"Dry run, nothing written ({summary}).")
            return
        try:
            apply_import(options["kind"], data, path.name, actor=actor)
        except ImportFailed as exc:
            raise CommandError(f"{path.name}: nothing imported:\n{exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name} ({summary})."))

    def _actor(self, username: str | None) -> User:
        qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
        actor = qs.order_by("pk").first()
        if actor is None:
            raise CommandError("no such user; pass --as-user or create a superuser first (cityorder createsuperuser)")
        return actor
