"""cityorder remind_late: e-mail every customer past a campaign's deadline without a handed-in submission."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.accounts.models import User
from cityorder.accounts.roles import DEPARTMENT_ROLES
from cityorder.demand.models import Campaign, CampaignStatus
from cityorder.demand.reminders import reminders_send

EXAMPLE = ("Example: cityorder remind_late --campaign ekb-2026 --base-url https://cityorder.mos.example "
           "(without --campaign: every open campaign; mail goes through EMAIL_BACKEND).")


class Command(BaseCommand):
    help = "Send a reminder e-mail to each late customer of a campaign. " + EXAMPLE

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", help="campaign code, e.g. ekb-2026; default: every open campaign")
        parser.add_argument("--user", help="the analyst the reminders are sent as (default: the first one)")
        parser.add_argument("--base-url", default="", help="the site's address, for the link in the e-mail")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options["user"])
        campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN)
        if options["campaign"]:
            campaigns = Campaign.objects.filter(code=options["campaign"])
            if not campaigns.exists():
                raise CommandError(f"No campaign with the code {options['campaign']!r}.")
        for campaign in campaigns.order_by("code"):
            try:
                outcome = reminders_send(actor=actor, campaign=campaign, base_url=options["base_url"])
            except PermissionDenied as exc:
                raise CommandError(f"{actor.username} may not send reminders.") from exc
            self.stdout.write(f"{campaign.code}: {len(outcome.sent)} reminder(s) sent"
                              + (f"; no e-mail address for {', '.join(o.short_name for o in outcome.without_address)}"
                                 if outcome.without_address else ""))

    def _actor(self, username: str | None) -> User:
        users = User.objects.filter(is_active=True, role__in=DEPARTMENT_ROLES).order_by("pk")
        actor = users.filter(username=username).first() if username else users.first()
        if actor is None:
            raise CommandError(f"No active analyst {username!r}." if username else "No active analyst to send as.")
        return actor
