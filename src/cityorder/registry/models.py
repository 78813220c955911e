"""The registry: organizations, special economic zones, clusters, competencies, products, capacities."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cityorder.registry import identifiers


class Bilingual(models.Model):
    """Reference data named in Russian first, with an English name for the English interface."""

    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name_en and (translation.get_language() or "ru").startswith("en"):
            return self.name_en
        return self.name


class OrganizationKind(models.TextChoices):
    GOVERNMENT_BODY = "government_body", _("Government body")
    SUBORDINATE = "subordinate", _("Subordinate organization")
    COMPANY = "company", _("Company")
    RESEARCH = "research", _("Research institute")


# Kinds that place demand with the city: their data is visible only to themselves and the department.
CUSTOMER_KINDS = frozenset({OrganizationKind.GOVERNMENT_BODY, OrganizationKind.SUBORDINATE})


class Organization(models.Model):
    inn = models.CharField(
        _("INN"), max_length=12, unique=True, validators=[identifiers.validate_inn],
        help_text=_("10 digits for a legal entity, 12 for an individual entrepreneur."),
    )
    ogrn = models.CharField(
        _("OGRN"), max_length=15, blank=True, validators=[identifiers.validate_ogrn],
        help_text=_("13 digits (OGRN) or 15 digits (OGRNIP)."),
    )
    kpp = models.CharField(_("KPP"), max_length=9, blank=True, validators=[identifiers.validate_kpp])
    full_name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent body"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="subordinates",
        help_text=_("For a subordinate organization: the government body it reports to."),
    )
    legal_address = models.CharField(_("legal address"), max_length=500, blank=True)
    postal_address = models.CharField(_("actual address"), max_length=500, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    description = models.TextField(_("description"), blank=True)
    competencies: models.ManyToManyField[Competency, Any] = models.ManyToManyField(
        "Competency", verbose_name=_("competencies"), blank=True, related_name="organizations"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kpp="") | models.Q(inn__regex=r"^\d{10}$"),
                name="organization_kpp_only_for_legal_entities",
                violation_error_message=_("Only a legal entity (10-digit INN) has a KPP."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def is_customer(self) -> bool:
        return self.kind in CUSTOMER_KINDS

    def clean(self) -> None:
        identifiers.check_consistency(inn=self.inn, ogrn=self.ogrn, kpp=self.kpp)


class Zone(Bilingual):
    """A special economic zone (ОЭЗ), e.g. «Технополис Москва»."""

    code = models.SlugField(_("code"), unique=True)
    region = models.CharField(_("region"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("special economic zone")
        verbose_name_plural = _("special economic zones")
        ordering = ["name"]


class Site(Bilingual):
    """A site of a zone (Печатники, Алабушево, …)."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="sites")
    address = models.CharField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["zone__name", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="site_unique_per_zone")]


class Residency(models.Model):
    """An organization's status as a resident of a zone at one of its sites."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="residencies"
    )
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="residencies")
    since = models.DateField(_("resident since"), null=True, blank=True)
    until = models.DateField(_("resident until"), null=True, blank=True)
    agreement_no = models.CharField(_("agreement number"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        constraints = [
            models.UniqueConstraint(fields=["organization", "site"], name="residency_unique"),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(since__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="residency_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.site}"


class Competency(Bilingual):
    """A node of the competency taxonomy (batteries, power electronics, photonic ICs, …)."""

    code = models.SlugField(_("code"), unique=True, max_length=64)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["name"]


class Cluster(Bilingual):
    """An inter-industry cluster run by the department (electric vehicles, photonics, pharma)."""

    code = models.SlugField(_("code"), unique=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    coordinator = models.ForeignKey(
        Organization, verbose_name=_("coordinating organization"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="coordinated_clusters",
    )
    members: models.ManyToManyField[Organization, Membership] = models.ManyToManyField(
        Organization, through="Membership", verbose_name=_("members"), related_name="clusters"
    )

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]


class MembershipRole(models.TextChoices):
    ANCHOR = "anchor", _("Anchor company")
    INDUSTRIAL = "industrial", _("Industrial member")
    RESEARCH = "research", _("Research member")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure member")
    PARTNER = "partner", _("Partner")


class Membership(models.Model):
    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE,
                                related_name="memberships")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="memberships")
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)
    role = models.CharField(_("role in cluster"), max_length=32, choices=MembershipRole.choices,
                            default=MembershipRole.INDUSTRIAL)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        ordering = ["cluster", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "organization"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ∈ {self.cluster}"


class Category(Bilingual):
    """A category of the nomenclature (engine.nomenclature), shared by products and demand positions."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    okpd2 = models.CharField(_("OKPD2"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["code"]


class Unit(models.TextChoices):
    PIECE = "pcs", _("pcs")
    SET = "set", _("set")
    KWH = "kwh", _("kWh")
    KG = "kg", _("kg")
    METER = "m", _("m")
    PACK = "pack", _("pack")


class ProductStatus(models.TextChoices):
    SERIAL = "serial", _("Serial production")
    PILOT = "pilot", _("Pilot production")
    DEVELOPMENT = "development", _("In development")


class Product(models.Model):
    """What a member organization makes or is preparing to make."""

    organization = models.ForeignKey(Organization, verbose_name=_("manufacturer"), on_delete=models.CASCADE,
                                     related_name="products")
    name = models.CharField(_("name"), max_length=500)
    part_number = models.CharField(_("part number"), max_length=120, blank=True)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="products")
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.PIECE)
    status = models.CharField(_("status"), max_length=16, choices=ProductStatus.choices,
                              default=ProductStatus.SERIAL)
    readiness_date = models.DateField(
        _("ready for production"), null=True, blank=True,
        help_text=_("When serial output starts (or started)."),
    )
    okpd2 = models.CharField(_("OKPD2"), max_length=20, blank=True)
    registry_no = models.CharField(
        _("registry entry"), max_length=64, blank=True,
        help_text=_("Entry in the PP 719 registry of Russian industrial products, if any."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "part_number", "name"], name="product_unique_per_manufacturer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part_number} {self.name}".strip()


class Capacity(models.Model):
    """Production capacity of a product in one year, in the product's unit."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE,
                                related_name="capacities")
    year = models.PositiveSmallIntegerField(_("year"))
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3)

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        ordering = ["product", "year"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="capacity_unique_per_year"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="capacity_not_negative"),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100),
                                   name="capacity_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.product}: {self.year} — {self.quantity}"
