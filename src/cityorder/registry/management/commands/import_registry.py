from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cityorder.accounts.models import User
from cityorder.registry.columns import ImportKind
from cityorder.registry.importing import Action, ImportFailed, ImportPreview, apply_import, preview_import

EXAMPLE = "Example: cityorder import_registry organizations orgs.xlsx --dry-run"


class Command(BaseCommand):
    help = (
        "Import organizations, cluster members or products from xlsx/xls/ods/csv (UTF-8 or Windows-1251), "
        "printing a row-by-row report; nothing is written if any row has an error. " + EXAMPLE
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EXAMPLE
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[k.value for k in ImportKind], help="what the file holds")
        parser.add_argument("file", type=Path, help="the file to import (.xlsx, .xls, .ods, .csv)")
        parser.add_argument("--dry-run", action="store_true", help="only check the file and print what would change")
        parser.add_argument("--encoding", default=None, choices=["utf-8", "utf-8-sig", "cp1251", "utf-16"],
                            help="encoding of a csv file (default: detected)")
        parser.add_argument("--as-user", default=None,
                            help="username whose permissions apply (default: the first superuser)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file") % {"path": path})
        actor = self._actor(options["as_user"])
        data = path.read_bytes()
        kind, encoding = options["kind"], options["encoding"]
        preview = preview_import(kind, data, path.name, actor=actor, encoding=encoding)
        self._report(preview)
        summary = self._summary(preview)
        if not preview.ok:
            raise CommandError(_("%(file)s: nothing imported (%(summary)s); fix the rows above and run again.")
                               % {"file": path.name, "summary": summary})
        if options["dry_run"]:
            self.stdout.write(_("Dry run, nothing written (%(summary)s).") % {"summary": summary})
            return
        try:
            apply_import(kind, data, path.name, actor=actor, encoding=encoding)
        except ImportFailed as exc:
            raise CommandError(_("%(file)s: nothing imported:") % {"file": path.name} + f"\n{exc}") from exc
        done = _("Imported %(file)s (%(summary)s).") % {"file": path.name, "summary": summary}
        self.stdout.write(self.style.SUCCESS(done))

    def _report(self, preview: ImportPreview) -> None:
        if preview.rows:
            self.stdout.write(f"{_('row'):>5}  {_('action'):<9}  {_('record')}")
        for row in preview.rows:
            line = f"{row.row:>5}  {row.action.value:<9}  {row.label}"
            self.stdout.write(self.style.ERROR(line) if row.action == Action.ERROR else line)
        for message in preview.messages():
            self.stderr.write(message)

    @staticmethod
    def _summary(preview: ImportPreview) -> str:
        return ", ".join(f"{action.value}: {preview.count(action)}" for action in Action)

    def _actor(self, username: str | None) -> User:
        qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
        actor = qs.order_by("pk").first()
        if actor is None:
            raise CommandError(
                _("no such user; pass --as-user or create a superuser first (cityorder createsuperuser)")
            )
        return actor
