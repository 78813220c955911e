"""Cooperation pages: thin views over cooperation.queries / suppliers (reads) and cooperation.services (changes).

A BOM import goes in two steps: the file is read and shown as a tree (or its errors listed, nothing kept); the
confirmed preview is imported as a new version from the copy kept meanwhile.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cityorder.cooperation import access, queries, services
from cityorder.cooperation.forms import (
    AssignmentForm,
    BomFileForm,
    ExplodeForm,
    MilestoneForm,
    ParticipantForm,
    PlanForm,
    ProjectForm,
    RegistryFileForm,
)
from cityorder.cooperation.models import Project
from cityorder.cooperation.supplier_page import SHOWN, supplier_page
from cityorder.engine.bom import PRODUCT, BomError, bom_workbook
from cityorder.engine.identity import identify
from cityorder.engine.substitution import SourceFileError
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.registry.models import Organization
from cityorder.web.stored_text import shown

PREVIEW_LINES = 300


def _project(request: HttpRequest, code: str) -> Project:
    # A project the user may not see does not exist for it.
    project = access.visible_projects(request.user).filter(code=code).select_related("cluster", "product").first()
    if project is None:
        raise Http404
    return project


def _managed(request: HttpRequest, code: str) -> Project:
    project = _project(request, code)
    if not access.can_manage_project(request.user, project):
        raise PermissionDenied
    return project


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    if not access.can_see_projects(request.user):
        raise PermissionDenied
    clusters = access.clusters_to_open_projects_in(request.user)
    if request.method == "POST" and not clusters.exists():
        raise PermissionDenied  # sees projects (takes part in one), but opens none
    form = ProjectForm(request.POST or None, clusters=clusters)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_open(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(project)
    return render(request, "cooperation/project_list.html", {
        "projects": queries.projects_for(request.user), "form": form,
        "can_open": clusters.exists(),
    })


def _card(request: HttpRequest, project: Project, **extra: Any) -> HttpResponse:
    version = queries.latest_version(project)
    versions = list(project.bom_versions.order_by("-number"))
    manage = access.can_manage_project(request.user, project)
    plan = queries.plan_of(project)
    explode_form = extra.pop("explode_form", None) or ExplodeForm(
        campaigns=access.campaigns_for_derived_demand(request.user))
    needs = list(queries.current_needs(project))
    last = project.explosions.select_related("job", "campaign").first()
    participant_form = extra.pop("participant_form", None) or ParticipantForm(organizations=_members(project))
    return render(request, "cooperation/project_card.html", {
        "project": project, "version": version, "versions": versions, "manage": manage,
        "tree": queries.bom_tree(version) if version else [],
        "diff": queries.version_diff(versions[1], versions[0]) if len(versions) > 1 else None,
        "plan": plan, "plan_form": extra.pop("plan_form", None) or PlanForm(
            initial={"plan": ", ".join(f"{y}:{u}" for y, u in plan.items())}),
        "bom_form": extra.pop("bom_form", None) or BomFileForm(), "explode_form": explode_form,
        "participant_form": participant_form, "milestone_form": extra.pop("milestone_form", None) or MilestoneForm(),
        "needs": needs, "years": sorted(plan),
        "chart": _chart(needs, plan), "last_explosion": last,
        "other_projects": project.cluster.projects.exclude(pk=project.pk).order_by("title") if manage else [],
        "job": _job_to_show(project, JobKind.EXPLODE_BOM), "import_job": _job_to_show(project, JobKind.IMPORT_BOM),
        **extra,
    })


def _members(project: Project) -> Any:
    return Organization.objects.filter(memberships__cluster=project.cluster).distinct()


def _job_to_show(project: Project, kind: str) -> Job | None:
    """The project's latest job of this kind (an explosion, a BOM import) while it runs, or when it failed (its
    reason and a retry): a job that ended well shows as what it made."""
    jobs = Job.objects.filter(kind=kind, params__project=project.pk)
    job = jobs.order_by("-created_at", "-pk").first()
    if job is None or job.status == JobStatus.DONE:
        return None
    return job


def _chart(needs: list[Any], plan: dict[int, int]) -> dict[str, Any]:
    """Units of the product by year and the derived need in pieces, the two series of the card's chart."""
    years = sorted(plan)
    pieces = [sum(float(n.quantities.get(str(y), 0)) for n in needs if n.unit == "pcs") for y in years]
    return {"years": years, "units": [plan[y] for y in years], "pieces": pieces,
            "labels": {"units": _("Units to build"), "pieces": _("Derived need, pieces")}}


@login_required
def project_card(request: HttpRequest, code: str) -> HttpResponse:
    return _card(request, _project(request, code))


@login_required
@require_POST
def participant_add(request: HttpRequest, code: str) -> HttpResponse:
    project = _managed(request, code)
    form = ParticipantForm(request.POST, organizations=_members(project))
    if not form.is_valid():
        return _card(request, project, participant_form=form)
    try:
        services.participant_add(actor=request.user, project=project, **form.cleaned_data)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect(project)


@login_required
@require_POST
def milestone_add(request: HttpRequest, code: str) -> HttpResponse:
    project = _managed(request, code)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return _card(request, project, milestone_form=form)
    services.milestone_add(actor=request.user, project=project, **form.cleaned_data)  # type: ignore[arg-type]
    return redirect(project)


@login_required
@require_POST
def participant_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    project = _managed(request, code)
    participant = get_object_or_404(project.participants, pk=pk)
    services.participant_remove(actor=request.user, participant=participant)  # type: ignore[arg-type]
    return redirect(project)


@login_required
@require_POST
def milestone_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A milestone renamed or moved (title and due date, as when added); or, with ``done`` alone, marked done
    (done=1) or not done again (done=0)."""
    project = _managed(request, code)
    milestone = get_object_or_404(project.milestones, pk=pk)
    changes: dict[str, Any] = {"done": request.POST["done"] == "1"} if "done" in request.POST else {}
    if not changes:
        form = MilestoneForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Name the milestone and give its due date."))
            return redirect(project)
        changes = form.cleaned_data
    services.milestone_change(actor=request.user, milestone=milestone, **changes)  # type: ignore[arg-type]
    return redirect(project)


@login_required
@require_POST
def subproject_link(request: HttpRequest, code: str) -> HttpResponse:
    """A bought line of the latest version made another project's product, whose BOM explodes under it."""
    project = _managed(request, code)
    version = queries.latest_version(project)
    if version is None:
        raise Http404
    item = get_object_or_404(version.items, position=request.POST.get("position") or -1)
    sub_code = request.POST.get("subproject", "")
    # The service decides which projects may be linked; a project the user cannot see is not named.
    sub = access.visible_projects(request.user).filter(code=sub_code).first() if sub_code else None
    if sub_code and sub is None:
        messages.error(request, _("No such project."))
        return redirect(project)
    try:
        services.bom_item_link_subproject(actor=request.user, item=item, subproject=sub)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect(project)


@login_required
@require_POST
def bom_preview(request: HttpRequest, code: str) -> HttpResponse:
    """The file read as a tree, before anything is stored; a BOM with errors lists them all."""
    project = _managed(request, code)
    form = BomFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _card(request, project, bom_form=form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        bom = services.bom_read(data, upload.name)
    except BomError as exc:
        return _card(request, project, bom_form=form, bom_errors=[shown(str(e)) for e in exc.errors])
    token = secrets.token_urlsafe(12)
    request.session[f"bom:{token}"] = {"name": upload.name, "path": services.bom_keep(data), "project": project.pk,
                                       "count": len(bom.lines)}
    depth_of = {i: line.level for i, line in enumerate(bom.lines)}
    rows = [(line, depth_of[i], bom.is_assembly(i)) for i, line in enumerate(bom.lines[:PREVIEW_LINES])]
    return render(request, "cooperation/bom_preview.html", {
        "project": project, "rows": rows, "token": token, "name": upload.name, "note": form.cleaned_data["note"],
        "count": len(bom.lines), "top": len(bom.under(PRODUCT)),
        "assemblies": sum(1 for i in range(len(bom.lines)) if bom.is_assembly(i)), "shown": PREVIEW_LINES,
    })


@login_required
@require_POST
def bom_import(request: HttpRequest, code: str) -> HttpResponse:
    project = _managed(request, code)
    pending = request.session.pop(f"bom:{request.POST.get('token', '')}", None)
    if not pending or pending["project"] != project.pk:
        messages.error(request, _("The preview has expired: choose the file again."))
        return redirect(project)
    note = request.POST.get("note", "")[:500]
    if services.bom_in_background(pending.get("count", 0)):
        # The job reads the kept copy and deletes it once the version is stored; the card shows its progress.
        services.bom_import_start(actor=request.user, project=project, name=pending["name"],  # type: ignore[arg-type]
                                  path=pending["path"], note=note)
        messages.info(request, _("The BOM is being imported in the background; its progress is shown on this page."))
        return redirect(project)
    with default_storage.open(pending["path"], "rb") as handle:
        data = handle.read()
    default_storage.delete(pending["path"])
    try:
        version = services.bom_import(actor=request.user, project=project, name=pending["name"], data=data,  # type: ignore[arg-type]
                                      note=note)
    except BomError as exc:
        return _card(request, project, bom_errors=[shown(str(e)) for e in exc.errors])
    messages.success(request, _("BOM version %(number)s imported: %(count)s lines.")
                     % {"number": version.number, "count": version.items.count()})
    return redirect(project)


@login_required
def bom_export(request: HttpRequest, code: str, number: int) -> HttpResponse:
    project = _project(request, code)
    version = get_object_or_404(project.bom_versions, number=number)
    data = bom_workbook(queries.engine_bom(version, expand_subprojects=False).lines,
                        title=f"{project.title}, v{version.number}")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{project.code}-bom-v{version.number}.xlsx"'
    return response


@login_required
@require_POST
def plan_set(request: HttpRequest, code: str) -> HttpResponse:
    project = _managed(request, code)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _card(request, project, plan_form=form)
    try:
        services.plan_set(actor=request.user, project=project, plan=form.cleaned_data["plan"])  # type: ignore[arg-type]
    except ValidationError as exc:
        form.add_error("plan", "; ".join(exc.messages))
        return _card(request, project, plan_form=form)
    messages.success(request, _("Production plan saved."))
    return redirect(project)


@login_required
@require_POST
def explode(request: HttpRequest, code: str) -> HttpResponse:
    project = _managed(request, code)
    form = ExplodeForm(request.POST, campaigns=access.campaigns_for_derived_demand(request.user))
    if not form.is_valid():
        return _card(request, project, explode_form=form)
    try:
        services.explosion_start(actor=request.user, project=project,  # type: ignore[arg-type]
                                 campaign=form.cleaned_data["campaign"])
    except ValidationError as exc:
        messages.error(request, " ".join(shown(m) for m in exc.messages))
    return redirect(project)


@login_required
def suppliers(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    query, shown = request.GET.get("q", "").strip(), request.GET.get("show", "")
    sourcing = supplier_page(project, query=query, shown=shown, page=request.GET.get("page"))
    return render(request, "cooperation/suppliers.html", {
        "project": project, "sourcing": sourcing, "page": sourcing.page, "query": query,
        "shown": shown if shown in SHOWN else "",
        "manage": access.can_manage_project(request.user, project),
        "years": sourcing.years, "modes": AssignmentForm.base_fields["mode"].choices,  # type: ignore[attr-defined]
        "statuses": AssignmentForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        "gauge": _gauge(sourcing.localization), "can_decide": access.can_decide_domestic(request.user),
        "year_now": timezone.now().year,
    })


def _back(params: Any) -> str:
    """The suppliers page's search, filter and page as a query string, so a form on it returns there."""
    kept = {name: params[name] for name in ("q", "show", "page") if params.get(name)}
    return urlencode(kept)


def _to_suppliers(request: HttpRequest, project: Project) -> HttpResponse:
    back = _back(request.POST)
    return redirect(reverse("cooperation:suppliers", args=[project.code]) + (f"?{back}" if back else ""))


def _gauge(years: list[Any]) -> list[dict[str, Any]]:
    top = max([y.threshold or 0 for y in years] + [y.points for y in years] + [1])
    return [{"year": y.year, "points": y.points, "threshold": y.threshold, "meets": y.meets,
             "width": round(100 * y.points / top), "mark": round(100 * (y.threshold or 0) / top)} for y in years]


@login_required
@require_POST
def assign(request: HttpRequest, code: str) -> HttpResponse:
    project = _managed(request, code)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a supplier, make or buy and a status."))
        return _to_suppliers(request, project)
    try:
        services.assignment_set(actor=request.user, project=project, **form.cleaned_data)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return _to_suppliers(request, project)


@login_required
@require_POST
def decide_domestic(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    assignment = get_object_or_404(project.assignments, key=request.POST.get("key", ""))
    services.assignment_decide_domestic(actor=request.user, assignment=assignment,  # type: ignore[arg-type]
                                        domestic=request.POST.get("domestic") == "1")
    return _to_suppliers(request, project)


@login_required
def where_used(request: HttpRequest) -> HttpResponse:
    if not access.can_see_projects(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    # A BOM line links with its own identity; a typed part number is identified as the engine would.
    key = request.GET.get("key", "").strip() or (identify(part_number=query).key if query else "")
    query = query or key
    uses = queries.where_used(access.visible_projects(request.user), key) if key else []
    return render(request, "cooperation/where_used.html", {"query": query, "key": key, "uses": uses})



@login_required
def industrial_registry(request: HttpRequest) -> HttpResponse:
    """The PP 719 registry as loaded from GISP: search by organization, INN, number or product; upload a file."""
    if not access.can_see_projects(request.user) and not access.can_import_industrial_registry(request.user):
        raise PermissionDenied
    can_import = access.can_import_industrial_registry(request.user)
    errors: list[str] = []
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        form = RegistryFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                count = services.industrial_registry_import(actor=request.user, name=upload.name,  # type: ignore[arg-type]
                                                            data=upload.read())
            except SourceFileError as exc:
                errors = [shown(str(e)) for e in exc.errors]
            else:
                messages.success(request, _("%(count)s registry entries imported.") % {"count": count})
                return redirect("cooperation:registry")
    else:
        form = RegistryFileForm()
    query = request.GET.get("q", "").strip()
    return render(request, "cooperation/registry.html", {
        "entries": queries.registry_entries(query)[:500], "query": query, "form": form, "can_import": can_import,
        "errors": errors, "year": timezone.now().year, "total": queries.registry_entries("").count(),
    })
