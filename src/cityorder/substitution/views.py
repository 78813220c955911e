"""Import-substitution pages: thin views over substitution.queries (reads) and substitution.services (changes).

The analysis pages belong to the department; a producer's page shows only aggregates of the published order.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from cityorder.accounts.access import is_manufacturer
from cityorder.cooperation.queries import projects_of_positions
from cityorder.cooperation.suppliers import catalog_registry_entries
from cityorder.engine.output.csv_files import safe_cell
from cityorder.engine.substitution import ALL
from cityorder.engine.substitution.coverage import Share
from cityorder.order.exporting import FORMATS
from cityorder.order.exporting import render as render_table
from cityorder.order.models import CityOrder, Position
from cityorder.order.queries import unit_label
from cityorder.registry.models import Organization
from cityorder.substitution import access, queries, services, stored
from cityorder.substitution.exporting import gaps_file_name, gaps_table
from cityorder.substitution.filters import CatalogFilter
from cityorder.substitution.forms import (
    CATALOG_CAPACITY,
    CATALOG_COLUMNS,
    CATALOG_OPTIONAL,
    COMPATIBILITIES,
    ORIGINS,
    XREF_COLUMNS,
    OfferForm,
    ReferenceFileForm,
    VerdictForm,
)
from cityorder.substitution.models import Analog, CrossReference, Offer
from cityorder.substitution.tables import CatalogTable
from cityorder.web.paging import CountedPaginator
from cityorder.web.stored_text import shown

UPLOAD_KINDS = {"catalog": services.catalog_import, "xrefs": services.xref_import}
PER_PAGE = 50  # rows of a stored list (gaps, products) per page


def _department(request: HttpRequest) -> None:
    if not access.can_analyse(request.user):
        raise PermissionDenied


def _order(request: HttpRequest, pk: int) -> CityOrder:
    # Outside the department an order version's analysis does not exist, as the order pages answer.
    return get_object_or_404(access.analysed_orders(request.user).select_related("campaign"), pk=pk)


def _percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# The department's analysis ---------------------------------------------------------------------------------------


def _index_page(request: HttpRequest, outcome: services.ImportOutcome | None = None,
                kind: str = "", form: ReferenceFileForm | None = None) -> HttpResponse:
    return render(request, "substitution/index.html", {
        "rows": queries.versions_for_analysis(), "counts": queries.catalog_counts(),
        "xrefs": CrossReference.objects.count(),
        "outcome": outcome, "kind": kind, "form": form,
        "catalog_columns": CATALOG_COLUMNS, "catalog_optional": CATALOG_OPTIONAL, "origins": ORIGINS,
        "capacity_column": CATALOG_CAPACITY % {"year": timezone.localdate().year + 1},
        "xref_columns": XREF_COLUMNS, "compatibilities": COMPATIBILITIES,
    })


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _department(request)
    return _index_page(request)


@login_required
@require_POST
def reference_upload(request: HttpRequest, kind: str) -> HttpResponse:
    """A catalog or cross-reference file: stored whole, or refused with every row error listed on the page."""
    _department(request)
    if kind not in UPLOAD_KINDS:
        raise Http404
    form = ReferenceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index_page(request, kind=kind, form=form)
    upload = form.cleaned_data["file"]
    outcome = UPLOAD_KINDS[kind](actor=request.user, name=upload.name, data=upload.read())  # type: ignore[arg-type]
    if not outcome.ok:
        return _index_page(request, outcome=outcome, kind=kind)
    messages.success(request, _("%(file)s: %(created)s added, %(updated)s updated.")
                     % {"file": outcome.file, "created": outcome.created, "updated": outcome.updated})
    for note in outcome.notes:
        messages.info(request, shown(note))
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
    return redirect(f"{reverse('substitution:index')}#version-{order.pk}")


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    _department(request)
    items = access.visible_catalog_items(request.user).select_related("organization")
    found = CatalogFilter(request.GET, queryset=items)
    table = CatalogTable(found.qs, category_names=queries.category_names())
    # the whole catalog's count is stored: an exact COUNT(*) of 1M products took 250 ms; a filtered list counts
    paginate = {"per_page": 50, "paginator_class": CountedPaginator, "count": queries.catalog_count(found.qs)}
    RequestConfig(request, paginate=paginate).configure(table)
    table.registry = catalog_registry_entries(row.record for row in table.paginated_rows)
    return render(request, "substitution/catalog.html", {"table": table, "filter": found})


def _coverage_cell(share: Share | None) -> dict[str, Any] | None:
    """A category's year as the table shows it: positions by status and the three shares."""
    if share is None or not share.positions:
        return None
    return {
        "covered": share.positions_covered,
        "short": share.positions_with_analog - share.positions_covered,
        "none": share.positions - share.positions_with_analog,
        "positions": _percent(share.positions_covered, share.positions),
        "quantity": _percent(share.quantity_covered, share.quantity),
        "own": share.positions_own,
        # A value share speaks only of the priced part of the demand; the page always says how large that part is.
        "value": _percent(share.value_covered, share.value) if share.priced_positions else None,
        "priced": _percent(share.priced_quantity, share.quantity),
        "priced_positions": share.priced_positions, "all_positions": share.positions,
    }


def _coverage_rows(summary: queries.CoverageSummary) -> list[dict[str, Any]]:
    names = queries.category_names()
    categories = sorted({s.category for s in summary.shares if s.category != ALL}, key=lambda c: names.get(c, c))
    return [
        {"category": category, "label": names.get(category, category) if category else _("All categories"),
         "cells": [_coverage_cell(summary.share(category, y)) for y in summary.years]}
        for category in [ALL, *categories]
    ]


def _coverage_chart(summary: queries.CoverageSummary) -> dict[str, Any]:
    """Stacked shares of positions by status per year, and the line of the quantity share."""
    cells = [_coverage_cell(summary.share(ALL, y)) for y in summary.years]

    def share_of(status: str) -> list[float]:
        return [_percent(c[status], c["covered"] + c["short"] + c["none"]) or 0 if c else 0 for c in cells]

    return {
        "years": summary.years,
        "covered": share_of("covered"), "short": share_of("short"), "none": share_of("none"),
        "quantity": [(c["quantity"] or 0) if c else 0 for c in cells],
        "labels": {"covered": _("covered"), "short": _("analog exists, capacity short"), "none": _("no analog"),
                   "quantity": _("share of quantity covered")},
    }


def _stored(request: HttpRequest, pk: int, tab: str) -> tuple[CityOrder, queries.CoverageSummary | HttpResponse]:
    """The version and its stored coverage's summary, or the page that says it is being computed (no figures of
    other inputs are ever shown meanwhile)."""
    order = _order(request, pk)
    state = stored.coverage_ensure(order)
    if not state.fresh:
        job = state.job
        return order, render(request, "substitution/computing.html", {
            "order": order, "state": state, "tab": tab, "job": job, "poll": job is not None and not job.finished})
    return order, queries.coverage_summary(state)


def _page_of(request: HttpRequest, rows: Any, count: int | None = None) -> Any:
    return CountedPaginator(rows, PER_PAGE, count).get_page(request.GET.get("page"))


@login_required
def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    order, summary = _stored(request, pk, "coverage")
    if isinstance(summary, HttpResponse):
        return summary
    return render(request, "substitution/coverage.html", {
        "order": order, "years": summary.years, "rows": _coverage_rows(summary),
        "chart": _coverage_chart(summary), "analogs": summary.analogs,
    })


def _balance_rows(rows: list[queries.CapacityRow], years: list[int]) -> list[dict[str, Any]]:
    return [{"row": row, "unit": unit_label(row.unit),
             "cells": [(y, row.capacity.get(y, 0), row.demand.get(y, 0), row.balance(y)) for y in years]}
            for row in rows]


def _listing(request: HttpRequest, orderings: dict[str, Any]) -> dict[str, str]:
    """The filters and the sort of a stored list as the GET asks them (unknown values are ignored)."""
    ordering = request.GET.get("sort", "")
    return {"category": request.GET.get("category", "").strip(), "search": request.GET.get("q", "").strip(),
            "ordering": ordering if ordering in orderings else ""}


@login_required
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    order, summary = _stored(request, pk, "capacity")
    if isinstance(summary, HttpResponse):
        return summary
    listing = _listing(request, queries.PRODUCT_ORDERINGS)
    filtered = listing["category"] or listing["search"]
    products = _page_of(request, queries.stored_products(order, **listing), None if filtered else summary.products)
    years = summary.years
    return render(request, "substitution/capacity.html", {
        "order": order, "years": years, "page": products, "listing": listing, "total": summary.products,
        "sorts": [("demand", _("largest demand first")), ("capacity", _("largest capacity first")),
                  ("balance", _("largest shortfall first"))],
        "items": _balance_rows([queries.as_capacity_row(row) for row in products], years),
        "categories": _balance_rows(summary.categories, years),
    })


@login_required
def gaps(request: HttpRequest, pk: int) -> HttpResponse:
    order, summary = _stored(request, pk, "gaps")
    if isinstance(summary, HttpResponse):
        return summary
    names = queries.category_names()
    years = summary.years
    listing = _listing(request, queries.GAP_ORDERINGS)
    status = request.GET.get("status", "")
    filtered = listing["category"] or listing["search"] or status
    found = _page_of(request, queries.stored_gaps(order, status=status, **listing), None if filtered else summary.gaps)
    # A cooperation project's derived demand names its project.
    projects = projects_of_positions(order.pk, positions=[row.position_id for row in found])
    rows = []
    for row in found:
        gap = queries.as_gap(row)
        rows.append({"gap": gap, "position": row.position, "none": row.no_analog, "unit": unit_label(row.position.unit),
                     "shortfall": [gap.shortfall.get(y, 0) for y in years],
                     "projects": projects.get(gap.position_id, [])})
    categories = [{**g, "label": names.get(g["category"], g["category"])} for g in summary.gap_categories]
    return render(request, "substitution/gaps.html", {
        "order": order, "years": years, "rows": rows, "formats": FORMATS, "page": found, "listing": listing,
        "status": status if status in ("none", "short") else "", "total": summary.gaps,
        "sorts": [("shortfall", _("largest shortfall first")), ("value", _("largest shortfall value first")),
                  ("position", _("position id")), ("name", _("name"))],
        "categories": sorted(categories, key=lambda g: (-g["positions"], g["label"])),
    })


@login_required
def gaps_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    order, summary = _stored(request, pk, "gaps")
    if isinstance(summary, HttpResponse):
        return summary
    content, content_type = render_table(gaps_table(order, summary.years, queries.stored_gaps(order)), fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{gaps_file_name(order, fmt)}"'
    return response


@login_required
def roadmap(request: HttpRequest, pk: int) -> HttpResponse:
    order, summary = _stored(request, pk, "roadmap")
    if isinstance(summary, HttpResponse):
        return summary
    names = queries.category_names()
    years = summary.years
    steps = sorted(summary.roadmap,
                   key=lambda s: (s.first_full_year is None, s.first_full_year or 0, names.get(s.category, "")))
    rows = [{"step": s, "label": names.get(s.category, s.category),
             "years": [(y, y in s.years_covered) for y in years]} for s in steps]
    last = (years[-1] + 1) if years else None
    chart = {
        "labels": [row["label"] for row in rows],
        "bars": [[s.first_full_year, last] if s.first_full_year else None for s in steps],
        "min": years[0] if years else None, "max": last,
        "label": _("fully covered"),
    }
    return render(request, "substitution/roadmap.html", {"order": order, "years": years, "rows": rows,
                                                          "chart": chart})


@login_required
def position_analogs(request: HttpRequest, pk: int, position_id: str) -> HttpResponse:
    order = _order(request, pk)
    position = get_object_or_404(Position, order=order, position_id=position_id)
    if request.method == "POST":
        form = VerdictForm(request.POST)
        if not form.is_valid():
            return HttpResponse(status=400)
        analog = get_object_or_404(Analog.objects.select_related("item"), position=position,
                                   item_id=form.cleaned_data["item"])
        services.analog_decide(actor=request.user, position_key=position.key,  # type: ignore[arg-type]
                               item=analog.item, verdict=form.cleaned_data["verdict"],
                               comment=form.cleaned_data["comment"])
        messages.success(request, _("Decision saved; it applies to this position in every later version."))
        return redirect("substitution:position_analogs", pk=order.pk, position_id=position.position_id)
    analogs = queries.analogs_of(position)
    return render(request, "substitution/position_analogs.html", {
        "order": order, "position": position, "analogs": analogs,
        "registry": catalog_registry_entries(a.item for a in analogs),
        "unit": unit_label(position.unit),
    })


# The producer's page ---------------------------------------------------------------------------------------------


def _producer(request: HttpRequest, pk: int) -> Organization:
    """A producer whose forecast the user may open; any other organization is not found, as a missing one."""
    return get_object_or_404(access.producers_for(request.user), pk=pk)


def _own_offer(request: HttpRequest, pk: int) -> Offer:
    """An offer the user may change; another producer's offer is not found, as a missing one."""
    return get_object_or_404(access.editable_offers(request.user).select_related("organization", "item"), pk=pk)


@login_required
def my_forecast(request: HttpRequest) -> HttpResponse:
    organization = getattr(request.user, "organization", None)
    if organization is None or not is_manufacturer(request.user) \
            or not access.can_see_forecast_of(request.user, organization):
        raise Http404
    return redirect("substitution:producer", pk=organization.pk)


def _horizon(forecast: queries.Forecast) -> list[int]:
    # Before any order is published the offers still need years: the next five from now.
    if forecast.years:
        return forecast.years
    start = timezone.now().year
    return list(range(start, start + 5))


def _offer_form(request: HttpRequest, organization: Organization, years: list[int], data: Any = None,
                offer: Offer | None = None) -> OfferForm:
    return OfferForm(data, items=access.offerable_items(request.user, organization), years=years, offer=offer)


def _rows(rows: list[queries.ForecastRow], years: list[int]) -> list[dict[str, Any]]:
    return [{"row": row, "unit": unit_label(row.unit), "cells": [row.quantities.get(y, 0) for y in years]}
            for row in rows]


def _producer_page(request: HttpRequest, organization: Organization, forecast: queries.Forecast,
                   form: OfferForm, editing: Offer | None = None) -> HttpResponse:
    years = _horizon(forecast)
    whole = queries.published_forecast()
    products = organization.products.select_related("category").prefetch_related("capacities")
    offers = [{"offer": o, "cells": [o.volumes.get(str(y)) for y in years]} for o in queries.offers_of(organization)]
    return render(request, "substitution/producer.html", {
        "organization": organization, "forecast": forecast, "years": years,
        "by_product": _rows(forecast.by_product, years), "by_category": _rows(forecast.by_category, years),
        "whole": _rows(whole.by_category, years), "open_data_formats": OPEN_DATA_FORMATS,
        "products": [{"product": p, "cells": [next((c.quantity for c in p.capacities.all() if c.year == y), None)
                                              for y in years]} for p in products],
        "offers": offers, "form": form, "editing": editing, "chart": queries.chart_data(forecast),
        "can_edit": access.can_keep_offers_of(request.user, organization),
    })


def _offer_fields(form: OfferForm) -> dict[str, Any]:
    return {"volumes": form.volumes(), "from_year": form.cleaned_data["from_year"],
            "price": form.cleaned_data["price"], "note": form.cleaned_data["note"]}


@login_required
def producer(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _producer(request, pk)
    forecast = queries.producer_forecast(organization)
    years = _horizon(forecast)
    if request.method != "POST":
        return _producer_page(request, organization, forecast, _offer_form(request, organization, years))
    if not access.can_keep_offers_of(request.user, organization):
        raise PermissionDenied
    form = _offer_form(request, organization, years, request.POST)
    if form.is_valid():
        try:
            services.offer_create(actor=request.user, organization=organization,  # type: ignore[arg-type]
                                  item=form.cleaned_data["item"], **_offer_fields(form))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The offer is saved; it counts as capacity in the coverage analysis."))
            return redirect(f"{_producer_url(organization)}#offers")
    return _producer_page(request, organization, forecast, form)


def _producer_url(organization: Organization) -> str:
    return reverse("substitution:producer", args=[organization.pk])


OPEN_DATA_FORMATS = ("csv", "json")


@login_required
def forecast_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole published order by category and year as open data (CSV or JSON), for producers and the
    department; no customer is named in it."""
    if fmt not in OPEN_DATA_FORMATS:
        raise Http404
    if not (access.is_department(request.user) or access.is_manufacturer(request.user)):
        raise Http404
    forecast = queries.published_forecast()
    rows = queries.open_data_rows(forecast)
    if fmt == "json":
        payload = {"orders": [{"campaign": o.campaign.code, "version": o.number} for o in forecast.orders],
                   "years": forecast.years, "rows": rows}
        response = HttpResponse(json.dumps(payload, ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[*queries.OPEN_DATA_FIELDS, *map(str, forecast.years)])
        writer.writeheader()
        writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="city-order-forecast.{fmt}"'
    return response


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _own_offer(request, pk)
    organization = offer.organization
    forecast = queries.producer_forecast(organization)
    years = sorted(set(_horizon(forecast)) | {int(y) for y in offer.volumes})
    form = _offer_form(request, organization, years, request.POST if request.method == "POST" else None,
                       offer=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(actor=request.user, offer=offer, **_offer_fields(form))  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The offer is saved; it counts as capacity in the coverage analysis."))
            return redirect(f"{_producer_url(organization)}#offers")
    return _producer_page(request, organization, forecast, form, editing=offer)


@login_required
@require_POST
def offer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _own_offer(request, pk)
    services.offer_delete(actor=request.user, offer=offer)  # type: ignore[arg-type]
    messages.success(request, _("The offer is deleted."))
    return redirect(f"{_producer_url(offer.organization)}#offers")
