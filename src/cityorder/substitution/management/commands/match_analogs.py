"""cityorder match_analogs: domestic analogs for every position of a version of the city order."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.order.models import CityOrder
from cityorder.substitution.services import match_order

EXAMPLE = "Example: cityorder match_analogs --campaign ekb-2026 (the published version, else the latest)"


class Command(BaseCommand):
    help = ("Match the positions of a city order version against the catalog and cross-references in the "
            "database and store the ranked domestic analogs (analysts' verdicts applied). " + EXAMPLE)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True, help="campaign code")
        parser.add_argument("--number", type=int, help="version number (default: published, else latest)")

    def handle(self, *args: Any, **options: Any) -> None:
        orders = CityOrder.objects.filter(campaign__code=options["campaign"])
        if options["number"]:
            order = orders.filter(number=options["number"]).first()
        else:
            order = orders.filter(published=True).first() or orders.order_by("-number").first()
        if order is None:
            raise CommandError(f"no such version of «{options['campaign']}»")
        analogs = match_order(order)
        positions = order.positions.count()
        self.stdout.write(f"{order}: {len(analogs)} analogs for {len({a.position_id for a in analogs})} of "
                          f"{positions} positions")
