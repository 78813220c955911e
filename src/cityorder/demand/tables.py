from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cityorder.demand.models import Campaign, DemandKind, DemandLine, LineStatus, Submission
from cityorder.registry.models import Unit
from cityorder.web.stored_text import shown
from cityorder.web.tables import Table

_ATTRS = {"class": "table table-hover align-middle"}
_NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}
# The status badge of any row with .status and a label (a submission, a line, a progress row).
_STATUS = '{% include "demand/_status.html" with status=record.status label=LABEL %}'
_LATE = '{% if record.late %} {% include "demand/_late.html" %}{% endif %}'


def _status_column(label: str = "record.get_status_display", *, late: bool = False, **kwargs: Any) -> Any:
    return tables.TemplateColumn(template_code=_STATUS.replace("LABEL", label) + (_LATE if late else ""),
                                 **kwargs)


def format_quantity(value: Any) -> str:
    if value in (None, ""):
        return "—"
    number = float(value)
    text = f"{int(number):,}" if number.is_integer() else f"{number:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f")


class CampaignTable(Table):
    code = tables.Column(verbose_name=_("Code"))
    title = tables.Column(verbose_name=_("Campaign"), linkify=lambda record: record.get_absolute_url())
    years = tables.Column(verbose_name=_("Years"), accessor="year_from", order_by=("year_from", "year_to"))
    kinds = tables.Column(verbose_name=_("Kinds of demand"), orderable=False, empty_values=())
    deadline = tables.DateColumn(verbose_name=_("Deadline"), format="d.m.Y")
    status = tables.Column(verbose_name=_("Status"))
    invited_count = tables.Column(verbose_name=_("Invited"), attrs=_NUMBER)
    submission_count = tables.Column(verbose_name=_("Started"), attrs=_NUMBER)
    submitted_count = tables.Column(verbose_name=_("Handed in"), attrs=_NUMBER)

    class Meta:
        model = Campaign
        fields = ("code", "title", "years", "kinds", "deadline", "status", "invited_count", "submission_count",
                  "submitted_count")
        attrs = {**_ATTRS, "id": "campaigns"}

    def render_years(self, record: Campaign) -> str:
        return f"{record.year_from}–{record.year_to}"

    def render_kinds(self, record: Campaign) -> str:
        return ", ".join(str(DemandKind(k).label) for k in record.kinds if k in DemandKind.values) or "—"


class CustomerCampaignTable(Table):
    """Rows are demand.queries.CustomerCampaignRow."""

    title = tables.Column(verbose_name=_("Campaign"), accessor="campaign__title", orderable=False,
                          linkify=lambda record: record.campaign.get_absolute_url())
    years = tables.Column(verbose_name=_("Years"), accessor="campaign__year_from", orderable=False)
    deadline = tables.DateColumn(verbose_name=_("Deadline"), accessor="campaign__deadline", format="d.m.Y",
                                 orderable=False)
    status = _status_column("record.status_label", late=True, verbose_name=_("My submission"), orderable=False)
    action = tables.Column(verbose_name="", accessor="campaign__code", orderable=False, empty_values=())

    class Meta:
        attrs = {**_ATTRS, "id": "campaigns"}

    def render_years(self, record: Any) -> str:
        return f"{record.campaign.year_from}–{record.campaign.year_to}"

    def render_action(self, record: Any) -> str:
        url = reverse("demand:my_submission", args=[record.campaign.code])
        return format_html('<a class="btn btn-sm btn-primary" href="{}">{}</a>', url, _("My submission"))


class ProgressTable(Table):
    """Rows are demand.queries.ProgressRow: one per invited customer or customer that sent something."""

    customer = tables.Column(verbose_name=_("Customer"), orderable=False)
    status = _status_column("record.status_label", late=True, verbose_name=_("Submission"), orderable=False)
    ok_count = tables.Column(verbose_name=_("Lines"), attrs=_NUMBER, orderable=False, empty_values=())
    error_count = tables.Column(verbose_name=_("Errors"), attrs=_NUMBER, orderable=False, empty_values=())
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted on"), format="d.m.Y H:i", orderable=False)
    link = tables.Column(verbose_name="", accessor="customer", orderable=False, empty_values=())

    class Meta:
        attrs = {**_ATTRS, "id": "progress"}
        row_attrs = {"data-customer": lambda record: record.customer.pk, "data-status": lambda record: record.status}

    def render_error_count(self, value: int) -> str:
        return format_html('<span class="text-danger fw-semibold">{}</span>', value) if value else "0"

    def render_link(self, record: Any) -> str:
        if record.submission is None:
            return "—" if record.invited else ""
        return format_html('<a href="{}">{}</a>', record.submission.get_absolute_url(), _("Open the submission"))


class ReviewTable(Table):
    campaign = tables.Column(verbose_name=_("Campaign"), order_by="campaign__title",
                             linkify=lambda record: record.campaign.get_absolute_url())
    customer = tables.Column(verbose_name=_("Customer"), order_by="customer__short_name",
                             linkify=lambda record: record.get_absolute_url())
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted on"), format="d.m.Y H:i")
    ok_count = tables.Column(verbose_name=_("Lines"), attrs=_NUMBER)
    skipped_count = tables.Column(verbose_name=_("Skipped rows"), attrs=_NUMBER)

    class Meta:
        model = Submission
        fields = ("campaign", "customer", "submitted_at", "ok_count", "skipped_count")
        attrs = {**_ATTRS, "id": "review-queue"}


def _render_plain(template_name: str, context: dict[str, Any]) -> str:
    """A cell's template rendered without the request's context processors: a TemplateColumn binds them anew for
    every cell (the navigation's permission queries ran 50 times for a page of lines)."""
    return get_template(template_name).render(context)


class LineTable(Table):
    """A submission's lines; error and skipped rows are marked so they are found and fixed first."""

    status = tables.Column(verbose_name=_("Status"))
    source = tables.Column(verbose_name=_("File, sheet"), order_by=("source__name", "sheet", "row"))
    row = tables.Column(verbose_name=_("Row"), attrs=_NUMBER)
    name = tables.Column(verbose_name=_("Name"))
    part_number = tables.Column(verbose_name=_("Part number"))
    manufacturer = tables.Column(verbose_name=_("Manufacturer"))
    unit = tables.Column(verbose_name=_("Unit"))
    description = tables.Column(verbose_name=_("Description"), orderable=False)
    message = tables.Column(verbose_name=_("Reason"), orderable=False,
                            attrs={"td": {"class": "small", "style": "min-width: 16rem"}})

    class Meta:
        model = DemandLine
        fields = ("status", "source", "row", "name", "part_number", "manufacturer", "unit",
                  "description", "message")
        attrs = {**_ATTRS, "id": "lines"}
        row_attrs = {
            "class": lambda record: {LineStatus.ERROR: "table-danger", LineStatus.SKIPPED: "table-warning"}.get(
                record.status, ""),
            "data-line": lambda record: record.pk,
            "data-row": lambda record: record.row or "",
            "data-status": lambda record: record.status,
        }

    def __init__(self, *args: Any, years: list[int], can_edit: bool = False, **kwargs: Any) -> None:
        extra: list[tuple[str, Any]] = [(f"q_{y}", QuantityColumn(y)) for y in years]
        if can_edit:
            extra.append(("actions", tables.Column(verbose_name="", orderable=False, empty_values=(), accessor="pk",
                                                   attrs={"th": {"class": "row-actions"},
                                                          "td": {"class": "row-actions"}})))
        # The year columns stand after the fields and before the reason, as in the customer's sheet.
        order = [*(n for n in self.Meta.fields if n != "message"), *(f"q_{y}" for y in years), "message", "..."]
        super().__init__(*args, extra_columns=extra, sequence=order, **kwargs)

    def render_status(self, record: DemandLine) -> str:
        return _render_plain("demand/_status.html", {"status": record.status, "label": record.get_status_display()})

    def render_actions(self, record: DemandLine) -> str:
        request = self.request  # set by RequestConfig
        return _render_plain("demand/_line_actions.html", {
            "record": record, "request": request, "csrf_token": get_token(request),
        })

    def render_source(self, record: DemandLine) -> str:
        if record.source is None:
            return str(record.get_origin_display())
        if not record.sheet:
            return record.source.name
        return format_html('{}<div class="small text-secondary">{}</div>', record.source.name, record.sheet)

    def render_description(self, value: str) -> str:
        return value if len(value) <= 60 else value[:59] + "…"

    def render_unit(self, value: str) -> str:
        # Units are stored as codes («pcs»); people read the unit's name in their language («шт»).
        return str(dict(Unit.choices).get(value, value))

    def render_message(self, record: DemandLine) -> str:
        if record.column:
            return format_html('{} <span class="text-secondary small">({}: {})</span>', shown(record.message),
                               _("column"), record.column)
        return shown(record.message)


class QuantityColumn(tables.Column):
    def __init__(self, year: int) -> None:
        super().__init__(verbose_name=str(year), accessor="quantities", orderable=False, empty_values=(),
                         attrs=_NUMBER)
        self.year = year

    def render(self, record: DemandLine) -> str:
        return format_quantity(record.quantities.get(str(self.year)))
