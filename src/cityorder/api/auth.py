"""The token endpoint: DRF's, with few requests a minute per address (a password guesser gets few tries) on top of
the per-account lockout every sign-in shares (cityorder.accounts.lockout)."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.throttling import TokenThrottle


class TokenView(ObtainAuthToken):
    throttle_classes = [TokenThrottle]

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        finally:
            # django-axes flags a locked-out attempt on the request it was given, here DRF's wrapper; its middleware
            # looks at Django's request, so the flag is passed on for the lockout answer to replace this one.
            if getattr(request, "axes_locked_out", False):
                request._request.axes_locked_out = True  # type: ignore[attr-defined]
