"""cityorder import_catalog: products (domestic and foreign) from csv/xlsx into the catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.accounts.models import User
from cityorder.substitution import services

EXAMPLE = "Example: cityorder import_catalog catalog.xlsx (add --registry to add the registry's products too)"


class Command(BaseCommand):
    help = (
        "Import a catalog of products: columns part_number, manufacturer, name, category, origin (domestic/"
        "foreign), registry_no, optional capacity_YYYY, price, readiness_year. Nothing is stored if a row has an "
        "error; every error names its row and column. " + EXAMPLE
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="catalog files (csv, xlsx, xls, ods)")
        parser.add_argument("--registry", action="store_true",
                            help="also add every product of the registry's producers as a domestic product")
        parser.add_argument("--as-user", help="username whose permissions apply (default: the first superuser)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["files"] and not options["registry"]:
            raise CommandError("give catalog files, or --registry")
        actor = acting_user(options["as_user"])
        failed = False
        for path in options["files"]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            outcome = services.catalog_import(actor=actor, name=path.name, data=path.read_bytes())
            for error in outcome.errors:
                self.stderr.write(error)
            failed |= not outcome.ok
            self.stdout.write(f"{path.name}: created {outcome.created}, updated {outcome.updated}"
                              + ("" if outcome.ok else f", nothing stored ({len(outcome.errors)} errors)"))
        if options["registry"]:
            self.stdout.write(f"registry: {services.catalog_sync_registry()} domestic products")
        if failed:
            raise CommandError("some files were not imported; fix the rows above and run again")


def acting_user(username: str | None) -> User:
    qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
    actor = qs.order_by("pk").first()
    if actor is None:
        raise CommandError("no such user; pass --as-user or create a superuser first (cityorder createsuperuser)")
    return actor
