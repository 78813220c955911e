"""Django's makemessages, also collecting the engine's message templates (cityorder.engine.messages)."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    help = ("Django's makemessages that also collects texts declared with template() in the engine. "
            "Run through the Makefile: make makemessages (it runs "
            "«cityorder makemessages -l ru -l en --no-location --no-obsolete» in src/cityorder).")
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=template"]
