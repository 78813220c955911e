"""Sign-in lockout after repeated wrong passwords (django-axes), answered in the reader's language.

Pages and the token endpoint both sign in through ``authenticate(request, …)``, so one count of failures per
account and per address covers them; the middleware turns a locked-out attempt into ``locked_out``'s answer.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Counts attempts that come with a request; a call without one (a shell, a command) is not a network login."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return _(
        "Too many failed sign-in attempts. Signing in is blocked for %(minutes)s minutes for this account and "
        "address; try again later or ask the administrator to unlock the account."
    ) % {"minutes": lockout_minutes()}


def locked_out(request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any,
               **kwargs: Any) -> HttpResponse:
    """429 with the reason: JSON for API clients, the product's page for people."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"message": lockout_message()}, status=429)
    response["Retry-After"] = retry_after
    return response
