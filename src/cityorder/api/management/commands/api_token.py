"""cityorder api_token: print a user's API token, creating it on first use."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print a user's API token, creating it if the user has none. Send it as the header "
        "«Authorization: Token <key>». Example: cityorder api_token alice"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the user's login")
        parser.add_argument("--reset", action="store_true", help="replace the user's token with a new one")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("There is no user «%(username)s».") % {"username": options["username"]})
        if not user.is_active:
            raise CommandError(_("The user «%(username)s» is inactive.") % {"username": user.username})
        if options["reset"]:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
