"""The city order: versions consolidated from a campaign's accepted demand, their positions and source lines,
probable matches for review, and the analysts' decisions that later versions keep."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityorder.demand.models import Campaign, DemandLine
from cityorder.registry.models import Organization


class CityOrder(models.Model):
    """One version of the city order of a campaign; at most one version per campaign is published."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="orders")
    number = models.PositiveIntegerField(_("version"))
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    years = models.JSONField(_("years"), default=list)
    stats = models.JSONField(_("figures"), default=dict, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    # Counts over the version's lines that its pages show, kept once it is saved (order.figures)
    figures = models.JSONField(_("stored figures"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("city order version")
        verbose_name_plural = _("city order versions")
        ordering = ["campaign", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="one_version_number_per_campaign"),
            models.UniqueConstraint(fields=["campaign"], condition=models.Q(published=True),
                                    name="one_published_version_per_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code} v{self.number}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("order:version", args=[self.pk])


class Position(models.Model):
    order = models.ForeignKey(CityOrder, verbose_name=_("order version"), on_delete=models.CASCADE,
                              related_name="positions")
    position_id = models.CharField(_("position id"), max_length=32)
    key = models.CharField(_("identity key"), max_length=500)
    name = models.CharField(_("name"), max_length=1000)
    category = models.CharField(_("category"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=32, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=255, blank=True)
    part_number = models.CharField(_("part number"), max_length=255, blank=True)
    okpd2 = models.CharField(_("OKPD2"), max_length=32, blank=True)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    customers = models.PositiveIntegerField(_("customers"), default=0)
    lines = models.PositiveIntegerField(_("lines"), default=0)
    total = models.FloatField(_("total quantity"), default=0)
    quantities = models.JSONField(_("quantities by year"), default=dict)
    merged_keys = models.JSONField(_("merged keys"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["order", "-total", "position_id"]
        constraints = [models.UniqueConstraint(fields=["order", "position_id"], name="one_position_id_per_version")]
        # The version page's first page walks the second index in its order and stops at 50 rows, instead of
        # sorting 100k positions (and their yearly quantities) per request.
        indexes = [models.Index(fields=["order", "category"]),
                   models.Index(fields=["order", "-total", "position_id"], name="position_in_order"),
                   # The review page finds the decisions on a version's keys by probing this, key by key.
                   models.Index(fields=["order", "key"], name="position_by_key"),
                   # Global search lists the current versions' positions largest first: a common word's first 20
                   # are met by walking this instead of sorting every matching position (100 ms at 100k).
                   models.Index(fields=["-total", "id"], name="position_by_total")]

    def __str__(self) -> str:
        return f"{self.position_id} {self.name}"

    def quantity(self, year: int) -> float:
        return float(self.quantities.get(str(year), 0) or 0)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("order:position", args=[self.order_id, self.position_id])


class PositionQuantity(models.Model):
    """A position's quantity in one year, as rows so pages can filter and chart by year in SQL."""

    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.CASCADE,
                                 related_name="yearly")
    year = models.PositiveSmallIntegerField(_("year"))
    quantity = models.FloatField(_("quantity"))

    class Meta:
        verbose_name = _("position quantity")
        verbose_name_plural = _("position quantities")
        constraints = [models.UniqueConstraint(fields=["position", "year"], name="one_quantity_per_position_year")]


class PositionLine(models.Model):
    """A demand line counted in a position, with where it came from copied in: the version stays traceable even
    if the customer later changes its submission."""

    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.CASCADE,
                                 related_name="source_lines")
    line = models.ForeignKey(DemandLine, verbose_name=_("demand line"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    customer = models.ForeignKey(Organization, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+")
    file = models.CharField(_("file"), max_length=255, blank=True)
    sheet = models.CharField(_("sheet"), max_length=255, blank=True)
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=8, blank=True)
    name = models.CharField(_("name"), max_length=1000, blank=True)
    part_number = models.CharField(_("part number"), max_length=255, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=255, blank=True)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    quantities = models.JSONField(_("quantities by year"), default=dict)
    total = models.FloatField(_("total quantity"), default=0)

    class Meta:
        verbose_name = _("source line")
        verbose_name_plural = _("source lines")
        ordering = ["position", "customer__short_name", "file", "row"]
        indexes = [models.Index(fields=["customer"])]

    def __str__(self) -> str:
        return f"{self.file}:{self.row}"


class ProbableMatch(models.Model):
    """Two keys the engine thinks are probably one part: joined automatically (``merged``) or left for review."""

    order = models.ForeignKey(CityOrder, verbose_name=_("order version"), on_delete=models.CASCADE,
                              related_name="matches")
    position_a = models.CharField(_("position A"), max_length=32)
    position_b = models.CharField(_("position B"), max_length=32)
    key_a = models.CharField(_("key A"), max_length=500)
    key_b = models.CharField(_("key B"), max_length=500)
    score = models.PositiveSmallIntegerField(_("score"))
    reason = models.TextField(_("reason"))
    merged = models.BooleanField(_("merged automatically"), default=False)

    class Meta:
        verbose_name = _("probable match")
        verbose_name_plural = _("probable matches")
        ordering = ["order", "-score", "pk"]
        # The review queue pages a version's pairs by score (a page walks the first index and stops after its
        # rows) and counts the decided ones from the decisions' side, probing the second with each decision's keys.
        indexes = [models.Index(fields=["order", "merged", "-score", "id"], name="match_by_score"),
                   models.Index(fields=["order", "key_a"], name="match_by_key")]

    def __str__(self) -> str:
        return f"{self.position_a} ~ {self.position_b} ({self.score})"


class MergedKey(models.Model):
    """A key consolidation joined into a position with others (Position.merged_keys), as a row: the review page
    finds the decisions on a version's keys in SQL (a JSON list cannot be searched on SQLite). Only positions
    that join keys have rows here."""

    order = models.ForeignKey(CityOrder, verbose_name=_("order version"), on_delete=models.CASCADE,
                              related_name="merged_key_rows")
    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("identity key"), max_length=500)

    class Meta:
        verbose_name = _("merged key")
        verbose_name_plural = _("merged keys")
        indexes = [models.Index(fields=["order", "key"], name="merged_key_in_order")]

    def __str__(self) -> str:
        return self.key


class Verdict(models.TextChoices):
    SAME = "same", _("Same position")
    DIFFERENT = "different", _("Different positions")


class MatchDecision(models.Model):
    """An analyst's verdict on two identity keys; every later consolidation honours it (keys sorted: one row a pair)."""

    key_a = models.CharField(_("key A"), max_length=500)
    key_b = models.CharField(_("key B"), max_length=500)
    verdict = models.CharField(_("decision"), max_length=16, choices=Verdict.choices)
    campaign = models.ForeignKey(Campaign, verbose_name=_("decided in campaign"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        verbose_name = _("match decision")
        verbose_name_plural = _("match decisions")
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["key_a", "key_b"], name="one_decision_per_pair"),
            models.CheckConstraint(condition=models.Q(key_a__lt=models.F("key_b")), name="decision_keys_sorted"),
        ]

    def __str__(self) -> str:
        return f"{self.key_a} / {self.key_b}: {self.verdict}"
