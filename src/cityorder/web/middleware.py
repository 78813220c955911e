from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class RussianByDefaultMiddleware:
    """The interface is Russian until the user chooses English with the switch (a cookie).

    Runs before LocaleMiddleware and hides the browser's Accept-Language, so an official whose browser
    happens to be set to English still sees the Russian interface the department works in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
