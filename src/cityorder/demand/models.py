"""Demand: campaigns, each customer's submission, the files it uploaded (kept as they came) and its lines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityorder.registry.models import Organization


class DemandKind(models.TextChoices):
    COMPONENTS = "components", _("Electronic components")
    BATTERIES = "batteries", _("Batteries")
    PRODUCTS = "products", _("Finished products")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    code = models.SlugField(_("code"), unique=True, max_length=64,
                            help_text=_("Short Latin code used in commands and file names, e.g. ekb-2026."))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    year_from = models.PositiveSmallIntegerField(_("first year"))
    year_to = models.PositiveSmallIntegerField(_("last year"))
    kinds = models.JSONField(_("kinds of demand"), default=list, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    invited = models.ManyToManyField(Organization, verbose_name=_("invited customers"), blank=True,
                                     related_name="invited_campaigns")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("demand campaign")
        verbose_name_plural = _("demand campaigns")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year_to__gte=models.F("year_from")), name="campaign_years_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("demand:campaign", args=[self.code])


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


# A customer may change its lines only while the submission is in its hands.
EDITABLE_STATUSES = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})


class Submission(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="submissions")
    customer = models.ForeignKey(Organization, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="submissions")
    status = models.CharField(_("status"), max_length=16, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["campaign", "customer__short_name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "customer"], name="one_submission_per_customer")]

    def __str__(self) -> str:
        return f"{self.campaign.code}: {self.customer.short_name}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("demand:submission", args=[self.pk])


class EventAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPLOADED = "uploaded", _("File uploaded")
    FILE_READ = "file_read", _("File read")
    FILE_REMOVED = "file_removed", _("File removed")
    MAPPING_CHANGED = "mapping_changed", _("Column mapping changed")
    LINE_ADDED = "line_added", _("Line added")
    LINE_CHANGED = "line_changed", _("Line changed")
    LINE_REMOVED = "line_removed", _("Line removed")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")
    IMPORTED = "imported", _("Imported by the department")


class SubmissionEvent(models.Model):
    """Who did what to a submission and when: its history, never edited."""

    submission = models.ForeignKey(Submission, verbose_name=_("submission"), on_delete=models.CASCADE,
                                   related_name="events")
    action = models.CharField(_("action"), max_length=32, choices=EventAction.choices)
    status = models.CharField(_("status after"), max_length=16, choices=SubmissionStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class FileStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be read")
    READ = "read", _("Read")
    FAILED = "failed", _("Could not be read")
    DELETING = "deleting", _("Being deleted")


class SourceFile(models.Model):
    """An uploaded file exactly as it came, so every figure can be traced to its file, sheet and row."""

    submission = models.ForeignKey(Submission, verbose_name=_("submission"), on_delete=models.CASCADE,
                                   related_name="files")
    content = models.FileField(_("file"), upload_to="demand/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=FileStatus.choices, default=FileStatus.PENDING)
    error = models.TextField(_("error"), blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    sheets = models.JSONField(_("how the sheets were read"), default=list, blank=True)
    job = models.ForeignKey("jobs.Job", verbose_name=_("job"), on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "sha256"], name="one_copy_of_a_file_per_submission"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def warnings(self) -> list[tuple[str, str]]:
        """(sheet, warning) of each sheet as read: no part-number column, columns with data no field reads."""
        return [(sheet.get("sheet", ""), warning) for sheet in self.sheets or [] for warning in
                sheet.get("warnings") or []]


class LineOrigin(models.TextChoices):
    FILE = "file", _("File")
    FORM = "form", _("Form")
    API = "api", _("API")


class LineStatus(models.TextChoices):
    OK = "ok", _("OK")
    SKIPPED = "skipped", _("Skipped")
    ERROR = "error", _("Error")


class DemandLine(models.Model):
    """One row of demand: a source row of a file (any status, so none vanishes) or a line typed in or sent by API."""

    submission = models.ForeignKey(Submission, verbose_name=_("submission"), on_delete=models.CASCADE,
                                   related_name="lines")
    source = models.ForeignKey(SourceFile, verbose_name=_("file"), on_delete=models.CASCADE, null=True, blank=True,
                               related_name="lines")
    origin = models.CharField(_("origin"), max_length=8, choices=LineOrigin.choices, default=LineOrigin.FILE)
    sheet = models.CharField(_("sheet"), max_length=255, blank=True)
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=LineStatus.choices, default=LineStatus.OK)
    message = models.TextField(_("message"), blank=True)
    column = models.CharField(_("column"), max_length=255, blank=True)
    name = models.CharField(_("name"), max_length=1000, blank=True)
    part_number = models.CharField(_("part number"), max_length=255, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=255, blank=True)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    description = models.TextField(_("description"), blank=True)
    value = models.CharField(_("value"), max_length=255, blank=True)
    footprint = models.CharField(_("package"), max_length=255, blank=True)
    designators = models.TextField(_("designators"), blank=True)
    # Distributors' codes as the engine keeps them («LCSC:C25744; MOUSER:511-TSV912IQ2T»): consolidation joins the
    # lines that give one distributor's same code.
    supplier_code = models.CharField(_("distributors' codes"), max_length=255, blank=True)
    quantities = models.JSONField(_("quantities by year"), default=dict, blank=True)
    # An error row's cells the message is about, as the file had them, by field («quantity:2027», «year», «name»).
    cells = models.JSONField(_("cells to correct"), default=dict, blank=True,
                             help_text=_("The cells of an error row as the file had them, by the field they fill."))
    original = models.JSONField(_("as read from the file"), default=dict, blank=True,
                                help_text=_("The values before the first correction, kept for tracing."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("demand line")
        verbose_name_plural = _("demand lines")
        # By the ids of submission and file, not by the objects (which would sort by their own ordering through
        # a join), so that a page of lines is read off the index below.
        ordering = ["submission_id", "source_id", "sheet", "row", "pk"]
        indexes = [
            models.Index(fields=["submission", "status"]),
            # The lines table of a big submission: its page is the first rows in this order, not a sort of all.
            models.Index(fields=["submission", "source", "sheet", "row", "id"], name="demandline_in_order"),
            # A file's rows counted by status, and the few a person corrected, without reading the others.
            models.Index(fields=["source", "status"], name="demandline_source_status"),
            models.Index(fields=["source"], condition=models.Q(updated_by__isnull=False),
                         name="demandline_corrected"),
        ]

    def __str__(self) -> str:
        return self.part_number or self.name or f"#{self.pk}"

    @property
    def file_name(self) -> str:
        return self.source.name if self.source is not None else ""

    @property
    def where(self) -> str:
        """File, sheet and row as a person would look them up; «form»/«API» for lines not from a file."""
        if self.source is None:
            return str(self.get_origin_display())
        place = f"{self.source.name}" + (f", {self.sheet}" if self.sheet else "")
        return f"{place}, {self.row}" if self.row else place

    def quantity(self, year: int) -> float:
        return float(self.quantities.get(str(year), 0) or 0)

    @property
    def total(self) -> float:
        return sum(float(q or 0) for q in self.quantities.values())


class ColumnMapping(models.Model):
    """A customer's correction of the engine's column choice, applied to its later uploads."""

    organization = models.OneToOneField(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                        related_name="column_mapping")
    mapping = models.JSONField(_("field → column header"), default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return str(self.organization)
