"""Registry pages: thin views over registry.queries (reads) and registry.services (changes)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from cityorder.registry import access, exporting, importing, queries, services
from cityorder.registry.columns import ImportKind
from cityorder.registry.filters import OrganizationFilter, ProductFilter
from cityorder.registry.forms import ImportForm, MembershipForm, OrganizationForm, ProductForm, SupplierSearchForm
from cityorder.registry.models import Cluster, Organization, Product
from cityorder.registry.tables import ClusterTable, MemberTable, OrganizationTable, ProductTable

PER_PAGE = 25


def _paginate(request: HttpRequest, table: Any) -> Any:
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table


def _visible_organization(request: HttpRequest, pk: int) -> Organization:
    try:
        return queries.organization_card(request.user, pk)
    except Organization.DoesNotExist:
        raise Http404 from None


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# ---- clusters ------------------------------------------------------------------------------------


@login_required
def cluster_list(request: HttpRequest) -> HttpResponse:
    table = _paginate(request, ClusterTable(queries.clusters_for(request.user).select_related("coordinator")))
    return render(request, "registry/cluster_list.html", {"table": table})


@login_required
def cluster_detail(request: HttpRequest, code: str) -> HttpResponse:
    cluster = get_object_or_404(Cluster, code=code)
    overview = queries.cluster_overview(request.user, cluster)
    rows = overview.members
    competency, site = request.GET.get("competency", ""), request.GET.get("site", "")
    if competency:
        rows = [r for r in rows if any(c.code == competency for c in r.competencies)]
    if site:
        rows = [r for r in rows if site in r.site_names]
    can_manage = access.can_manage_cluster(request.user, cluster)
    table = _paginate(request, MemberTable(rows, can_manage=can_manage))
    chart = {"labels": [c.label for c, _n in overview.coverage], "counts": [n for _c, n in overview.coverage]}
    sites = sorted({s for r in overview.members for s in r.site_names})
    return render(request, "registry/cluster_detail.html", {
        "cluster": cluster, "overview": overview, "table": table, "chart": chart, "can_manage": can_manage,
        "competencies": [c for c, _n in overview.coverage], "sites": sites,
        "selected_competency": competency, "selected_site": site,
    })


@login_required
def membership_add(request: HttpRequest, code: str) -> HttpResponse:
    cluster = get_object_or_404(Cluster, code=code)
    if not access.can_manage_cluster(request.user, cluster):
        raise PermissionDenied
    form = MembershipForm(request.POST or None, organizations=access.membership_candidates(request.user, cluster))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(actor=request.user, cluster=cluster, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect("registry:cluster_detail", code=cluster.code)
    return render(request, "registry/form.html", {
        "form": form, "title": _("Add a member to %(cluster)s") % {"cluster": cluster.label},
        "back": reverse("registry:cluster_detail", args=[cluster.code]), "back_label": cluster.label,
    })


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    # A membership of a cluster the user does not manage is not found, as a missing one.
    membership = get_object_or_404(access.managed_memberships(request.user).select_related("cluster"), pk=pk)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, _("Member removed."))
    return redirect("registry:cluster_detail", code=membership.cluster.code)


# ---- organizations -------------------------------------------------------------------------------


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    qs = queries.organizations_for(request.user).prefetch_related("competencies")
    if request.GET.get("member"):
        qs = qs.filter(memberships__isnull=False).distinct()
    flt = OrganizationFilter(request.GET, queryset=qs)
    table = _paginate(request, OrganizationTable(flt.qs))
    return render(request, "registry/organization_list.html", {
        "table": table, "filter": flt, "can_create": access.can_create_organization(request.user),
        "can_import": access.can_import_registry(request.user),
    })


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _visible_organization(request, pk)
    products = list(organization.products.all())
    years = sorted({c.year for p in products for c in p.capacities.all()})
    return render(request, "registry/organization_detail.html", {
        "org": organization, "products": products, "years": years,
        "can_edit": access.can_edit_organization(request.user, organization),
        "can_edit_products": access.can_edit_products_of(request.user, organization),
    })


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_organization(request.user):
        raise PermissionDenied
    return _organization_form(request, None)


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _visible_organization(request, pk)
    if not access.can_edit_organization(request.user, organization):
        raise PermissionDenied
    return _organization_form(request, organization)


def _organization_form(request: HttpRequest, organization: Organization | None) -> HttpResponse:
    form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "competencies"}
        try:
            if organization is None:
                organization = services.organization_create(
                    actor=request.user, competencies=form.cleaned_data["competencies"], **fields)
            else:
                services.organization_update(actor=request.user, organization=organization,
                                             competencies=form.cleaned_data["competencies"], **fields)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Organization saved."))
            return redirect("registry:organization_detail", pk=organization.pk)
    if organization is not None and organization.pk:
        back, back_label = reverse("registry:organization_detail", args=[organization.pk]), str(organization)
    else:
        back, back_label = reverse("registry:organization_list"), _("Organizations")
    title = _("New organization") if organization is None else str(organization)
    return render(request, "registry/form.html", {"form": form, "title": title, "back": back,
                                                  "back_label": back_label})


# ---- products ------------------------------------------------------------------------------------


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    products = queries.products_for(request.user)
    flt = ProductFilter(request.GET, queryset=products,
                        organizations=access.visible_organizations(request.user))
    years = queries.capacity_years(flt.qs)[-8:]
    table = _paginate(request, ProductTable(flt.qs, years=years))
    return render(request, "registry/product_list.html", {"table": table, "filter": flt,
                                                          "can_import": access.can_import_registry(request.user)})


@login_required
def product_create(request: HttpRequest, organization_pk: int) -> HttpResponse:
    organization = _visible_organization(request, organization_pk)
    if not access.can_edit_products_of(request.user, organization):
        raise PermissionDenied
    return _product_form(request, organization, Product(organization=organization))


@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(queries.products_for(request.user), pk=pk)
    if not access.can_edit_products_of(request.user, product.organization):
        raise PermissionDenied
    return _product_form(request, product.organization, product)


def _product_form(request: HttpRequest, organization: Organization, product: Product) -> HttpResponse:
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProductForm.Meta.fields}
        try:
            if product.pk:
                services.product_update(actor=request.user, product=product, **fields)
            else:
                product = services.product_create(actor=request.user, organization=organization, **fields)
            for year, quantity in form.capacities().items():
                services.capacity_set(actor=request.user, product=product, year=year, quantity=quantity)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Product saved."))
            return redirect("registry:organization_detail", pk=organization.pk)
    return render(request, "registry/product_form.html", {
        "form": form, "organization": organization, "product": product,
        "back": reverse("registry:organization_detail", args=[organization.pk]),
    })


@login_required
@require_POST
def product_delete(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(queries.products_for(request.user), pk=pk)
    services.product_delete(actor=request.user, product=product)
    messages.success(request, _("Product deleted."))
    return redirect("registry:organization_detail", pk=product.organization_id)


# ---- supplier search -----------------------------------------------------------------------------


@login_required
def supplier_search(request: HttpRequest) -> HttpResponse:
    form = SupplierSearchForm(request.GET or None)
    table = None
    if form.is_valid() and (form.cleaned_data["competency"] or form.cleaned_data["q"]):
        results = queries.supplier_search(request.user, competency=form.cleaned_data["competency"],
                                          text=form.cleaned_data["q"])
        table = _paginate(request, OrganizationTable(results))
    return render(request, "registry/supplier_search.html", {"form": form, "table": table})


# ---- import and export ---------------------------------------------------------------------------

_PENDING = "registry_import"


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "registry-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def registry_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview (nothing written) → confirm (all rows or none)."""
    if not access.can_import_registry(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.CITYORDER_MAX_UPLOAD_MB * 1024 * 1024:
            form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": settings.CITYORDER_MAX_UPLOAD_MB})
        else:
            data = upload.read()
            kind = form.cleaned_data["kind"]
            preview = importing.preview_import(kind, data, upload.name, actor=request.user)
            token = uuid.uuid4().hex
            (_pending_dir() / token).write_bytes(data)
            request.session[_PENDING] = {"token": token, "kind": kind, "filename": upload.name}
    return render(request, "registry/import.html", {"form": form, "preview": preview})


@login_required
@require_POST
def registry_import_confirm(request: HttpRequest) -> HttpResponse:
    if not access.can_import_registry(request.user):
        raise PermissionDenied
    pending = request.session.pop(_PENDING, None)
    path = _pending_dir() / pending["token"] if pending else None
    if not pending or path is None or not path.is_file():
        messages.error(request, _("The uploaded file has expired; upload it again."))
        return redirect("registry:import")
    data = path.read_bytes()
    path.unlink()
    try:
        preview = importing.apply_import(pending["kind"], data, pending["filename"], actor=request.user)
    except importing.ImportFailed as exc:
        messages.error(request, _("Nothing was imported: %(count)s errors.") % {"count": len(exc.preview.messages())})
        return render(request, "registry/import.html", {"form": ImportForm(), "preview": exc.preview})
    messages.success(request, _("Imported %(file)s: %(created)s created, %(updated)s updated.") % {
        "file": pending["filename"], "created": preview.count(importing.Action.CREATE),
        "updated": preview.count(importing.Action.UPDATE)})
    return redirect("registry:organization_list")


@login_required
def registry_export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in ImportKind.__members__.values() or fmt not in ("xlsx", "csv"):
        raise Http404
    encoding = "cp1251" if request.GET.get("encoding") == "cp1251" else "utf-8-sig"
    data = exporting.export_file(kind, fmt, actor=request.user, encoding=encoding)
    content_type = "text/csv" if fmt == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
    return response
