from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, path prefix that marks it active)
NAV = (
    ("registry:cluster_list", _("Clusters"), "/clusters/"),
    ("registry:organization_list", _("Organizations"), "/organizations/"),
    ("registry:product_list", _("Products"), "/products/"),
    ("registry:supplier_search", _("Supplier search"), "/suppliers/"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    items = [
        {"url": reverse(name), "label": label, "active": request.path.startswith(prefix)}
        for name, label, prefix in NAV
    ]
    return {"nav_items": items, "nav_query": request.GET.get("q", "") if request.path == reverse("web:search") else ""}
