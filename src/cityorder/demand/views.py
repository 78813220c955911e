"""Pages of the demand app: thin views over demand.queries (reads) and demand.services (changes).

Whatever the user may not see is a 404 (its existence is not revealed); what the user sees but may not do is a
403 raised by the services through demand.access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from django_tables2.data import TableListData

from cityorder.demand import access, queries, services
from cityorder.demand.filters import CampaignFilter, LineFilter
from cityorder.demand.forms import CampaignForm, LineForm, MappingForm, ReviewForm, SubmitForm, UploadForm
from cityorder.demand.lines import TEXT_FIELDS
from cityorder.demand.models import (
    Campaign,
    DemandKind,
    DemandLine,
    FileStatus,
    LineStatus,
    SourceFile,
    Submission,
)
from cityorder.demand.tables import (
    CampaignTable,
    CustomerCampaignTable,
    LineTable,
    ProgressTable,
    ReviewTable,
)
from cityorder.demand.template import campaign_template
from cityorder.web.paging import CountedPaginator

if TYPE_CHECKING:
    from cityorder.accounts.models import User

PER_PAGE = 25
LINES_PER_PAGE = 50
PROGRESS_PER_PAGE = 50  # customers of a campaign per page (a city campaign invites a thousand)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _paginate(request: HttpRequest, table: Any, per_page: int = PER_PAGE) -> Any:
    RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    return table


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)  # every view here is behind login_required


def _messages(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _campaign(request: HttpRequest, code: str) -> Campaign:
    try:
        return queries.campaign_for(request.user, code)
    except Campaign.DoesNotExist:
        raise Http404 from None


def _submission(request: HttpRequest, pk: int) -> Submission:
    try:
        return queries.submission_for(request.user, pk)
    except Submission.DoesNotExist:
        raise Http404 from None


def _line(request: HttpRequest, pk: int) -> DemandLine:
    try:
        return queries.line_for(request.user, pk)
    except DemandLine.DoesNotExist:
        raise Http404 from None


def _file(request: HttpRequest, pk: int) -> SourceFile:
    try:
        return queries.file_for(request.user, pk)
    except SourceFile.DoesNotExist:
        raise Http404 from None


def _require_manager(request: HttpRequest) -> None:
    if not access.can_manage_campaigns(request.user):
        raise PermissionDenied


def _next_url(request: HttpRequest, fallback: str) -> str:
    """Where the user came from (the lines table with its filters), if that is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


# ---- campaigns ---------------------------------------------------------------------------------------------------


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    if access.can_manage_campaigns(request.user):
        flt = CampaignFilter(request.GET, queryset=queries.campaigns_for(request.user))
        table = _paginate(request, CampaignTable(flt.qs))
        return render(request, "demand/campaign_list.html", {
            "table": table, "filter": flt, "can_manage": True,
            "awaiting": queries.awaiting_review(request.user).count(),
        })
    if not access.can_see_demand(request.user):
        raise PermissionDenied
    table = _paginate(request, CustomerCampaignTable(queries.customer_campaigns(request.user)))
    return render(request, "demand/campaign_list.html", {"table": table, "filter": None, "can_manage": False})


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return _campaign_form(request, None)


@login_required
def campaign_edit(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(request, code)
    _require_manager(request)
    return _campaign_form(request, campaign)


def _campaign_form(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    form = CampaignForm(request.POST or None, instance=campaign,
                        customers=queries.invitable_customers(request.user))
    if request.method == "POST" and form.is_valid():
        invited = form.cleaned_data["invited"]
        try:
            if campaign is None:
                saved = services.campaign_create(actor=_actor(request), invited=invited, **form.service_fields())
            else:
                saved = services.campaign_update(actor=_actor(request), campaign=campaign, invited=invited,
                                                 **form.service_fields())
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect(saved.get_absolute_url())
    if campaign is None:
        title, back, back_label = _("New campaign"), reverse("demand:campaign_list"), _("Campaigns")
    else:
        title, back, back_label = str(campaign), campaign.get_absolute_url(), str(campaign)
    return render(request, "demand/campaign_form.html", {"form": form, "title": title, "back": back,
                                                         "back_label": back_label})


@login_required
def campaign_detail(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(request, code)
    context: dict[str, Any] = {
        "campaign": campaign, "can_manage": access.can_manage_campaigns(request.user),
        "kinds": [DemandKind(k).label for k in campaign.kinds if k in DemandKind.values],
        "published": campaign.orders.filter(published=True).first(),
    }
    if context["can_manage"]:
        progress = queries.campaign_progress(request.user, campaign)
        # Given as TableListData, the rows are not made a list: the paginator reads only its page's customers.
        table = _paginate(request, ProgressTable(TableListData(progress.rows)), PROGRESS_PER_PAGE)
        context.update(progress=progress, table=table, chart={
            "statuses": [status for status, _label, _n in progress.counts],
            "labels": [label for _status, label, _n in progress.counts],
            "counts": [n for _status, _label, n in progress.counts],
        })
    else:
        own = queries.own_submission(request.user, campaign)
        organization = getattr(request.user, "organization", None)
        can_submit = organization is not None and access.can_submit_demand_for(request.user, campaign, organization)
        context.update(own=own, row=queries.CustomerCampaignRow(campaign, own), can_submit=can_submit)
    return render(request, "demand/campaign_detail.html", context)


@login_required
def template_download(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(request, code)
    customer = None if access.can_manage_campaigns(request.user) else getattr(request.user, "organization", None)
    response = HttpResponse(campaign_template(campaign, customer), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"Потребность-{campaign.code}.xlsx") or ""
    return response


@login_required
def my_submission(request: HttpRequest, code: str) -> HttpResponse:
    """The customer's own submission to the campaign; a draft is opened by a POST only (a GET changes nothing:
    it offers to start one)."""
    campaign = _campaign(request, code)
    if access.can_manage_campaigns(request.user):
        return redirect(campaign.get_absolute_url())  # the department has no submission of its own
    own = queries.own_submission(request.user, campaign)
    if own is not None:
        return redirect(own.get_absolute_url())
    if request.method != "POST":
        return render(request, "demand/my_submission_start.html", {"campaign": campaign})
    try:
        submission = services.submission_open(actor=_actor(request), campaign=campaign)
    except PermissionDenied:
        messages.error(request, _("The campaign does not accept submissions now."))
        return redirect(campaign.get_absolute_url())
    except ValidationError as exc:
        messages.error(request, _messages(exc))
        return redirect(campaign.get_absolute_url())
    return redirect(submission.get_absolute_url())


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    table = _paginate(request, ReviewTable(queries.review_queue(request.user)))
    return render(request, "demand/review_queue.html", {"table": table})


# ---- a submission ------------------------------------------------------------------------------------------------


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    campaign = submission.campaign
    can_edit = access.can_edit_submission(request.user, submission)
    files = queries.files_of(submission)
    flt = LineFilter(request.GET, queryset=queries.lines_of(request.user, submission),
                     files=submission.files.only("pk", "name"))  # the choices need no sheets nor mapping
    counts = queries.line_counts(submission)
    # The lines by status are counted anyway: unfiltered or by status, the table is not counted again (COUNT(*)).
    table = LineTable(flt.qs, years=campaign.years, can_edit=can_edit)
    RequestConfig(request, paginate={"per_page": LINES_PER_PAGE, "paginator_class": CountedPaginator,
                                     "count": flt.known_count(counts)}).configure(table)
    previews = {
        f.pk: [(i, sheet, MappingForm(sheet=sheet, years=campaign.years, prefix=f"m{f.pk}-{i}"))
               for i, sheet in enumerate(f.sheets)]
        for f in files
    }
    return render(request, "demand/submission.html", {
        "submission": submission, "campaign": campaign, "can_edit": can_edit,
        "can_review": access.can_review_submission(request.user, submission),
        "can_return": services.submission_returnable(submission),
        "files": [(f, previews[f.pk]) for f in files], "filter": flt, "table": table,
        "warned_files": [f for f in files if f.warnings],
        "counts": counts, "events": queries.events_of(submission),
        "returned": queries.return_comment(submission), "upload_form": UploadForm(),
        "submit_form": SubmitForm(), "review_form": ReviewForm(),
        "pending": any(f.status == FileStatus.PENDING for f in files),
        "selected_status": request.GET.get("status", ""),
    })


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Each file goes its own way: a refused one is named with its reason, the others are still taken."""
    submission = _submission(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose one or more files to upload."))
        return redirect(submission.get_absolute_url())
    for item in form.cleaned_data["files"]:
        try:
            services.upload_add(actor=_actor(request), submission=submission, name=item.name, data=item)
        except ValidationError as exc:
            messages.error(request, _messages(exc))
        else:
            messages.success(request, _("%(file)s uploaded; it is being read.") % {"file": item.name})
    return redirect(submission.get_absolute_url())


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    form = SubmitForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.submission_submit(actor=_actor(request), submission=submission, comment=comment)
    except ValidationError as exc:
        messages.error(request, _("The submission was not sent: %(reason)s") % {"reason": _messages(exc)})
    else:
        messages.success(request, _("The submission was sent to the department."))
    return redirect(submission.get_absolute_url())


def _review(request: HttpRequest, pk: int, change: Any, done: str) -> HttpResponse:
    """Accept or return a submission: the department's two verdicts, with an optional (return: required) comment."""
    submission = _submission(request, pk)
    form = ReviewForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        change(actor=_actor(request), submission=submission, comment=comment)
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    else:
        messages.success(request, done)
    return redirect(submission.get_absolute_url())


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, services.submission_accept, _("The submission is accepted."))


@login_required
@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, services.submission_return, _("The submission is returned to the customer."))


# ---- files -------------------------------------------------------------------------------------------------------


@login_required
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    source = _file(request, pk)
    return FileResponse(source.content.open("rb"), as_attachment=True, filename=source.name)


@login_required
@require_POST
def file_remove(request: HttpRequest, pk: int) -> HttpResponse:
    source = _file(request, pk)
    submission = source.submission
    try:
        job = services.upload_remove(actor=_actor(request), source=source)
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    else:
        if job is not None:
            messages.success(request, _("%(file)s is being deleted with its rows in the background; its progress "
                                        "is shown beside it.") % {"file": source.name})
        else:
            messages.success(request, _("%(file)s removed with its rows.") % {"file": source.name})
    return redirect(submission.get_absolute_url())


@login_required
@require_POST
def file_mapping(request: HttpRequest, pk: int, sheet: int) -> HttpResponse:
    """Read the file again with the columns chosen on one of its sheets (kept for the organization's files)."""
    source = _file(request, pk)
    submission = source.submission
    if not 0 <= sheet < len(source.sheets):
        raise Http404
    form = MappingForm(request.POST, sheet=source.sheets[sheet], years=submission.campaign.years,
                       prefix=f"m{source.pk}-{sheet}")
    if not form.is_valid():
        messages.error(request, _("Choose columns from the list."))
        return redirect(submission.get_absolute_url())
    changes = form.changes()
    if not changes:
        messages.info(request, _("The columns were not changed."))
        return redirect(submission.get_absolute_url())
    try:
        services.mapping_set(actor=_actor(request), source=source, mapping={**source.mapping, **changes})
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    else:
        messages.success(request, _("%(file)s is being read again with the chosen columns.") % {"file": source.name})
    return redirect(submission.get_absolute_url())


# ---- lines -------------------------------------------------------------------------------------------------------


@login_required
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    if not access.can_edit_submission(request.user, submission):
        raise PermissionDenied
    form = LineForm(request.POST or None, years=submission.campaign.years)
    if request.method == "POST" and form.is_valid():
        try:
            services.line_add(actor=_actor(request), submission=submission, quantities=form.quantities(),
                              **form.texts())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Line added."))
            return redirect(_next_url(request, submission.get_absolute_url()))
    return render(request, "demand/line_form.html", {
        "form": form, "submission": submission, "line": None, "title": _("New line"),
        "back": _next_url(request, submission.get_absolute_url()),
    })


@login_required
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    submission = line.submission
    if not access.can_edit_submission(request.user, submission):
        raise PermissionDenied
    form = LineForm(request.POST or None, years=submission.campaign.years, line=line)
    if request.method != "POST" and line.status == LineStatus.ERROR:
        form.show_bad_cells(line)
    if request.method == "POST" and form.is_valid():
        # Fields the form does not show (value, package, designators) keep what the file said.
        fields = {**{name: getattr(line, name) for name in TEXT_FIELDS}, **form.texts()}
        try:
            services.line_update(actor=_actor(request), line=line, quantities=form.quantities(), **fields)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Line %(where)s saved.") % {"where": line.where})
            return redirect(_next_url(request, submission.get_absolute_url()))
    where = line.where if line.source_id else str(line)  # a typed-in line is known by its name, not «Form»
    return render(request, "demand/line_form.html", {
        "form": form, "submission": submission, "line": line, "title": _("Line %(where)s") % {"where": where},
        "back": _next_url(request, submission.get_absolute_url()),
    })


@login_required
@require_POST
def line_remove(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    submission = line.submission
    try:
        services.line_remove(actor=_actor(request), line=line)
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    else:
        messages.success(request, _("Line %(where)s removed.") % {"where": line.where})
    return redirect(_next_url(request, submission.get_absolute_url()))
