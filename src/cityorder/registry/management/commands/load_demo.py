from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from cityorder.accounts.models import User
from cityorder.cooperation.demo import load_cooperation_demo
from cityorder.demand.demo import load_demand_demo
from cityorder.registry.demo import load_demo
from cityorder.tenders.demo import load_tender_demo

EXAMPLE = "Example: cityorder load_demo"


class Command(BaseCommand):
    help = (
        "Load the demo registry (three clusters, ~40 EV members, SEZ sites, city customers), a demand campaign with "
        "two customers' files consolidated into a published city order, the EV cluster's cooperation projects "
        "(e-bus plant, charging station, e-van, battery pack) with their BOMs and suppliers, the battery offset "
        "tender (five lots, bids opened and evaluated, one award), and one demo user per role, then print their "
        "logins. Safe to run again. " + EXAMPLE
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EXAMPLE
        return parser

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        analyst = User.objects.get(username="analyst")
        load_demand_demo(analyst)
        load_cooperation_demo(User.objects.get(username="coordinator"))
        logins += load_tender_demo()
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded. Demo logins:")))
        rows = [(_("username"), _("password"), _("role"), _("organization")), *logins]
        widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
        for n, (username, password, role, organization) in enumerate(rows):
            self.stdout.write(
                f"  {username:<{widths[0]}} / {password:<{widths[1]}}  {role:<{widths[2]}}  {organization}"
            )
            if n == 0:
                self.stdout.write("  " + "-" * (sum(widths) + 7 + max(len(r[3]) for r in rows)))
