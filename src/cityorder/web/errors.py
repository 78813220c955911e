"""The product's own error pages in the reader's language, and JSON for API clients (paths under /api/).

Django's bare «403 Forbidden» and its English 404/500 pages never reach a user.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error(request: HttpRequest, status: int, title: str, explanation: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": explanation}, status=status)
    return render(request, "web/error.html", {"status": status, "title": title, "explanation": explanation},
                  status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("Access denied"),
                  _("You do not have permission to open this page. If you think you should, ask the department's "
                    "administrator."))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Page not found"),
                  _("There is no such page, or it is not available to you. Check the address or go to the home page."))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403, _("The form has expired"),
                  _("The page was open too long or cookies are blocked. Go back, reload the page and send the form "
                    "again."))


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the page context: whatever failed may be what the base template needs."""
    explanation = _("Something went wrong on the server; the administrator has been told. Try again in a few minutes.")
    if _wants_json(request):
        return JsonResponse({"detail": explanation}, status=500)
    body = loader.get_template("web/error_plain.html").render(
        {"status": 500, "title": _("Server error"), "explanation": explanation}
    )
    return HttpResponse(body, status=500)
