"""Tender pages: thin views over tenders.queries (reads) and tenders.services / tenders.awarding (changes).

No page shows a bid's contents before the opening: views read them only through access.can_read_contents, and
bids are listed from their metadata (who, when, receipt hash) and counted.
"""

from __future__ import annotations

import base64
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from cityorder.tenders import access, audit, awarding, exporting, queries, services
from cityorder.tenders import documents as bid_documents
from cityorder.tenders.forms import (
    AnswerForm,
    BidForm,
    CancelForm,
    CriteriaForm,
    LotForm,
    MilestoneForm,
    QuestionForm,
    TenderForm,
)
from cityorder.tenders.models import Better, Bid, BidStatus, Lot, Milestone, OffsetTender, Question, TenderStatus
from cityorder.web.stored_text import shown

if TYPE_CHECKING:
    from cityorder.accounts.models import User


def _actor(request: HttpRequest) -> User:
    """The signed-in user (every view here requires a login)."""
    return cast("User", request.user)


def _tender(request: HttpRequest, code: str) -> OffsetTender:
    return get_object_or_404(access.visible_tenders(request.user), code=code)


def _committee(request: HttpRequest) -> None:
    if not access.can_manage_tenders(request.user):
        raise PermissionDenied


def _texts(error: ValidationError) -> list[str]:
    """The messages of an error in the reader's language (the engine's are stored English, from templates)."""
    return [shown(str(text)) for text in error.messages]


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for text in _texts(error):
        messages.error(request, text)


@login_required
def tender_list(request: HttpRequest) -> HttpResponse:
    if not access.can_see_tenders(request.user):
        raise PermissionDenied
    return render(request, "tenders/list.html", {"tenders": queries.tenders_for(request.user),
                                                 "can_manage": access.can_manage_tenders(request.user)})


@login_required
def tender_new(request: HttpRequest) -> HttpResponse:
    _committee(request)
    form = TenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tender = services.tender_create(actor=_actor(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _texts(exc))
        else:
            return redirect(tender)
    return render(request, "tenders/new.html", {"form": form})


@login_required
def tender_detail(request: HttpRequest, code: str) -> HttpResponse:
    tender = _tender(request, code)
    user = _actor(request)
    own = {b.lot_id: b for b in Bid.objects.filter(tender=tender, bidder_id=user.organization_id)} \
        if access.is_bidder(user) else {}
    counts = queries.bid_counts(tender)
    lots: list[dict[str, Any]] = [{"lot": lot, "bids": counts.get(lot.number, 0), "own": own.get(lot.pk),
                                   "award": getattr(lot, "award", None)}
                                  for lot in tender.lots.prefetch_related("positions")]
    criteria = list(tender.criteria.all())
    manage = access.can_manage_tenders(user)
    return render(request, "tenders/detail.html", {
        "tender": tender, "lots": lots, "criteria": criteria, "formulas": queries.formulas(criteria),
        "years": sorted({int(y) for item in lots for y in item["lot"].quantities}),
        "can_manage": manage, "draft": tender.status == TenderStatus.DRAFT,
        "can_bid": access.can_bid(user, tender),
        "lot_form": LotForm(tender=tender) if manage and tender.status == TenderStatus.DRAFT else None,
        "milestones": queries.milestones_of(tender) if manage else [],
        "protocol_ready": access.can_see_protocol(user, tender),
        "audit": tender.audit.select_related("actor").order_by("-at")[:30] if manage else [],
        "can_see_audit": access.can_see_audit(user),
        "questions": queries.questions_for(user, tender), "sees_who_asked": access.sees_who_asked(user),
        "question_form": QuestionForm() if access.can_ask(user, tender) else None,
        "can_answer": access.can_answer(user) and tender.status == TenderStatus.PUBLISHED,
        "cancel_form": CancelForm() if access.can_cancel(user) and tender.cancellable() else None,
    })


@login_required
@require_POST
def lot_add(request: HttpRequest, code: str) -> HttpResponse:
    tender = _tender(request, code)
    _committee(request)
    form = LotForm(request.POST, tender=tender)
    if form.is_valid():
        try:
            services.lot_add(actor=_actor(request), tender=tender, name=form.cleaned_data["name"],
                             max_price=form.cleaned_data["max_price"], position_ids=form.cleaned_data["positions"],
                             categories=form.cleaned_data["categories"])
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(tender)


@login_required
def criteria_edit(request: HttpRequest, code: str) -> HttpResponse:
    tender = _tender(request, code)
    _committee(request)
    form = CriteriaForm(request.POST or None, criteria=list(tender.criteria.all()))
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_set(actor=_actor(request), tender=tender, criteria=form.criteria())
        except ValidationError as exc:
            form.add_error(None, _texts(exc))
        else:
            return redirect(tender)
    return render(request, "tenders/criteria.html", {"tender": tender, "form": form})


def _step(request: HttpRequest, code: str, action: Any, done: str) -> HttpResponse:
    tender = _tender(request, code)
    _committee(request)
    try:
        action(actor=_actor(request), tender=tender)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect(tender)


@login_required
@require_POST
def tender_publish(request: HttpRequest, code: str) -> HttpResponse:
    return _step(request, code, services.tender_publish, _("The tender is published: bids are accepted."))


@login_required
@require_POST
def tender_open(request: HttpRequest, code: str) -> HttpResponse:
    return _step(request, code, awarding.tender_open, _("The bids are opened."))


@login_required
@require_POST
def tender_evaluate(request: HttpRequest, code: str) -> HttpResponse:
    tender = _tender(request, code)
    _committee(request)
    try:
        awarding.tender_evaluate(actor=_actor(request), tender=tender)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("tenders:evaluation", code=code)
    messages.success(request, _("The bids are evaluated."))
    return redirect("tenders:protocol", code=code)


@login_required
def evaluation(request: HttpRequest, code: str) -> HttpResponse:
    """The opened bids with their values, and the member's points for the assessed criteria."""
    tender = _tender(request, code)
    _committee(request)
    if not tender.is_open:
        raise Http404
    assessed = [c for c in tender.criteria.all() if c.better == Better.ASSESSED]
    bids = [b for b in queries.opened_bids(request.user, tender) if b.status == BidStatus.SUBMITTED]
    if request.method == "POST":
        if not access.can_assess(request.user, tender):
            raise PermissionDenied
        try:
            for bid in bids:
                for criterion in assessed:
                    raw = request.POST.get(f"a_{bid.pk}_{criterion.pk}", "").strip().replace(",", ".")
                    if raw:
                        awarding.assessment_enter(actor=_actor(request), bid=bid,
                                                  criterion=criterion, points=Decimal(raw))
        except (ValidationError, InvalidOperation) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError)
                           else _("Give the points as numbers from 0 to 100."))
        else:
            messages.success(request, _("Your points are saved."))
        return redirect("tenders:evaluation", code=code)
    mine = {(a.bid_id, a.criterion_id): a.points for bid in bids for a in bid.assessments.all()
            if a.member_id == request.user.pk}
    rows = [{"bid": b, "values": (b.opened or {}).get("values", {}), "documents": (b.opened or {}).get("documents", []),
             "marks": [(c, mine.get((b.pk, c.pk))) for c in assessed]} for b in bids]
    return render(request, "tenders/evaluation.html", {
        "tender": tender, "rows": rows, "assessed": assessed,
        "criteria": [c for c in tender.criteria.all() if c.better != Better.ASSESSED],
        "can_assess": access.can_assess(request.user, tender)})


@login_required
def protocol(request: HttpRequest, code: str) -> HttpResponse:
    tender = _tender(request, code)
    if not access.can_see_protocol(request.user, tender):
        raise PermissionDenied
    return render(request, "tenders/protocol.html", {"protocol": queries.protocol(tender), "tender": tender,
                                                     "can_manage": access.can_manage_tenders(request.user)})


@login_required
def protocol_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    tender = _tender(request, code)
    if not access.can_see_protocol(request.user, tender):
        raise PermissionDenied
    response = HttpResponse(exporting.protocol_xlsx(queries.protocol(tender)), content_type=exporting.XLSX)
    response["Content-Disposition"] = f'attachment; filename="protocol-{tender.code}.xlsx"'
    return response


def _submit(request: HttpRequest, form: Any, empty: str, done: str, action: Any, **given: Any) -> None:
    """Run a service with the form's text (its field named as the service's argument); an empty form and the
    service's refusals become messages."""
    try:
        if not form.is_valid():
            raise ValidationError(empty)
        action(actor=_actor(request), **given, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)


@login_required
@require_POST
def question_ask(request: HttpRequest, code: str) -> HttpResponse:
    tender = _tender(request, code)
    if not access.is_bidder(request.user):
        raise PermissionDenied
    _submit(request, QuestionForm(request.POST), _("Write the question."),
            _("The question is sent to the committee; its answer will be published to every bidder without your "
              "name."), services.question_ask, tender=tender)
    return redirect(tender.get_absolute_url() + "#questions")


@login_required
@require_POST
def question_answer(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    tender = _tender(request, code)
    if not access.can_answer(request.user):
        raise PermissionDenied
    question = get_object_or_404(Question.objects.select_related("tender"), tender=tender, pk=pk)
    _submit(request, AnswerForm(request.POST), _("Write the answer."), _("The answer is published to every bidder."),
            services.question_answer, question=question)
    return redirect(tender.get_absolute_url() + "#questions")


@login_required
@require_POST
def tender_cancel(request: HttpRequest, code: str) -> HttpResponse:
    tender = _tender(request, code)
    if not access.can_cancel(request.user):
        raise PermissionDenied
    _submit(request, CancelForm(request.POST), _("Give the reason for cancelling."), _("The tender is cancelled."),
            services.tender_cancel, tender=tender)
    return redirect(tender)


@login_required
@require_POST
def lot_award(request: HttpRequest, code: str, number: int) -> HttpResponse:
    tender = _tender(request, code)
    _committee(request)
    lot = get_object_or_404(Lot, tender=tender, number=number)
    try:
        awarding.tender_award(actor=_actor(request), lot=lot)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Lot %s is awarded.") % number)
    return redirect(tender)


@login_required
@require_POST
def milestone_update(request: HttpRequest, pk: int) -> HttpResponse:
    _committee(request)
    milestone = get_object_or_404(Milestone.objects.select_related("award__lot__tender"), pk=pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            awarding.milestone_update(actor=_actor(request), milestone=milestone, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
    return redirect(milestone.award.lot.tender.get_absolute_url() + "#milestones")


@login_required
def ocds(request: HttpRequest, code: str) -> JsonResponse:
    tender = _tender(request, code)
    package = exporting.ocds_package([tender], request.build_absolute_uri())
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="ocds-{tender.code}.json"'
    return response


@login_required
def ocds_all(request: HttpRequest) -> JsonResponse:
    """Every tender the user sees as one OCDS release package."""
    if not access.can_see_tenders(request.user):
        raise PermissionDenied
    package = exporting.ocds_package(list(access.visible_tenders(request.user).order_by("code")),
                                     request.build_absolute_uri())
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="ocds-tenders.json"'
    return response


def _audit_filter(request: HttpRequest, code: str) -> tuple[OffsetTender, audit.AuditFilter]:
    tender = _tender(request, code)
    if not access.can_see_audit(request.user):
        raise PermissionDenied
    return tender, audit.AuditFilter(request.GET, tender=tender)


@login_required
@require_GET
def audit_log(request: HttpRequest, code: str) -> HttpResponse:
    """Every entry of the tender's audit log, paged and filtered by action and person."""
    tender, found = _audit_filter(request, code)
    table = audit.AuditTable(found.qs)
    RequestConfig(request, paginate={"per_page": audit.PER_PAGE}).configure(table)
    return render(request, "tenders/audit.html", {"tender": tender, "table": table, "filter": found})


@login_required
@require_GET
def audit_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The audit log as the page filters it, as CSV."""
    tender, found = _audit_filter(request, code)
    response = HttpResponse(audit.audit_csv(found.qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{tender.code}.csv"'
    return response


@login_required
def bid_document(request: HttpRequest, code: str, pk: int, index: int) -> HttpResponse:
    """A document attached to a bid, once its contents may be read (after the opening, or the bidder's draft),
    under the file name it was uploaded with (sealed with it until then)."""
    tender = _tender(request, code)
    bid = get_object_or_404(Bid, tender=tender, pk=pk)
    if not access.can_read_contents(request.user, bid):
        raise Http404
    documents = services.draft_contents(actor=_actor(request), bid=bid).get("documents", [])
    if not 0 <= index < len(documents):
        raise Http404
    document = documents[index]
    response = HttpResponse(base64.b64decode(document["content"]), content_type="application/octet-stream")
    response["Content-Disposition"] = bid_documents.content_disposition(document.get("name", ""))
    return response


# Bidders ------------------------------------------------------------------------------------------------------------


@login_required
def bid_edit(request: HttpRequest, code: str, number: int) -> HttpResponse:
    tender = _tender(request, code)
    if not access.is_bidder(request.user):
        raise PermissionDenied
    lot = get_object_or_404(Lot, tender=tender, number=number)
    actor = _actor(request)
    bid = Bid.objects.filter(lot=lot, bidder_id=actor.organization_id).first()
    initial = services.draft_contents(actor=actor, bid=bid) \
        if bid is not None and access.can_read_contents(actor, bid) else None
    sealed_documents = bid_documents.own_documents(actor, bid)
    form = BidForm(request.POST or None, request.FILES or None, lot=lot, initial=initial,
                   documents=sealed_documents)
    if request.method == "POST" and form.is_valid():
        given = {"lot": lot, "values": form.values(), "capacity": form.capacity(),
                 "note": form.cleaned_data["note"], "documents": form.documents(),
                 "remove": form.cleaned_data["remove"]}
        try:
            if request.POST.get("action") == "draft":
                services.bid_draft(actor=_actor(request), **given)
                messages.success(request, _("The draft is saved."))
                return redirect("tenders:bid", code=code, number=number)
            receipt = services.bid_submit(actor=_actor(request), **given)
        except ValidationError as exc:
            form.add_error(None, _texts(exc))
        else:
            messages.success(request, _("The bid is submitted and sealed until the opening."))
            return redirect("tenders:receipt", number=receipt.number)
    return render(request, "tenders/bid.html", {"tender": tender, "lot": lot, "bid": bid, "form": form,
                                                "can_bid": access.can_bid(request.user, tender)})


@login_required
@require_POST
def bid_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    bid = get_object_or_404(access.visible_bids(request.user), pk=pk)
    try:
        services.bid_withdraw(actor=_actor(request), bid=bid)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The bid is withdrawn."))
    return redirect("tenders:my_bids")


@login_required
def my_bids(request: HttpRequest) -> HttpResponse:
    if not access.is_bidder(request.user):
        raise PermissionDenied
    return render(request, "tenders/my_bids.html", {"bids": queries.my_bids(request.user),
                                                    "open": queries.tenders_for(request.user)
                                                    .filter(status=TenderStatus.PUBLISHED)})


@login_required
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    found = queries.receipt_for(request.user, number)
    if found is None:
        raise Http404
    return render(request, "tenders/receipt.html", {"receipt": found})


@login_required
def my_scores(request: HttpRequest, code: str) -> HttpResponse:
    tender = _tender(request, code)
    if not access.is_bidder(request.user):
        raise PermissionDenied
    return render(request, "tenders/scores.html", {
        "tender": tender, "protocol": queries.protocol(tender, only_bidder=_actor(request).organization_id)})
