"""cityorder import_demand: demand a customer sent by mail, read into a campaign and counted as accepted."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cityorder.accounts.models import User
from cityorder.demand import services
from cityorder.demand.models import Campaign
from cityorder.registry import services as registry_services
from cityorder.registry.models import Organization, OrganizationKind

EXAMPLE = (
    "Example: cityorder import_demand --campaign ekb-2026 --customer 7701234567 school1.xlsx school1-extra.csv "
    "(add --create to create a missing campaign or customer organization; --name and --title name them)."
)
_YEARS = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")


class Command(BaseCommand):
    help = (
        "Import a customer's demand files received by mail into a campaign; the lines count as accepted. "
        "A file imported before (same checksum) is skipped; an unreadable file changes nothing. " + EXAMPLE
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="demand files: xlsx, xls, xlsb, ods, csv")
        parser.add_argument("--campaign", required=True, help="campaign code, e.g. ekb-2026")
        parser.add_argument("--customer", required=True, help="INN of the customer organization")
        parser.add_argument("--create", action="store_true",
                            help="create the campaign or the customer organization if missing")
        parser.add_argument("--name", help="with --create: the customer's short name (default: «ИНН <inn>»)")
        parser.add_argument("--title", help="with --create: the campaign's title (default: its code)")
        parser.add_argument("--years", help="with --create: the campaign's years, e.g. 2026-2030 "
                                            "(default: this year and the four after)")
        parser.add_argument("--as-user", help="username recorded as the importer (default: the first superuser)")

    def handle(self, *args: Any, **options: Any) -> None:
        missing = [str(p) for p in options["files"] if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        actor = self._actor(options["as_user"])
        try:
            campaign = self._campaign(options, actor)
            customer = self._customer(options, actor)
            outcomes = services.import_demand(
                campaign=campaign, customer=customer, actor=actor,
                files=[(p.name, p.read_bytes()) for p in options["files"]],
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        for name, outcome in outcomes:
            self.stdout.write(f"{name}: {outcome}")
        self.stdout.write(f"«{campaign.code}», {customer.short_name} ({customer.inn}): accepted")

    def _actor(self, username: str | None) -> User | None:
        qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
        actor = qs.order_by("pk").first()
        if username and actor is None:
            raise CommandError(f"no user «{username}»")
        return actor

    def _campaign(self, options: dict[str, Any], actor: User | None) -> Campaign:
        campaign = Campaign.objects.filter(code=options["campaign"]).first()
        if campaign is not None:
            return campaign
        if not options["create"]:
            raise CommandError(f"no campaign «{options['campaign']}»; add --create to create it")
        first, last = self._years(options["years"])
        return services.campaign_create(actor=self._creator(actor), code=options["campaign"],
                                        title=options["title"] or options["campaign"], year_from=first, year_to=last)

    def _customer(self, options: dict[str, Any], actor: User | None) -> Organization:
        inn = options["customer"].strip()
        customer = Organization.objects.filter(inn=inn).first()
        if customer is not None:
            return customer
        if not options["create"]:
            raise CommandError(f"no organization with INN {inn}; add --create (and --name) to create it")
        name = options["name"] or f"ИНН {inn}"
        return registry_services.organization_create(
            actor=self._creator(actor), inn=inn, short_name=name, full_name=name,
            kind=OrganizationKind.SUBORDINATE,
        )

    @staticmethod
    def _creator(actor: User | None) -> User:
        if actor is None:
            raise CommandError("creating needs a user: pass --as-user or create one (cityorder createsuperuser)")
        return actor

    @staticmethod
    def _years(text: str | None) -> tuple[int, int]:
        if not text:
            year = timezone.localdate().year
            return year, year + 4
        match = _YEARS.match(text.strip())
        if not match or int(match[1]) > int(match[2]):
            raise CommandError(f"--years «{text}»: write them as 2026-2030")
        return int(match[1]), int(match[2])
