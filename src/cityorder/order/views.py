"""Pages of the city order: thin views over order.queries (reads), order.services (changes) and order.exporting.

The order is the department's (access.can_see_order): for anyone else a version does not exist (404) and the
list of versions is forbidden (403). A customer reaches only its own lines of the published version (my_part).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from cityorder.cooperation.suppliers import catalog_registry_entries
from cityorder.demand import access as demand_access
from cityorder.order import access, exporting, queries, services
from cityorder.order import diff as version_diff
from cityorder.order import review as review_queries
from cityorder.order.filters import PositionFilter
from cityorder.order.forms import CompareForm, VerdictForm
from cityorder.order.models import CityOrder, Position, ProbableMatch
from cityorder.order.tables import PositionTable
from cityorder.registry.forms import SEARCHED_CHOICES
from cityorder.substitution.queries import analogs_of

if TYPE_CHECKING:
    from cityorder.accounts.models import User

PER_PAGE = 50
DIFF_LIMIT = 500  # rows shown per kind of change; the exports hold everything


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)  # every view here is behind login_required


def _messages(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _require_order_pages(request: HttpRequest) -> None:
    if not access.can_see_order(request.user):
        raise PermissionDenied


def _order(request: HttpRequest, pk: int) -> CityOrder:
    try:
        return queries.order_for(request.user, pk)
    except CityOrder.DoesNotExist:
        raise Http404 from None


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


def _format(request: HttpRequest, fmt: str | None = None) -> str:
    chosen = fmt or request.GET.get("format", "xlsx")
    if chosen not in exporting.FORMATS:
        raise Http404
    return chosen


def _language(request: HttpRequest) -> str:
    return "en" if request.GET.get("lang") == "en" else exporting.DEFAULT_LANGUAGE


# ---- versions ----------------------------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_order_pages(request)
    return render(request, "order/index.html", {"rows": queries.campaigns_with_versions(request.user)})


@login_required
@require_POST
def consolidate(request: HttpRequest, code: str) -> HttpResponse:
    """Queue a new version; the index then shows the job's progress and reloads when it ends."""
    if not access.can_manage_order(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(demand_access.visible_campaigns(request.user), code=code)
    try:
        services.consolidation_start(actor=_actor(request), campaign=campaign)
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    else:
        messages.info(request, _("The consolidation of «%(campaign)s» is queued.") % {"campaign": campaign})
    return redirect(reverse("order:index") + f"#campaign-{campaign.code}")


@login_required
def version(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    flt = PositionFilter(request.GET, queryset=queries.positions_of(order), order=order)
    years = [flt.selected_year] if flt.selected_year else list(order.years)
    table = PositionTable(flt.qs, years=years)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "order/version.html", {
        "order": order, "filter": flt, "table": table, "figures": queries.summary_figures(order),
        "previous": queries.previous_version(order), "can_manage": access.can_manage_order(request.user),
        "customers": _customer_parts(order),
    })


@login_required
def version_customers(request: HttpRequest, pk: int) -> HttpResponse:
    """The options of the version's customer filter that match ``term`` (the filter's search, by htmx)."""
    order = _order(request, pk)
    found = queries.customers_matching(order, request.GET.get("term", ""), SEARCHED_CHOICES)
    return render(request, "order/_customer_options.html", {"customers": found})


def _customer_parts(order: CityOrder) -> list[tuple[Any, str, str]]:
    """Each customer of the version with the links to its part (xlsx, csv). Reversed once per format, not per
    link: a {% url %} for each of a thousand customers' two links was a third of the page's time."""
    def link(fmt: str) -> tuple[str, str]:
        url = reverse("order:customer_export", args=[order.pk, 0, fmt])
        head, _zero, tail = url.rpartition("/customers/0/")
        return head + "/customers/", "/" + tail

    (xlsx_head, xlsx_tail), (csv_head, csv_tail) = link("xlsx"), link("csv")
    # Only the names are shown: the organizations' other fields cost more to read than the list to draw.
    customers = queries.customers_of(order).only("pk", "short_name")
    return [(c, f"{xlsx_head}{c.pk}{xlsx_tail}", f"{csv_head}{c.pk}{csv_tail}") for c in customers]


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    services.version_publish(actor=_actor(request), order=order)
    messages.success(request, _("Version %(number)s is now the published city order of the campaign.")
                     % {"number": order.number})
    return redirect(order.get_absolute_url())


@login_required
def position(request: HttpRequest, pk: int, position_id: str) -> HttpResponse:
    order = _order(request, pk)
    try:
        card = queries.position_card(order, position_id)
    except Position.DoesNotExist:
        raise Http404 from None
    analogs = analogs_of(card.position)
    return render(request, "order/position.html", {
        "order": order, "card": card, "p": card.position, "category": queries.category_label(card.position.category),
        "unit": queries.unit_label(card.position.unit), "analogs": analogs,
        "registry": catalog_registry_entries(a.item for a in analogs),
    })


# ---- review of probable matches ----------------------------------------------------------------------------------


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The review queue: each of its lists paged in the database (order.review)."""
    order = _order(request, pk)
    queue = review_queries.review_queue(order, open_page=request.GET.get("page"),
                                merged_page=request.GET.get("merged_page"),
                                decisions_page=request.GET.get("decisions_page"))
    return render(request, "order/review.html", {
        "order": order, "queue": queue, "years": list(order.years),
        "can_manage": access.can_manage_order(request.user),
    })


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    """Same or different: stored at once, applied by the next consolidation. An htmx request gets the pair's
    row back with the decision on it; a plain form goes back to the queue."""
    order = _order(request, pk)
    try:
        match = review_queries.match_of(order, match_pk)
    except ProbableMatch.DoesNotExist:
        raise Http404 from None
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose «same» or «different»."), status=400)
    services.match_decide(actor=_actor(request), match=match, verdict=form.cleaned_data["verdict"])
    if request.headers.get("HX-Request"):
        return render(request, "order/_pair.html", {
            "order": order, "pair": review_queries.review_pair(order, match), "years": list(order.years),
            "can_manage": True, "just_decided": True,
        })
    messages.success(request, _("Decision saved; it applies from the next consolidation."))
    return redirect("order:review", pk=order.pk)


@login_required
@require_POST
def decision_clear(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    order = _order(request, pk)
    decision = get_object_or_404(access.visible_decisions(request.user), pk=decision_pk)
    services.match_decision_clear(actor=_actor(request), decision=decision)
    messages.success(request, _("Decision undone; the next consolidation decides the pair by itself again."))
    return redirect("order:review", pk=order.pk)


# ---- comparison, dashboard, summary ------------------------------------------------------------------------------


@login_required
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    form = CompareForm(request.GET or None, order=order, versions=queries.orders_for(request.user))
    against = form.cleaned_data["against"] if form.is_valid() and form.cleaned_data["against"] else None
    against = against or queries.previous_version(order)
    context: dict[str, Any] = {"order": order, "form": form, "against": against, "limit": DIFF_LIMIT,
                               "shown": f":{DIFF_LIMIT}"}
    if against is not None:
        old, new = (against, order) if against.number < order.number else (order, against)
        context["diff"] = version_diff.version_diff(old, new)
    return render(request, "order/diff.html", context)


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    board = queries.dashboard(request.user, order)
    return render(request, "order/dashboard.html", {"order": order, "board": board, "chart": board.chart(),
                                                    "years": list(order.years)})


@login_required
def campaign_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """The dashboard of a campaign's published version, or of its latest while none is published."""
    _require_order_pages(request)
    try:
        order = queries.campaign_order(request.user, code)
    except CityOrder.DoesNotExist:
        raise Http404 from None
    return redirect("order:dashboard", pk=order.pk)


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    return render(request, "order/summary.html", {
        "order": order, "figures": queries.summary_figures(order), "years": list(order.years),
        "categories": queries.category_rows(order), "units": queries.unit_rows(order),
        "top": [(p, queries.unit_label(p.unit)) for p in queries.top_positions(order, limit=20, unit=None)],
    })


# ---- exports -----------------------------------------------------------------------------------------------------


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    order = _order(request, pk)
    fmt = _format(request, fmt)
    data, content_type = exporting.render(exporting.version_table(order, language=_language(request)), fmt)
    return _download(data, content_type, exporting.file_name(order, fmt))


@login_required
def customer_export(request: HttpRequest, pk: int, customer_pk: int, fmt: str) -> HttpResponse:
    order = _order(request, pk)
    fmt = _format(request, fmt)
    customer = get_object_or_404(queries.customers_of(order), pk=customer_pk)
    data, content_type = exporting.render(exporting.customer_table(order, customer, language=_language(request)),
                                          fmt)
    return _download(data, content_type, exporting.file_name(order, fmt, part=customer.inn))


@login_required
def my_part(request: HttpRequest, code: str) -> HttpResponse:
    """A customer's own lines of the campaign's published city order, with the positions they went into."""
    fmt = _format(request)
    try:
        order, customer = queries.own_part(request.user, code)
    except CityOrder.DoesNotExist:
        raise Http404 from None
    data, content_type = exporting.render(exporting.customer_table(order, customer, language=_language(request)),
                                          fmt)
    return _download(data, content_type, exporting.file_name(order, fmt, part=customer.inn))
