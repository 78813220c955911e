from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cityorder.accounts import access
from cityorder.accounts.roles import Role
from cityorder.demand import access as demand_access
from cityorder.demand import queries as demand_queries
from cityorder.demand.models import Campaign
from cityorder.demand.reminders import reminders_send
from cityorder.order import access as order_access
from cityorder.registry import access as registry_access
from cityorder.registry import queries
from cityorder.web import home as work
from cityorder.web.search import global_search


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    counts = queries.dashboard_counts(user)
    stats = [
        (_("Clusters"), counts["clusters"], reverse("registry:cluster_list")),
        (_("Cluster members"), counts["members"], reverse("registry:organization_list") + "?member=1"),
        (_("Organizations"), counts["organizations"], reverse("registry:organization_list")),
        (_("SEZ residents"), counts["sez_residents"], reverse("registry:organization_list") + "?sez=true"),
        (_("Products"), counts["products"], reverse("registry:product_list")),
    ]
    role = getattr(user, "role", "")
    context = {
        "stats": stats, "clusters": queries.clusters_for(user),
        "can_import": registry_access.can_import_registry(user),
        "department": work.department_work(user) if demand_access.can_manage_campaigns(user) else None,
        "customer": work.customer_work(user) if role == Role.CUSTOMER else None,
        "manufacturer": work.manufacturer_work(user) if access.is_manufacturer(user) else None,
        "coordinated": work.coordinator_clusters(user) if role == Role.COORDINATOR else None,
    }
    return render(request, "web/home.html", context)


@login_required
@require_POST
def remind(request: HttpRequest, code: str) -> HttpResponse:
    """Send the reminders of one campaign's late customers (the department's button on the home page)."""
    if not demand_access.can_manage_campaigns(request.user):
        raise PermissionDenied
    try:
        campaign = demand_queries.campaign_for(request.user, code)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc
    outcome = reminders_send(actor=request.user, campaign=campaign,  # type: ignore[arg-type]
                             base_url=request.build_absolute_uri("/"))
    if outcome.sent:
        messages.success(request, _("Reminders sent to %(names)s.")
                         % {"names": ", ".join(o.short_name for o in outcome.sent)})
    if outcome.without_address:
        messages.warning(request, _("No e-mail address known for %(names)s: call them or add an address.")
                         % {"names": ", ".join(o.short_name for o in outcome.without_address)})
    if not outcome.sent and not outcome.without_address:
        messages.info(request, _("No customer of this campaign is late."))
    return redirect("web:home")


@login_required
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    found = global_search(request.user, q)
    return render(request, "web/search.html", {
        "q": q, "found": found, "organizations": found.organizations, "products": found.products,
        "can_see_order": order_access.can_see_order(request.user), "department": access.is_department(request.user),
    })
