from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from cityorder.accounts.access import is_manufacturer
from cityorder.cooperation import access as cooperation_access
from cityorder.demand.access import can_manage_campaigns, can_see_demand
from cityorder.order.access import can_see_order
from cityorder.substitution.access import can_analyse
from cityorder.tenders import access as tender_access

# The navbar: sections, each with (url name, label, path prefix that marks it active[, who sees it]).
# «Who sees it» is a function of the user from the apps' access rules; a section without visible entries is not shown.
NAV: tuple[tuple[Any, tuple[tuple[Any, ...], ...]], ...] = (
    (_("Registry"), (
        ("registry:cluster_list", _("Clusters"), "/clusters/"),
        ("registry:organization_list", _("Organizations"), "/organizations/"),
        ("registry:product_list", _("Products"), "/products/"),
        ("registry:supplier_search", _("Supplier search"), "/suppliers/"),
    )),
    (_("Demand"), (
        ("demand:campaign_list", _("Campaigns"), "/demand/campaigns/", can_see_demand),
        ("demand:review_queue", _("Awaiting review"), "/demand/review/", can_manage_campaigns),
        ("order:index", _("City order"), "/order/", can_see_order),
    )),
    (_("Import substitution"), (
        ("substitution:index", _("Analysis"), "/substitution/versions/", can_analyse),
        ("substitution:catalog", _("Catalog"), "/substitution/catalog/", can_analyse),
        ("substitution:my_forecast", _("My forecast"), "/substitution/producers/", is_manufacturer),
    )),
    (_("Cooperation"), (
        ("cooperation:project_list", _("Projects"), "/cooperation/", cooperation_access.can_see_projects),
        ("cooperation:where_used", _("Where used"), "/cooperation/where-used/", cooperation_access.can_see_projects),
        ("cooperation:registry", _("PP 719 registry"), "/cooperation/registry-719/",
         cooperation_access.can_import_industrial_registry),
    )),
    (_("Offset tenders"), (
        ("tenders:list", _("Tenders"), "/tenders/", tender_access.can_see_tenders),
        ("tenders:my_bids", _("My bids"), "/tenders/bids/", tender_access.is_bidder),
    )),
)


@lru_cache(maxsize=256)
def _path(name: str, script_prefix: str) -> str:
    """The navbar's paths are the same on every request (for a given script prefix): reversed once each, not the
    fifteen of them on every page."""
    return reverse(name)


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    sections = []
    prefix_of_script = get_script_prefix()
    for label, entries in NAV:
        items = [
            {"url": _path(name, prefix_of_script), "label": item_label, "active": request.path.startswith(prefix)}
            for name, item_label, prefix, *who in entries
            if not who or who[0](request.user)
        ]
        if not items:
            continue
        sections.append({"label": label, "items": items, "active": any(i["active"] for i in items)})
    return {"nav_sections": sections,
            "nav_query": request.GET.get("q", "") if request.path == _path("web:search", prefix_of_script) else ""}
