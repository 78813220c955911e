"""JSON error bodies for API clients, whatever DEBUG says: DRF's own errors as DRF writes them, and an unexpected
exception as a 500 with a short JSON body (the traceback goes to the log, never to the client)."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

log = logging.getLogger("cityorder.api")


def json_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    response = exception_handler(exc, context)
    if response is not None:
        return response
    view = context.get("view")
    log.exception("Unhandled error in %s", type(view).__name__ if view else "the API", exc_info=exc)
    return Response({"detail": _("Server error; the administrator has been told.")},
                    status=status.HTTP_500_INTERNAL_SERVER_ERROR)
