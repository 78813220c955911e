from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cityorder.registry.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo registry (three clusters, ~40 EV members, SEZ sites, city customers) and one demo user "
        "per role, then print their logins. Safe to run again. Example: cityorder load_demo"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Logins (username / password — role, organization):"))
        for username, password, role, organization in logins:
            self.stdout.write(f"  {username:<12} / {password:<22} — {role}, {organization}")
