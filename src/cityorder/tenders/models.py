"""Offset-contract tenders: the tender prepared from the published city order, its lots and criteria, sealed bids,
their receipts and scores, awards with the contract's milestones, and the append-only audit log.

A bid's contents live only in ``Bid.sealed`` (encrypted with the tender's own key, see cityorder.tenders.sealing)
until the committee opens the tender; ``Bid.opened`` is filled at the opening and not before.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityorder.order.models import CityOrder, Position
from cityorder.registry.models import Organization


class TenderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Accepting bids")
    OPENED = "opened", _("Bids opened")
    EVALUATED = "evaluated", _("Evaluated")
    AWARDED = "awarded", _("Awarded")
    CANCELLED = "cancelled", _("Cancelled")


class OffsetTender(models.Model):
    """An electronic competition for an offset contract (44-FZ art. 111.4): supplies to the city in exchange for
    building or modernizing production in the region."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    subject = models.CharField(_("subject"), max_length=500)
    order = models.ForeignKey(CityOrder, verbose_name=_("city order version"), on_delete=models.PROTECT,
                              related_name="tenders")
    status = models.CharField(_("status"), max_length=16, choices=TenderStatus.choices, default=TenderStatus.DRAFT)
    # The investor's obligations.
    region = models.CharField(_("region of the plant"), max_length=255, default="г. Москва")
    build_years = models.PositiveSmallIntegerField(_("build or modernize production within, years"), default=3)
    min_investment = models.DecimalField(_("minimum investment, RUB"), max_digits=16, decimal_places=2, default=0)
    localization_level = models.DecimalField(_("localization level, %"), max_digits=5, decimal_places=2, default=0)
    required_capacity = models.JSONField(_("plant capacity by year"), default=dict, blank=True)
    city_share = models.DecimalField(_("at most this share of the plant's yearly output to the city, %"),
                                     max_digits=5, decimal_places=2, default=30)
    # The timetable.
    publication_at = models.DateTimeField(_("publication"), null=True, blank=True)
    questions_until = models.DateTimeField(_("questions until"), null=True, blank=True)
    bid_deadline = models.DateTimeField(_("bid deadline"))
    opening_at = models.DateTimeField(_("opening of bids"))
    evaluation_until = models.DateTimeField(_("evaluation until"), null=True, blank=True)
    award_at = models.DateTimeField(_("award"), null=True, blank=True)
    opened_at = models.DateTimeField(_("bids opened"), null=True, blank=True)
    # A cancellation before the award: when, why, and the status it was cancelled in (bidders see a tender
    # cancelled after its publication, never one cancelled as a draft).
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_from = models.CharField(_("cancelled in status"), max_length=16, choices=TenderStatus.choices,
                                      blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("offset tender")
        verbose_name_plural = _("offset tenders")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(opening_at__gte=models.F("bid_deadline")),
                                   name="tender_opening_after_deadline"),
            models.CheckConstraint(condition=models.Q(city_share__gt=0, city_share__lte=30),
                                   name="tender_city_share_at_most_30"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tenders:tender", args=[self.code])

    def accepting_bids(self, now: Any = None) -> bool:
        """Published, and between its publication and its bid deadline."""
        now = now or timezone.now()
        started = self.publication_at is None or self.publication_at <= now
        return self.status == TenderStatus.PUBLISHED and started and now < self.bid_deadline

    def accepting_questions(self, now: Any = None) -> bool:
        """Published and in its questions period: until ``questions_until``, or the bid deadline without one."""
        now = now or timezone.now()
        started = self.publication_at is None or self.publication_at <= now
        return (self.status == TenderStatus.PUBLISHED and started
                and now < (self.questions_until or self.bid_deadline))

    def cancellable(self) -> bool:
        """Before its award: not cancelled yet, and none of its lots awarded."""
        return (self.status in (TenderStatus.DRAFT, TenderStatus.PUBLISHED, TenderStatus.OPENED,
                                TenderStatus.EVALUATED)
                and not self.lots.filter(award__isnull=False).exists())

    @property
    def is_open(self) -> bool:
        """Bid contents may be read: the committee has opened the bids, after the opening time."""
        return self.opened_at is not None


class TenderKey(models.Model):
    """The tender's own data key, wrapped by the key-encryption key that lives outside the database
    (CITYORDER_TENDER_KEK / CITYORDER_TENDER_KEK_FILE); a copy of the database alone opens no bid."""

    tender = models.OneToOneField(OffsetTender, on_delete=models.CASCADE, related_name="key")
    wrapped = models.BinaryField(_("wrapped key"))
    kek_id = models.CharField(_("key-encryption key id"), max_length=16)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("tender key")
        verbose_name_plural = _("tender keys")

    def __str__(self) -> str:
        return f"{self.tender.code} ({self.kek_id})"


class Lot(models.Model):
    tender = models.ForeignKey(OffsetTender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(_("lot number"))
    name = models.CharField(_("name"), max_length=500)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    quantities = models.JSONField(_("quantities by year"), default=dict)
    max_price = models.DecimalField(_("initial maximum price, RUB"), max_digits=18, decimal_places=2)
    positions: models.ManyToManyField[Position, Any] = models.ManyToManyField(
        Position, verbose_name=_("positions of the city order"), blank=True, related_name="tender_lots")

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["tender", "number"]
        constraints = [models.UniqueConstraint(fields=["tender", "number"], name="one_lot_number_per_tender")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def quantity(self, year: int) -> float:
        return float(self.quantities.get(str(year), 0) or 0)


class Better(models.TextChoices):
    # The engine's words (cityorder.engine.tenders.Better).
    LESS = "less", _("Less is better")
    MORE = "more", _("More is better")
    ASSESSED = "assessed", _("Assessed by the committee, 0–100 points")


class Indicator(models.TextChoices):
    """What a criterion measures, so the award knows which offered value is which obligation."""

    PRICE = "price", _("Price")
    INVESTMENT = "investment", _("Investment")
    LOCALIZATION = "localization", _("Localization")
    START_MONTHS = "start_months", _("Months to start of production")
    CAPACITY = "capacity", _("Capacity")
    QUALIFICATION = "qualification", _("Qualification (experience)")
    OTHER = "other", _("Other")


class Criterion(models.Model):
    tender = models.ForeignKey(OffsetTender, verbose_name=_("tender"), on_delete=models.CASCADE,
                               related_name="criteria")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("criterion"), max_length=255)
    weight = models.DecimalField(_("weight, %"), max_digits=5, decimal_places=2)
    better = models.CharField(_("better"), max_length=16, choices=Better.choices)
    limit = models.DecimalField(_("limit value"), max_digits=18, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    indicator = models.CharField(_("indicator"), max_length=16, choices=Indicator.choices, default=Indicator.OTHER)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["tender", "number"]
        constraints = [models.UniqueConstraint(fields=["tender", "name"], name="one_criterion_name_per_tender")]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


class BidStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Bid(models.Model):
    """A bidder's bid for one lot: one per lot and bidder; replacing it seals new contents under a new receipt."""

    tender = models.ForeignKey(OffsetTender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="bids")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.CASCADE, related_name="bids")
    bidder = models.ForeignKey(Organization, verbose_name=_("bidder"), on_delete=models.PROTECT, related_name="bids")
    status = models.CharField(_("status"), max_length=16, choices=BidStatus.choices, default=BidStatus.DRAFT)
    sealed = models.BinaryField(_("sealed contents"))
    digest = models.CharField(_("SHA-256 of the contents"), max_length=64)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    opened = models.JSONField(_("contents, after opening"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["lot", "submitted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["lot", "bidder"], name="one_bid_per_lot_and_bidder")]

    def __str__(self) -> str:
        # Never the contents: this text shows in the admin, logs and error pages.
        return f"{self.tender.code} / {self.lot.number} / {self.bidder.short_name}"


class Receipt(models.Model):
    """Given to the bidder at each submission: the hash of what was sealed, so any later change is detectable."""

    bid = models.ForeignKey(Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="receipts")
    number = models.CharField(_("receipt number"), max_length=64, unique=True)
    digest = models.CharField(_("SHA-256 of the contents"), max_length=64)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class Assessment(models.Model):
    """A committee member's points (0–100) for a bid on an assessed criterion; the bid's value is their mean."""

    bid = models.ForeignKey(Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("committee member"),
                               on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion", "member"], name="one_assessment_per_member"),
            models.CheckConstraint(condition=models.Q(points__gte=0, points__lte=100), name="assessment_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.bid} / {self.criterion.name}"


class BidScore(models.Model):
    """The evaluation of a bid by the engine (cityorder.engine.tenders.score_offers): points before weighting
    (exact values kept as text), total and rank within the lot."""

    bid = models.OneToOneField(Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="score")
    values = models.JSONField(_("values scored"), default=dict)
    points = models.JSONField(_("points by criterion"), default=dict)
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=6)
    rank = models.PositiveSmallIntegerField(_("rank"))
    scored_at = models.DateTimeField(_("scored"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["bid__lot", "rank"]

    def __str__(self) -> str:
        return f"{self.bid}: {self.total} (#{self.rank})"


class Award(models.Model):
    lot = models.OneToOneField(Lot, verbose_name=_("lot"), on_delete=models.CASCADE, related_name="award")
    bid = models.OneToOneField(Bid, verbose_name=_("winning bid"), on_delete=models.PROTECT, related_name="award")
    awarded_at = models.DateTimeField(_("awarded"), default=timezone.now)
    supplies = models.JSONField(_("contracted supplies by year"), default=dict)
    plant_capacity = models.JSONField(_("plant capacity by year"), default=dict)
    # The plant as a domestic product of the catalog: the coverage of the order counts its contracted supplies.
    catalog_item = models.ForeignKey("substitution.CatalogItem", verbose_name=_("plant's product"),
                                     on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("awarded by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["lot"]

    def __str__(self) -> str:
        return f"{self.lot} → {self.bid.bidder.short_name}"


class MilestoneKind(models.TextChoices):
    # The engine's words (cityorder.engine.tenders.obligations.MILESTONES).
    LAND = "land", _("Land secured")
    CONSTRUCTION = "construction", _("Construction finished")
    COMMISSIONING = "commissioning", _("Production commissioned")
    FIRST_SUPPLIES = "first_supplies", _("First supplies to the city")
    LOCALIZATION = "localization", _("Localization level reached")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


class Milestone(models.Model):
    award = models.ForeignKey(Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=32, choices=MilestoneKind.choices)
    due = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=16, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["award", "due"]
        constraints = [models.UniqueConstraint(fields=["award", "kind"], name="one_milestone_kind_per_award")]

    def __str__(self) -> str:
        return f"{self.award}: {self.get_kind_display()}"

    def overdue(self, today: date | None = None) -> bool:
        return self.status != MilestoneStatus.DONE and self.due < (today or timezone.localdate())


class Question(models.Model):
    """A bidder's request for clarification of a tender, asked in the questions period, and the committee's
    answer; once answered it is published to every bidder without naming who asked."""

    tender = models.ForeignKey(OffsetTender, verbose_name=_("tender"), on_delete=models.CASCADE,
                               related_name="questions")
    asked_by = models.ForeignKey(Organization, verbose_name=_("asked by"), on_delete=models.PROTECT,
                                 related_name="+")
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["tender", "asked_at", "pk"]

    def __str__(self) -> str:
        # Never the asker: this text shows in the admin and logs.
        return f"{self.tender.code} / {self.pk}"


class AppendOnly(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("the audit log is append-only")


class AuditEntry(models.Model):
    """Every action on a tender and its bids, in order; entries are never changed or removed."""

    tender = models.ForeignKey(OffsetTender, verbose_name=_("tender"), on_delete=models.PROTECT,
                               related_name="audit")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="+")
    action = models.CharField(_("action"), max_length=64)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = AppendOnly.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["tender", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("the audit log is append-only")
