from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav_query": request.GET.get("q", "") if request.method == "GET" else ""}
