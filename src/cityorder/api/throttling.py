"""API request rates per signed-in user and per anonymous address, read from settings.API_THROTTLE_RATES.

DRF binds its rate table when the classes are defined; reading the setting on each request lets a deployment
(and a test) change the rates without re-importing DRF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

if TYPE_CHECKING:  # DRF's views import the throttle classes named in settings: no import of them here at run time
    from rest_framework.request import Request
    from rest_framework.views import APIView


class _RatesFromSettings:
    scope: str

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)


class UserThrottle(_RatesFromSettings, UserRateThrottle):
    scope = "user"


class AnonymousThrottle(_RatesFromSettings, AnonRateThrottle):
    scope = "anon"


class TokenThrottle(_RatesFromSettings, SimpleRateThrottle):
    """Requests for a token, counted per address whoever they name: a password guesser gets few tries a minute."""

    scope = "token"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
