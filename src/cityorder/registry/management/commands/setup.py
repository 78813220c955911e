"""cityorder setup: what a production install needs before its first use — the schema and the reference data."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cityorder.registry.reference import reference_data_ensure

EXAMPLE = "Example: DATABASE_URL=postgres://… cityorder setup"


class Command(BaseCommand):
    help = (
        "Prepare a database for use: apply migrations, then load the reference data (nomenclature categories, "
        "competencies, the special economic zone «Технополис Москва» and its sites). Safe to run again; demo "
        "data is not loaded (that is load_demo). " + EXAMPLE
    )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        reference_data_ensure()
        self.stdout.write(self.style.SUCCESS("Reference data is in place."))
