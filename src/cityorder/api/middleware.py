"""API clients get JSON for every error, whatever DEBUG says and wherever the error arose.

DRF views already answer in JSON (cityorder.api.errors); this covers what happens outside them: an unknown
route (Django's 404 page, its debug page when DEBUG is on), a CSRF refusal, an exception in a plain view.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

log = logging.getLogger("cityorder.api")
API_PREFIX = "/api/"


def _is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "")
    return content_type.startswith("application/json") or "+json" in content_type


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400 or _is_json(response):
            return response
        return self._json(response.status_code, response)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, Exception) and type(exception).__name__ in ("Http404", "Resolver404"):
            return self._json(404)
        log.exception("Unhandled error in %s", request.path, exc_info=exception)
        return self._json(500)

    @staticmethod
    def _json(status: int, original: HttpResponse | None = None) -> JsonResponse:
        detail = {
            404: _("Not found."),
            403: _("You do not have permission to perform this action."),
            500: _("Server error; the administrator has been told."),
        }.get(status) or HTTPStatus(status).phrase
        response = JsonResponse({"detail": detail}, status=status)
        if original is not None and original.has_header("Retry-After"):
            response["Retry-After"] = original["Retry-After"]
        return response
