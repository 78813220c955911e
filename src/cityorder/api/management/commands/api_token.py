from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from cityorder.accounts.models import User


class Command(BaseCommand):
    help = "Print a user's API token, creating it if needed. Example: cityorder api_token analyst"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user «{options['username']}»")
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
