from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cityorder.registry import access, queries


@login_required
def home(request: HttpRequest) -> HttpResponse:
    counts = queries.dashboard_counts(request.user)
    stats = [
        (_("Clusters"), counts["clusters"], reverse("registry:cluster_list")),
        (_("Cluster members"), counts["members"], reverse("registry:organization_list") + "?member=1"),
        (_("Organizations"), counts["organizations"], reverse("registry:organization_list")),
        (_("SEZ residents"), counts["sez_residents"], reverse("registry:organization_list") + "?sez=true"),
        (_("Products"), counts["products"], reverse("registry:product_list")),
    ]
    return render(request, "web/home.html", {
        "stats": stats, "clusters": queries.clusters_for(request.user),
        "can_import": access.can_import_registry(request.user),
    })


@login_required
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    organizations, products = queries.global_search(request.user, q)
    return render(request, "web/search.html", {"q": q, "organizations": organizations, "products": products})
