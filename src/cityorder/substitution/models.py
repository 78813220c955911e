"""Import substitution: the catalog of products (domestic and foreign), cross-references between them,
manufacturers' offers, the analogs proposed for each position of an order version and the analysts' verdicts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityorder.order.models import CityOrder, Position
from cityorder.registry.models import Organization, Product


class Origin(models.TextChoices):
    DOMESTIC = "domestic", _("Domestic")
    FOREIGN = "foreign", _("Foreign")


class Compatibility(models.TextChoices):
    SAME = "same", _("The same product")
    PIN = "pin", _("Pin-compatible (drop-in)")
    FUNCTIONAL = "functional", _("Functional (other package or pinout)")
    PARAMETRIC = "parametric", _("Parametric")
    TEXT = "text", _("Similar name")


class CatalogItem(models.Model):
    """A product someone makes, here or abroad; domestic ones carry capacities by year that feed coverage."""

    key = models.CharField(_("part key"), max_length=255, db_index=True,
                           help_text=_("The part number as the engine normalizes it."))
    part_number = models.CharField(_("part number"), max_length=255)
    manufacturer = models.CharField(_("manufacturer"), max_length=255, blank=True)
    name = models.CharField(_("name"), max_length=1000, blank=True)
    category = models.CharField(_("category"), max_length=64, blank=True)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    registry_no = models.CharField(_("registry entry"), max_length=128, blank=True,
                                   help_text=_("Entry in the PP 719 registry of Russian industrial products or the "
                                               "registry of Russian radio-electronic products."))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    capacities = models.JSONField(_("capacity by year"), default=dict, blank=True)
    price = models.DecimalField(_("price, RUB"), max_digits=16, decimal_places=2, null=True, blank=True)
    readiness_year = models.PositiveSmallIntegerField(_("available from year"), null=True, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("producer in the registry"),
                                     on_delete=models.SET_NULL, null=True, blank=True, related_name="catalog_items")
    product = models.OneToOneField(Product, verbose_name=_("registry product"), on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="catalog_item")
    source = models.CharField(_("source"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("catalog product")
        verbose_name_plural = _("catalog products")
        ordering = ["part_number", "manufacturer"]
        constraints = [
            models.UniqueConstraint(fields=["key", "manufacturer"], name="one_catalog_item_per_part_and_maker"),
        ]
        indexes = [
            models.Index(fields=["origin", "category"]),
            # the catalog page and the API list read their first page in this order: without it a page of 50 of
            # 1M products sorted them all (1.3 s on PostgreSQL)
            models.Index(fields=["part_number", "manufacturer"], name="catalogitem_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.part_number} ({self.manufacturer})" if self.manufacturer else self.part_number


class CatalogCount(models.Model):
    """How many catalog products there are of one origin, kept by substitution.catalog_counts with every change
    of the catalog: counting 1M products on each request took 300–450 ms on PostgreSQL."""

    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices, primary_key=True)
    items = models.PositiveBigIntegerField(_("products"), default=0)

    class Meta:
        verbose_name = _("catalog count")
        verbose_name_plural = _("catalog counts")

    def __str__(self) -> str:
        return f"{self.origin}: {self.items}"


class CrossReference(models.Model):
    """«This part can replace that one»; stored once, known in both directions. A part number may name a family
    (NE555) and then applies to its orderable variants (NE555P)."""

    key = models.CharField(_("part key"), max_length=255, db_index=True)
    part_number = models.CharField(_("part number"), max_length=255)
    analog_key = models.CharField(_("analog key"), max_length=255, db_index=True)
    analog_part_number = models.CharField(_("analog part number"), max_length=255)
    compatibility = models.CharField(_("compatibility"), max_length=16, choices=Compatibility.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cross-reference")
        verbose_name_plural = _("cross-references")
        ordering = ["part_number", "analog_part_number"]
        constraints = [models.UniqueConstraint(fields=["key", "analog_key"], name="one_cross_reference_per_pair")]

    def __str__(self) -> str:
        return f"{self.part_number} ↔ {self.analog_part_number} ({self.compatibility})"


class Offer(models.Model):
    """A manufacturer's offer to the city: a product, the volume it can supply by year, a price, from which year."""

    organization = models.ForeignKey(Organization, verbose_name=_("manufacturer"), on_delete=models.CASCADE,
                                     related_name="offers")
    item = models.ForeignKey(CatalogItem, verbose_name=_("product"), on_delete=models.CASCADE, related_name="offers")
    volumes = models.JSONField(_("volume by year"), default=dict)
    price = models.DecimalField(_("price, RUB"), max_digits=16, decimal_places=2, null=True, blank=True)
    from_year = models.PositiveSmallIntegerField(_("from year"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["organization", "-created_at"]

    def __str__(self) -> str:
        return f"{self.organization.short_name}: {self.item}"


class AnalogVerdict(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class AnalogDecision(models.Model):
    """An analyst's verdict on «this domestic product replaces that position», keyed by the position's identity key
    so that every later version keeps it."""

    position_key = models.CharField(_("position key"), max_length=500)
    item = models.ForeignKey(CatalogItem, verbose_name=_("analog"), on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("decision"), max_length=16, choices=AnalogVerdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        verbose_name = _("analog decision")
        verbose_name_plural = _("analog decisions")
        constraints = [models.UniqueConstraint(fields=["position_key", "item"], name="one_analog_decision_per_pair")]

    def __str__(self) -> str:
        return f"{self.position_key} → {self.item}: {self.verdict}"


class Analog(models.Model):
    """A domestic analog proposed for a position of an order version (rank 1 = best)."""

    order = models.ForeignKey(CityOrder, verbose_name=_("order version"), on_delete=models.CASCADE,
                              related_name="analogs")
    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.CASCADE,
                                 related_name="analogs")
    item = models.ForeignKey(CatalogItem, verbose_name=_("analog"), on_delete=models.CASCADE, related_name="analogs")
    rank = models.PositiveSmallIntegerField(_("rank"))
    compatibility = models.CharField(_("compatibility"), max_length=16, choices=Compatibility.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    reason = models.TextField(_("reason"))
    verdict = models.CharField(_("decision"), max_length=16, choices=AnalogVerdict.choices, blank=True)

    class Meta:
        verbose_name = _("analog")
        verbose_name_plural = _("analogs")
        ordering = ["position", "rank"]
        constraints = [models.UniqueConstraint(fields=["position", "item"], name="one_analog_per_position_item")]

    def __str__(self) -> str:
        return f"{self.position.position_id} #{self.rank}: {self.item}"


# The stored coverage of an order version ---------------------------------------------------------------------------


class CoverageChange(models.TextChoices):
    """What changed in the inputs of a version's coverage, as its pages say while it is computed again."""

    NEW = "new", _("not computed yet")
    MATCHING = "matching", _("the analogs were matched again")
    VERDICT = "verdict", _("an analog was confirmed or rejected")
    CATALOG = "catalog", _("the catalog changed")
    OFFERS = "offers", _("a manufacturer's offer changed")
    AWARD = "award", _("a tender award added an analog")
    PUBLICATION = "publication", _("the version was published")


class StoredCoverage(models.Model):
    """The coverage of one order version as last computed (engine.substitution.compute_coverage over its positions,
    analogs and the capacities and offers of their products), so pages read rows instead of computing it.

    Every change of an input raises ``inputs_version`` in the transaction of the change; the stored figures are
    those of ``computed_version``, and while the two differ the pages show no figures but the computation's
    progress. ``summary`` holds what is small (years, shares, roadmap, categories); positions and products are rows.
    """

    order = models.OneToOneField(CityOrder, verbose_name=_("order version"), on_delete=models.CASCADE,
                                 related_name="stored_coverage")
    inputs_version = models.PositiveIntegerField(_("inputs version"), default=1)
    computed_version = models.PositiveIntegerField(_("computed version"), default=0)
    change = models.CharField(_("last change"), max_length=16, choices=CoverageChange.choices,
                              default=CoverageChange.NEW)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    job = models.ForeignKey("jobs.Job", verbose_name=_("latest computation"), on_delete=models.SET_NULL, null=True,
                            blank=True, related_name="+")

    class Meta:
        verbose_name = _("stored coverage")
        verbose_name_plural = _("stored coverages")

    def __str__(self) -> str:
        return f"{self.order}: {self.computed_version}/{self.inputs_version}"

    @property
    def fresh(self) -> bool:
        return self.computed_version == self.inputs_version


class CoveragePosition(models.Model):
    """One position's coverage by year, as the stored computation made it: its need, what the allotment supplied,
    the status, the shortfall of the years not covered and the products it drew on."""

    order = models.ForeignKey(CityOrder, on_delete=models.CASCADE, related_name="+")
    position = models.OneToOneField(Position, on_delete=models.CASCADE, related_name="coverage")
    category = models.CharField(max_length=64)
    need = models.JSONField(default=dict)  # year -> quantity
    supplied = models.JSONField(default=dict)  # year -> quantity covered (the whole need when domestic itself)
    statuses = models.JSONField(default=dict)  # year -> covered / short / none
    shortfall = models.JSONField(default=dict)  # year -> quantity not covered, for the years not covered
    sources = models.JSONField(default=dict)  # year -> [[catalog item id, quantity allotted], ...] in rank order
    unit_price = models.FloatField(null=True)
    own = models.BooleanField(default=False)
    covered_from = models.PositiveSmallIntegerField(null=True)  # covered in every year from this one to the last
    gap_rank = models.PositiveIntegerField(null=True)  # place among the gaps, largest shortfall first; null: no gap
    no_analog = models.BooleanField(default=False)  # a gap with no counted analog in any year it falls short
    total = models.FloatField(default=0)  # the shortfall over the years
    value = models.FloatField(null=True)  # the shortfall at the unit price, when known

    class Meta:
        indexes = [models.Index(fields=["order", "gap_rank"]), models.Index(fields=["order", "category", "gap_rank"])]


class CoverageProduct(models.Model):
    """One counted analog product's capacity against demand by year, as the stored computation allotted it."""

    order = models.ForeignKey(CityOrder, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField()  # largest demand first, as engine.Coverage.balances
    category = models.CharField(max_length=64, blank=True)
    unit = models.CharField(max_length=32, blank=True)
    capacity = models.JSONField(default=dict)
    demand = models.JSONField(default=dict)
    allotted = models.JSONField(default=dict)
    capacity_total = models.FloatField(default=0)
    demand_total = models.FloatField(default=0)
    balance_total = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["order", "rank"]), models.Index(fields=["order", "category", "rank"])]
        constraints = [models.UniqueConstraint(fields=["order", "item"], name="one_coverage_product_per_version")]
