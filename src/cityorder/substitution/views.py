"""Import-substitution pages: thin views over substitution.queries (reads) and substitution.services (changes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from cityorder.accounts import access
from cityorder.engine.substitution import ALL
from cityorder.order.exporting import FORMATS
from cityorder.order.exporting import render as render_table
from cityorder.order.models import CityOrder, Position
from cityorder.registry.models import Organization
from cityorder.substitution import queries, services
from cityorder.substitution.exporting import gaps_table
from cityorder.substitution.filters import CatalogFilter
from cityorder.substitution.forms import OfferForm, ReferenceFileForm, VerdictForm
from cityorder.substitution.models import Analog, CatalogItem, CrossReference, Offer, Origin
from cityorder.substitution.tables import CatalogTable


def _department(request: HttpRequest) -> None:
    if not access.can_manage_campaigns(request.user):
        raise PermissionDenied


def _order(request: HttpRequest, pk: int) -> CityOrder:
    if not access.can_manage_campaigns(request.user):
        raise Http404
    return get_object_or_404(CityOrder.objects.select_related("campaign"), pk=pk)


def _errors(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _department(request)
    orders = (CityOrder.objects.select_related("campaign").annotate(analog_count=Count("analogs"))
              .order_by("campaign__code", "-number"))
    rows = [{"order": o, "job": queries.latest_matching_job(o)} for o in orders]
    counts = CatalogItem.objects.aggregate(domestic=Count("pk", filter=Q(origin=Origin.DOMESTIC)),
                                           foreign=Count("pk", filter=Q(origin=Origin.FOREIGN)))
    return render(request, "substitution/index.html", {
        "rows": rows, "counts": counts, "xrefs": CrossReference.objects.count(), "form": ReferenceFileForm(),
    })


@login_required
@require_POST
def reference_upload(request: HttpRequest, kind: str) -> HttpResponse:
    _department(request)
    form = ReferenceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect("substitution:index")
    upload = form.cleaned_data["file"]
    importer = services.catalog_import if kind == "catalog" else services.xref_import
    outcome = importer(actor=request.user, name=upload.name, data=upload.read())  # type: ignore[arg-type]
    if outcome.ok:
        messages.success(request, _("%(file)s: %(created)s added, %(updated)s updated.")
                         % {"file": outcome.file, "created": outcome.created, "updated": outcome.updated})
    else:
        messages.error(request, _("%(file)s: nothing was stored; fix these rows and upload again:")
                       % {"file": outcome.file} + " " + " | ".join(outcome.errors[:20]))
    return redirect("substitution:index")


@login_required
@require_POST
def registry_sync(request: HttpRequest) -> HttpResponse:
    _department(request)
    count = services.catalog_sync_registry()
    messages.success(request, _("The catalog holds %(count)s products of the registry's producers.") % {"count": count})
    return redirect("substitution:index")


@login_required
@require_POST
def match(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    services.matching_start(actor=request.user, order=order)  # type: ignore[arg-type]
    return redirect("substitution:index")


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    _department(request)
    found = CatalogFilter(request.GET, queryset=CatalogItem.objects.select_related("organization"))
    table = CatalogTable(found.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "substitution/catalog.html", {"table": table, "filter": found})


def _shares_by_category(computed: queries.OrderCoverage) -> list[dict[str, Any]]:
    names = queries.category_names()
    categories = sorted({s.category for s in computed.coverage.shares if s.category != ALL},
                        key=lambda c: names.get(c, c))
    rows = []
    for category in [ALL, *categories]:
        rows.append({"category": category, "label": names.get(category, category) if category else _("All"),
                     "years": [computed.coverage.share(category, y) for y in computed.coverage.years]})
    return rows


@login_required
def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    computed = queries.coverage_for(order)
    years = computed.coverage.years
    totals = [computed.coverage.share(ALL, y) for y in years]
    chart = {
        "years": years,
        "covered": [round(100 * s.positions_covered / s.positions, 1) if s and s.positions else 0 for s in totals],
        "short": [round(100 * (s.positions_with_analog - s.positions_covered) / s.positions, 1)
                  if s and s.positions else 0 for s in totals],
        "none": [round(100 * (s.positions - s.positions_with_analog) / s.positions, 1)
                 if s and s.positions else 0 for s in totals],
        "quantity": [round(100 * s.quantity_covered / s.quantity, 1) if s and s.quantity else 0 for s in totals],
        "labels": {"covered": _("covered"), "short": _("analog exists, capacity short"), "none": _("no analog"),
                   "quantity": _("share of quantity covered")},
    }
    return render(request, "substitution/coverage.html", {
        "order": order, "years": years, "rows": _shares_by_category(computed), "chart": chart,
        "analogs": Analog.objects.filter(order=order).count(),
    })


@login_required
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    computed = queries.coverage_for(order)
    items, categories = queries.capacity_vs_demand(order, computed)
    years = computed.coverage.years
    return render(request, "substitution/capacity.html", {
        "order": order, "years": years,
        "items": [(row, [(row.capacity.get(y, 0), row.demand.get(y, 0), row.balance(y)) for y in years])
                  for row in items],
        "categories": [(row, [(row.capacity.get(y, 0), row.demand.get(y, 0), row.balance(y)) for y in years])
                       for row in categories],
    })


@login_required
def gaps(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    computed = queries.coverage_for(order)
    names = queries.category_names()
    by_category: dict[str, dict[str, Any]] = {}
    rows = []
    for gap in computed.coverage.gaps:
        position = computed.positions[gap.position_id]
        none = all(str(s) == "none" for s in gap.statuses.values())
        rows.append({"gap": gap, "position": position, "none": none,
                     "shortfall": [gap.shortfall.get(y, 0) for y in computed.coverage.years]})
        group = by_category.setdefault(gap.category, {"label": names.get(gap.category, gap.category),
                                                      "positions": 0, "total": 0.0, "none": 0})
        group["positions"] += 1
        group["total"] += gap.total
        group["none"] += none
    return render(request, "substitution/gaps.html", {
        "order": order, "years": computed.coverage.years, "rows": rows,
        "categories": sorted(by_category.values(), key=lambda g: -g["total"]), "formats": FORMATS,
    })


@login_required
def gaps_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    order = _order(request, pk)
    if fmt not in FORMATS:
        raise Http404
    content, content_type = render_table(gaps_table(order, queries.coverage_for(order)), fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="gaps-{order.campaign.code}-v{order.number}.{fmt}"'
    return response


@login_required
def roadmap(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    computed = queries.coverage_for(order)
    names = queries.category_names()
    years = computed.coverage.years
    steps = sorted(computed.coverage.roadmap, key=lambda s: (s.first_full_year or 9999, names.get(s.category, "")))
    rows = [{"step": s, "label": names.get(s.category, s.category),
             "years": [(y, y in s.years_covered) for y in years]} for s in steps]
    return render(request, "substitution/roadmap.html", {"order": order, "years": years, "rows": rows})


@login_required
def position_analogs(request: HttpRequest, pk: int, position_id: str) -> HttpResponse:
    order = _order(request, pk)
    position = get_object_or_404(Position, order=order, position_id=position_id)
    if request.method == "POST":
        form = VerdictForm(request.POST)
        if form.is_valid():
            item = get_object_or_404(CatalogItem, pk=form.cleaned_data["item"])
            services.analog_decide(actor=request.user, position_key=position.key, item=item,  # type: ignore[arg-type]
                                   verdict=form.cleaned_data["verdict"])
            messages.success(request, _("Decision saved; it applies to this position in every later version."))
        return redirect("substitution:position_analogs", pk=order.pk, position_id=position.position_id)
    return render(request, "substitution/position_analogs.html", {
        "order": order, "position": position, "analogs": queries.analogs_of(position),
    })


# The producer's page ---------------------------------------------------------------------------------------------


def _producer(request: HttpRequest, pk: int) -> Organization:
    organization = get_object_or_404(Organization, pk=pk)
    if not access.can_see_forecast_of(request.user, organization):
        raise Http404
    return organization


@login_required
def my_forecast(request: HttpRequest) -> HttpResponse:
    organization = getattr(request.user, "organization", None)
    if organization is None or not access.can_see_forecast_of(request.user, organization):
        raise Http404
    return redirect("substitution:producer", pk=organization.pk)


def _offer_form(organization: Organization, years: list[int], data: Any = None, initial: Any = None) -> OfferForm:
    items = CatalogItem.objects.filter(organization=organization, origin=Origin.DOMESTIC)
    return OfferForm(data, items=items, years=years, initial=initial)


def _horizon(forecast: queries.Forecast) -> list[int]:
    return forecast.years or list(range(2026, 2031))


@login_required
def producer(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _producer(request, pk)
    forecast = queries.producer_forecast(organization)
    years = _horizon(forecast)
    form = _offer_form(organization, years)
    if request.method == "POST":
        form = _offer_form(organization, years, request.POST)
        if form.is_valid():
            try:
                services.offer_create(actor=request.user, organization=organization,  # type: ignore[arg-type]
                                      item=form.cleaned_data["item"], volumes=form.volumes(),
                                      from_year=form.cleaned_data["from_year"], price=form.cleaned_data["price"],
                                      note=form.cleaned_data["note"])
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("The offer is saved; it counts as capacity in the coverage analysis."))
                return redirect("substitution:producer", pk=organization.pk)
    products = organization.products.select_related("category").prefetch_related("capacities")
    return render(request, "substitution/producer.html", {
        "organization": organization, "forecast": forecast, "years": years,
        "by_product": [(row, [row.quantities.get(y, 0) for y in years]) for row in forecast.by_product],
        "by_category": [(row, [row.quantities.get(y, 0) for y in years]) for row in forecast.by_category],
        "products": [(p, [next((c.quantity for c in p.capacities.all() if c.year == y), None) for y in years])
                     for p in products],
        "offers": [(o, [o.volumes.get(str(y)) for y in years]) for o in queries.offers_of(organization)],
        "form": form, "chart": queries.chart_data(forecast),
        "can_edit": access.can_edit_products_of(request.user, organization),
    })


@login_required
@require_POST
def offer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer, pk=pk)
    _producer(request, offer.organization_id)
    services.offer_delete(actor=request.user, offer=offer)  # type: ignore[arg-type]
    messages.success(request, _("The offer is deleted."))
    return redirect("substitution:producer", pk=offer.organization_id)
