"""REST endpoints of offset tenders, with the pages' rules (cityorder.tenders.access).

A bid's contents appear in its output only where access.can_read_contents allows (the bidder's own draft; every
bid after the opening): before the opening the API, like the pages, says who bid and when, and how many bids.
Every change is one call of tenders.services or tenders.awarding, which decide permissions.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cityorder.api.calls import call, read_input
from cityorder.api.schema import enum_field
from cityorder.api.views import ERRORS, ReadViewSet
from cityorder.order.models import CityOrder, Position
from cityorder.tenders import access, awarding, exporting, queries, services
from cityorder.tenders.models import (
    Better,
    Bid,
    BidStatus,
    Criterion,
    Indicator,
    Lot,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    OffsetTender,
    Question,
    Receipt,
    TenderStatus,
)


class LotOutput(serializers.ModelSerializer):
    positions: serializers.SlugRelatedField[Position] = serializers.SlugRelatedField(
        slug_field="position_id", many=True, read_only=True)
    bid_count = serializers.SerializerMethodField(help_text=_("Submitted bids: the one figure shown before opening."))

    class Meta:
        model = Lot
        fields = ["number", "name", "unit", "quantities", "max_price", "positions", "bid_count"]
        read_only_fields = fields

    def get_bid_count(self, lot: Lot) -> int:
        return int(self.context.get("counts", {}).get(lot.number, 0))


class CriterionOutput(serializers.ModelSerializer):
    better = enum_field(Better, read_only=True)
    indicator = enum_field(Indicator, read_only=True)

    class Meta:
        model = Criterion
        fields = ["number", "name", "weight", "better", "limit", "unit", "indicator"]
        read_only_fields = fields


class TenderOutput(serializers.ModelSerializer):
    lots = serializers.SerializerMethodField()
    criteria = CriterionOutput(many=True, read_only=True)
    status = enum_field(TenderStatus, read_only=True)

    class Meta:
        model = OffsetTender
        fields = ["code", "subject", "status", "order", "region", "build_years", "min_investment",
                  "localization_level", "required_capacity", "city_share", "publication_at", "questions_until",
                  "bid_deadline", "opening_at", "evaluation_until", "award_at", "opened_at", "cancelled_at",
                  "cancel_reason", "lots", "criteria"]
        read_only_fields = fields

    def get_lots(self, tender: OffsetTender) -> list[dict[str, Any]]:
        context = {**self.context, "counts": queries.bid_counts(tender)}
        return list(LotOutput(tender.lots.prefetch_related("positions"), many=True, context=context).data)


class ReceiptOutput(serializers.ModelSerializer):
    class Meta:
        model = Receipt
        fields = ["number", "digest", "issued_at"]
        read_only_fields = fields


class BidOutput(serializers.ModelSerializer):
    tender: serializers.SlugRelatedField[OffsetTender] = serializers.SlugRelatedField(slug_field="code",
                                                                                     read_only=True)
    lot = serializers.IntegerField(source="lot.number", read_only=True)
    bidder = serializers.CharField(source="bidder.short_name", read_only=True)
    status = enum_field(BidStatus, read_only=True)
    receipts = ReceiptOutput(many=True, read_only=True)
    contents = serializers.SerializerMethodField(help_text=_("Only the bidder's own draft, or after the opening."))
    score = serializers.SerializerMethodField()

    class Meta:
        model = Bid
        fields = ["id", "tender", "lot", "bidder", "status", "submitted_at", "digest", "receipts", "contents",
                  "score"]
        read_only_fields = fields

    def get_contents(self, bid: Bid) -> dict[str, Any] | None:
        user = self.context["request"].user
        if not access.can_read_contents(user, bid):
            return None
        return services.draft_contents(actor=user, bid=bid)

    def get_score(self, bid: Bid) -> dict[str, Any] | None:
        if not access.can_see_scores(self.context["request"].user, bid):
            return None
        return {"points": bid.score.points, "total": str(bid.score.total), "rank": bid.score.rank}


class BidInput(serializers.Serializer):
    tender = serializers.SlugField()
    lot = serializers.IntegerField(min_value=1)
    values = serializers.DictField(help_text=_("A value per criterion name (the assessed ones excepted)."))
    capacity = serializers.DictField(child=serializers.FloatField(min_value=0), required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    draft = serializers.BooleanField(default=False, help_text=_("Save as a draft instead of submitting."))
    remove_documents = serializers.ListField(
        child=serializers.RegexField(r"^[0-9a-f]{64}$"), required=False,
        help_text=_("SHA-256 of earlier documents to remove; the others are kept by the replacement."))


class QuestionOutput(serializers.ModelSerializer):
    asked_by = serializers.SerializerMethodField(help_text=_("Who asked: shown to the committee and the department "
                                                             "only; answers are published to bidders anonymously."))

    class Meta:
        model = Question
        fields = ["id", "text", "asked_at", "asked_by", "answer", "answered_at"]
        read_only_fields = fields

    def get_asked_by(self, question: Question) -> str | None:
        if not access.sees_who_asked(self.context["request"].user):
            return None
        return question.asked_by.short_name


class QuestionInput(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=8000)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class TenderInput(serializers.ModelSerializer):
    order = serializers.PrimaryKeyRelatedField(queryset=CityOrder.objects.filter(published=True),
                                               help_text=_("A published version of the city order."))
    required_capacity = serializers.DictField(child=serializers.FloatField(min_value=0), required=False,
                                              help_text=_("The plant's capacity by year, e.g. {\"2028\": 5000}."))

    class Meta:
        model = OffsetTender
        fields = ["order", "code", "subject", "region", "build_years", "min_investment", "localization_level",
                  "required_capacity", "city_share", "publication_at", "questions_until", "bid_deadline",
                  "opening_at", "evaluation_until", "award_at"]


class LotInput(serializers.Serializer):
    name = serializers.CharField(max_length=500)
    max_price = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    positions = serializers.ListField(child=serializers.CharField(), required=False,
                                      help_text=_("Position ids of the tender's order."))
    categories = serializers.ListField(child=serializers.CharField(), required=False,
                                       help_text=_("Whole categories of the order, e.g. battery."))
    quantities = serializers.DictField(child=serializers.FloatField(min_value=0), required=False,
                                       help_text=_("Quantities by year, when no position is picked."))
    unit = serializers.CharField(max_length=32, required=False, allow_blank=True)


class CriterionInput(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    better = enum_field(Better, required=False)
    limit = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True)
    unit = serializers.CharField(max_length=32, required=False, allow_blank=True)
    indicator = enum_field(Indicator, required=False)


class CriteriaInput(serializers.Serializer):
    criteria = CriterionInput(many=True, help_text=_("Weights sum to 100; the price «Цена» among them."))


class AssessmentInput(serializers.Serializer):
    bid = serializers.IntegerField()
    criterion = serializers.CharField(help_text=_("The name of an assessed criterion."))
    points = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)


class MilestoneOutput(serializers.ModelSerializer):
    lot = serializers.IntegerField(source="award.lot.number", read_only=True)
    kind = enum_field(MilestoneKind, read_only=True)
    status = enum_field(MilestoneStatus, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "lot", "kind", "due", "status", "done_on", "note", "overdue"]
        read_only_fields = fields

    def get_overdue(self, milestone: Milestone) -> bool:
        return milestone.overdue()


class MilestoneInput(serializers.Serializer):
    status = enum_field(MilestoneStatus)
    done_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _committee_only(request: Request) -> None:
    """Before the input is read: a refusal is never a 400."""
    if not access.can_manage_tenders(request.user):
        raise exceptions.PermissionDenied


class TenderViewSet(ReadViewSet):
    """Offset tenders: the committee sees all, a bidder the published ones; bids are counted, never shown,
    before the opening."""

    output_class = TenderOutput
    lookup_field = "code"
    search_fields = ["code", "subject"]
    ordering_fields = ["bid_deadline", "code"]

    def get_queryset(self) -> QuerySet[OffsetTender]:
        return access.visible_tenders(self.request.user).prefetch_related("criteria").order_by("-created_at")

    @extend_schema(summary=_("Prepare a draft tender on a published version of the city order"),
                   request=TenderInput, responses={201: TenderOutput, **ERRORS})
    def create(self, request: Request) -> Response:
        _committee_only(request)
        tender = call(services.tender_create, actor=request.user, **read_input(TenderInput, request))
        return self._answer(tender, status.HTTP_201_CREATED)

    @extend_schema(summary=_("Add a lot of picked positions or categories of the order (a draft tender)"),
                   request=LotInput, responses={200: TenderOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def lots(self, request: Request, code: str | None = None) -> Response:
        _committee_only(request)
        given = read_input(LotInput, request)
        return self._step(services.lot_add, name=given["name"], max_price=given["max_price"],
                          position_ids=given.get("positions", []), categories=given.get("categories", []),
                          quantities=given.get("quantities"), unit=given.get("unit", ""))

    @extend_schema(summary=_("Replace the criteria of a draft tender"), request=CriteriaInput,
                   responses={200: TenderOutput, **ERRORS})
    @action(detail=True, methods=["put"])
    def criteria(self, request: Request, code: str | None = None) -> Response:
        _committee_only(request)
        given = read_input(CriteriaInput, request)
        return self._step(services.criteria_set, criteria=[dict(c) for c in given["criteria"]])

    @extend_schema(summary=_("A committee member's points for an opened bid on an assessed criterion"),
                   request=AssessmentInput, responses={200: TenderOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def assessments(self, request: Request, code: str | None = None) -> Response:
        tender = self.get_object()
        if not access.can_assess(request.user, tender):
            raise exceptions.PermissionDenied
        given = read_input(AssessmentInput, request)
        bid = get_object_or_404(Bid, tender=tender, pk=given["bid"], status=BidStatus.SUBMITTED)
        criterion = get_object_or_404(Criterion, tender=tender, name=given["criterion"])
        call(awarding.assessment_enter, actor=request.user, bid=bid, criterion=criterion, points=given["points"])
        return self._answer(tender)

    @extend_schema(summary=_("The contract's milestones, with overdue warnings"),
                   responses={200: MilestoneOutput(many=True)})
    @action(detail=True, methods=["get"])
    def milestones(self, request: Request, code: str | None = None) -> Response:
        tender = self.get_object()
        _committee_only(request)
        return Response(MilestoneOutput(queries.milestones_of(tender), many=True).data)

    @extend_schema(summary=_("Mark a milestone of the contract"), request=MilestoneInput,
                   responses={200: MilestoneOutput, **ERRORS})
    @action(detail=True, methods=["post"], url_path=r"milestones/(?P<pk>\d+)")
    def milestone(self, request: Request, code: str | None = None, pk: str | None = None) -> Response:
        tender = self.get_object()
        _committee_only(request)
        milestone = get_object_or_404(queries.milestones_of(tender), pk=pk)
        given = read_input(MilestoneInput, request)
        milestone = call(awarding.milestone_update, actor=request.user, milestone=milestone, **given)
        return Response(MilestoneOutput(milestone).data)

    def _step(self, fn: Any, **kwargs: Any) -> Response:
        tender = self.get_object()
        call(fn, actor=self.request.user, tender=tender, **kwargs)
        return self._answer(tender)

    @extend_schema(summary=_("Publish a draft tender"), request=None, responses={200: TenderOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, code: str | None = None) -> Response:
        return self._step(services.tender_publish)

    @extend_schema(summary=_("Open the bids (after the opening time)"), request=None,
                   responses={200: TenderOutput, **ERRORS})
    @action(detail=True, methods=["post"], url_path="open")
    def open_bids(self, request: Request, code: str | None = None) -> Response:
        return self._step(awarding.tender_open)

    @extend_schema(summary=_("Score and rank the opened bids"), request=None, responses={200: TenderOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, code: str | None = None) -> Response:
        return self._step(awarding.tender_evaluate)

    @extend_schema(summary=_("Award a lot to its first-ranked bid"), request=None,
                   responses={200: TenderOutput, **ERRORS})
    @action(detail=True, methods=["post"], url_path=r"lots/(?P<number>\d+)/award")
    def award(self, request: Request, code: str | None = None, number: str | None = None) -> Response:
        tender = self.get_object()
        lot = get_object_or_404(Lot, tender=tender, number=number)
        call(awarding.tender_award, actor=request.user, lot=lot)
        return self._answer(tender)

    @extend_schema(summary=_("Cancel the tender before its award, with a reason (unopened bids stay sealed)"),
                   request=CancelInput, responses={200: TenderOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, code: str | None = None) -> Response:
        return self._step(services.tender_cancel, reason=read_input(CancelInput, request)["reason"])

    def _questions(self, tender: OffsetTender, code: int = status.HTTP_200_OK) -> Response:
        questions = queries.questions_for(self.request.user, tender)
        return Response(QuestionOutput(questions, many=True, context={"request": self.request}).data, status=code)

    @extend_schema(methods=["GET"], summary=_("The questions the user sees: answered ones, and a bidder's own"),
                   responses={200: QuestionOutput(many=True)})
    @extend_schema(methods=["POST"], summary=_("Ask the committee a question (a bidder, in the questions period)"),
                   request=QuestionInput, responses={201: QuestionOutput(many=True), **ERRORS})
    @action(detail=True, methods=["get", "post"])
    def questions(self, request: Request, code: str | None = None) -> Response:
        tender = self.get_object()
        if request.method == "POST":
            call(services.question_ask, actor=request.user, tender=tender,
                 text=read_input(QuestionInput, request)["text"])
            return self._questions(tender, status.HTTP_201_CREATED)
        return self._questions(tender)

    @extend_schema(summary=_("Answer a question: published to every bidder without naming who asked"),
                   request=AnswerInput, responses={200: QuestionOutput(many=True), **ERRORS})
    @action(detail=True, methods=["post"], url_path=r"questions/(?P<pk>\d+)/answer")
    def answer(self, request: Request, code: str | None = None, pk: str | None = None) -> Response:
        tender = self.get_object()
        if not access.can_answer(request.user):
            raise exceptions.PermissionDenied
        question = get_object_or_404(Question.objects.select_related("tender"), tender=tender, pk=pk)
        call(services.question_answer, actor=request.user, question=question,
             answer=read_input(AnswerInput, request)["answer"])
        return self._questions(tender)

    @extend_schema(summary=_("The tender as an OCDS release package"), responses={200: dict})
    @action(detail=True, methods=["get"])
    def ocds(self, request: Request, code: str | None = None) -> Response:
        return Response(exporting.ocds_package([self.get_object()], request.build_absolute_uri()))


class BidViewSet(ReadViewSet):
    """Bids: the committee sees every submitted bid's metadata, a bidder its own; contents as BidOutput says."""

    output_class = BidOutput
    ordering_fields = ["submitted_at"]

    def get_queryset(self) -> QuerySet[Bid]:
        return (access.visible_bids(self.request.user).select_related("tender", "lot", "bidder", "score")
                .prefetch_related("receipts").order_by("pk"))

    @extend_schema(summary=_("Submit (or replace) a bid, or save a draft"), request=BidInput,
                   responses={201: BidOutput, **ERRORS})
    def create(self, request: Request) -> Response:
        given = read_input(BidInput, request)
        tender = get_object_or_404(access.visible_tenders(request.user), code=given["tender"])
        lot = get_object_or_404(Lot, tender=tender, number=given["lot"])
        kwargs = {"actor": request.user, "lot": lot, "values": given["values"], "capacity": given.get("capacity"),
                  "note": given.get("note", ""), "remove": given.get("remove_documents", [])}
        if given["draft"]:
            bid = call(services.bid_draft, **kwargs)
        else:
            bid = call(services.bid_submit, **kwargs).bid
        return self._answer(bid, status.HTTP_201_CREATED)

    @extend_schema(summary=_("Withdraw a bid before the deadline"), request=None, responses={200: BidOutput, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        bid = call(services.bid_withdraw, actor=request.user, bid=self.get_object())
        return self._answer(bid)
