"""Cooperation projects of a cluster: what they make, who takes part, their bills of materials by version,
the production plan by year, and the demand each explosion derived (traced to the lines of the BOM)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityorder.registry.models import Cluster, Organization, Product


class ProductKind(models.TextChoices):
    BUS = "bus", _("Electric bus")
    VAN = "van", _("Electric van")
    BATTERY = "battery", _("Traction battery")
    CHARGING_STATION = "charging_station", _("Charging station")
    OTHER = "other", _("Other product")


class Project(models.Model):
    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT,
                                related_name="projects")
    code = models.SlugField(_("code"), unique=True)
    title = models.CharField(_("title"), max_length=500)
    product = models.ForeignKey(Product, verbose_name=_("registry product"), on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="projects")
    product_name = models.CharField(_("product"), max_length=500, blank=True,
                                    help_text=_("The product the project makes, when it is not in the registry yet."))
    product_kind = models.CharField(_("kind of product"), max_length=32, choices=ProductKind.choices,
                                    default=ProductKind.OTHER)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")
        ordering = ["cluster", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def product_label(self) -> str:
        return self.product.name if self.product else self.product_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cooperation:project", args=[self.code])


class ParticipantRole(models.TextChoices):
    INTEGRATOR = "integrator", _("Integrator")
    SUPPLIER = "supplier", _("Supplier")
    DEVELOPER = "developer", _("Developer")
    TEST_SITE = "test_site", _("Test site")


class Participant(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="participants")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT,
                                     related_name="project_roles")
    role = models.CharField(_("role in the project"), max_length=16, choices=ParticipantRole.choices)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["project", "role", "organization__short_name"]
        constraints = [models.UniqueConstraint(fields=["project", "organization", "role"],
                                               name="one_role_of_an_organization_per_project")]

    def __str__(self) -> str:
        return f"{self.organization.short_name} ({self.get_role_display()})"


class Milestone(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="milestones")
    title = models.CharField(_("title"), max_length=500)
    due = models.DateField(_("due"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due", "pk"]

    def __str__(self) -> str:
        return self.title


class BomVersion(models.Model):
    """One imported state of a project's bill of materials; a new import makes a new version, none is edited."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="bom_versions")
    number = models.PositiveIntegerField(_("version"))
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"),
                                   on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("BOM version")
        verbose_name_plural = _("BOM versions")
        ordering = ["project", "-number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="one_number_per_bom_version")]

    def __str__(self) -> str:
        return f"{self.project.code} v{self.number}"


class BomItem(models.Model):
    """A line of a BOM version, in the order of the file; ``parent`` is the assembly it goes into."""

    version = models.ForeignKey(BomVersion, verbose_name=_("BOM version"), on_delete=models.CASCADE,
                                related_name="items")
    position = models.PositiveIntegerField(_("position"))
    row = models.PositiveIntegerField(_("row of the file"), default=0)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey("self", verbose_name=_("assembly"), on_delete=models.CASCADE, null=True,
                               blank=True, related_name="children")
    key = models.CharField(_("part identity"), max_length=300, db_index=True)
    part_number = models.CharField(_("part number"), max_length=255, blank=True)
    name = models.CharField(_("name"), max_length=1000, blank=True)
    qty_per = models.DecimalField(_("quantity per parent"), max_digits=18, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=32, default="pcs")
    attrition = models.DecimalField(_("attrition, %"), max_digits=6, decimal_places=3, default=Decimal(0),
                                    validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))])
    manufacturer = models.CharField(_("manufacturer"), max_length=255, blank=True)
    designators = models.TextField(_("designators"), blank=True)
    alternates = models.CharField(_("alternates"), max_length=1000, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    subproject = models.ForeignKey(Project, verbose_name=_("sub-assembly project"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="used_in",
                                   help_text=_("A line bought as another project's product: its BOM is exploded "
                                               "under this line."))

    class Meta:
        verbose_name = _("BOM line")
        verbose_name_plural = _("BOM lines")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="one_position_per_bom_line")]

    def __str__(self) -> str:
        return self.part_number or self.name


class PlanYear(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="plan")
    year = models.PositiveSmallIntegerField(_("year"))
    units = models.PositiveIntegerField(_("units to build"))

    class Meta:
        verbose_name = _("production plan year")
        verbose_name_plural = _("production plan")
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="one_plan_entry_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.units}"


class Explosion(models.Model):
    """A BOM version exploded over the plan into a campaign; the latest one of a project is the one that counts."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="explosions")
    version = models.ForeignKey(BomVersion, verbose_name=_("BOM version"), on_delete=models.PROTECT,
                                related_name="explosions")
    campaign = models.ForeignKey("demand.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="project_explosions")
    submission = models.ForeignKey("demand.Submission", verbose_name=_("submission"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="project_explosions")
    source = models.ForeignKey("demand.SourceFile", verbose_name=_("derived demand file"),
                               on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    plan = models.JSONField(_("plan"), default=dict)
    job = models.ForeignKey("jobs.Job", verbose_name=_("job"), on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="+")
    current = models.BooleanField(_("current"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("exploded by"),
                                   on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("exploded"), auto_now_add=True)

    class Meta:
        verbose_name = _("explosion")
        verbose_name_plural = _("explosions")
        ordering = ["project", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version} → {self.campaign.code}"


class DerivedNeed(models.Model):
    """One bought part of an explosion: its need by year, the BOM paths it came from and the demand line it made."""

    explosion = models.ForeignKey(Explosion, verbose_name=_("explosion"), on_delete=models.CASCADE,
                                  related_name="needs")
    key = models.CharField(_("part identity"), max_length=300)
    part_number = models.CharField(_("part number"), max_length=255, blank=True)
    name = models.CharField(_("name"), max_length=1000, blank=True)
    unit = models.CharField(_("unit"), max_length=32)
    # The engine's category of the part, kept so the suppliers page need not identify every part on each request.
    category = models.CharField(_("category"), max_length=64, blank=True)
    qty_per_product = models.DecimalField(_("per unit of the product"), max_digits=24, decimal_places=6)
    quantities = models.JSONField(_("quantities by year"), default=dict)
    paths = models.JSONField(_("paths in the BOM"), default=list)
    demand_line = models.OneToOneField("demand.DemandLine", verbose_name=_("demand line"), on_delete=models.SET_NULL,
                                       null=True, blank=True, related_name="derived_from")

    class Meta:
        verbose_name = _("derived need")
        verbose_name_plural = _("derived needs")
        ordering = ["explosion", "pk"]

    def __str__(self) -> str:
        return self.part_number or self.name


class SourcingMode(models.TextChoices):
    BUY = "buy", _("Buy")
    MAKE = "make", _("Make in the project")


class AssignmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    NEGOTIATING = "negotiating", _("Negotiating")
    AGREED = "agreed", _("Agreed")


class Assignment(models.Model):
    """Who supplies a part to this project: decided per project and part, never on the item master."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="assignments")
    key = models.CharField(_("part identity"), max_length=300)
    part_number = models.CharField(_("part number"), max_length=255, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("supplier"), on_delete=models.PROTECT,
                                     related_name="project_assignments")
    product = models.ForeignKey(Product, verbose_name=_("supplier's product"), on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="project_assignments")
    mode = models.CharField(_("make or buy"), max_length=8, choices=SourcingMode.choices, default=SourcingMode.BUY)
    status = models.CharField(_("status"), max_length=16, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.PROPOSED)
    domestic_by_decision = models.BooleanField(
        _("domestic by an analyst's decision"), default=False,
        help_text=_("Counted as domestic for localization without a valid PP 719 registry entry."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("supplier assignment")
        verbose_name_plural = _("supplier assignments")
        ordering = ["project", "part_number"]
        constraints = [models.UniqueConstraint(fields=["project", "key"], name="one_supplier_per_project_part")]

    def __str__(self) -> str:
        return f"{self.part_number}: {self.organization.short_name}"


class LocalizationItem(models.Model):
    """A line of a product kind's localization table in the manner of Decree 719: an operation or a component
    with its points. Reference data, kept by an administrator."""

    product_kind = models.CharField(_("kind of product"), max_length=32, choices=ProductKind.choices)
    code = models.SlugField(_("code"), max_length=64)
    title = models.CharField(_("operation or component"), max_length=500)
    points = models.PositiveIntegerField(_("points"))
    categories = models.CharField(
        _("categories"), max_length=500, blank=True,
        help_text=_("Nomenclature codes separated by commas (e.g. battery, drive): the BOM's parts in them make "
                    "this component. Empty for an operation the integrator performs."))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("localization item")
        verbose_name_plural = _("localization items")
        ordering = ["product_kind", "-points", "code"]
        constraints = [models.UniqueConstraint(fields=["product_kind", "code"], name="one_localization_item_code")]

    def __str__(self) -> str:
        return f"{self.title} ({self.points})"

    @property
    def category_codes(self) -> tuple[str, ...]:
        return tuple(c.strip() for c in self.categories.split(",") if c.strip())


class LocalizationThreshold(models.Model):
    product_kind = models.CharField(_("kind of product"), max_length=32, choices=ProductKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    points = models.PositiveIntegerField(_("points required"))

    class Meta:
        verbose_name = _("localization threshold")
        verbose_name_plural = _("localization thresholds")
        ordering = ["product_kind", "year"]
        constraints = [models.UniqueConstraint(fields=["product_kind", "year"], name="one_threshold_per_kind_year")]

    def __str__(self) -> str:
        return f"{self.get_product_kind_display()} {self.year}: {self.points}"


class RegistryEntry(models.Model):
    """A conclusion of the registry of Russian industrial products (Decree 719), as GISP publishes it."""

    registry_no = models.CharField(_("registry number"), max_length=128, unique=True)
    registry_date = models.DateField(_("entered"), null=True, blank=True)
    organization_name = models.CharField(_("organization"), max_length=500)
    inn = models.CharField(_("INN"), max_length=12, db_index=True)
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True)
    product_name = models.CharField(_("product"), max_length=1000)
    okpd2 = models.CharField(_("OKPD2"), max_length=32, blank=True)
    tnved = models.CharField(_("TN VED"), max_length=32, blank=True)
    points = models.DecimalField(_("localization points"), max_digits=10, decimal_places=2, null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("PP 719 registry entry")
        verbose_name_plural = _("PP 719 registry entries")
        ordering = ["organization_name", "registry_no"]

    def __str__(self) -> str:
        return f"{self.registry_no}: {self.product_name}"

    def valid_in(self, year: int) -> bool:
        from cityorder.engine.localization import GispEntry, valid_in

        return valid_in(GispEntry(0, self.organization_name, self.inn, self.registry_no, self.product_name,
                                  registry_date=self.registry_date, valid_until=self.valid_until), year)
