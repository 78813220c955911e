"""Reminders to late customers: an e-mail to each invited customer that has not handed in its demand by the
campaign's deadline, through Django's mail framework (EMAIL_BACKEND; the demo prints them on the console)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.utils import formats, translation
from django.utils.translation import gettext as _

from cityorder.accounts.models import User
from cityorder.demand import access, queries
from cityorder.demand.models import Campaign
from cityorder.registry.models import Organization

if TYPE_CHECKING:
    from cityorder.demand.queries import ProgressRow


@dataclass(slots=True)
class RemindersSent:
    campaign: Campaign
    sent: list[Organization] = field(default_factory=list)
    without_address: list[Organization] = field(default_factory=list)  # late, but no e-mail to write to


def late_rows(actor: User, campaign: Campaign) -> list[ProgressRow]:
    """The campaign's customers past its deadline without a handed-in submission."""
    return [row for row in queries.campaign_progress(actor, campaign, line_counts=False).rows if row.late]


def _addresses(customer: Organization) -> list[str]:
    users = User.objects.filter(organization=customer, is_active=True).exclude(email="")
    found = sorted({u.email for u in users})
    return found or ([customer.email] if customer.email else [])


def reminders_send(*, actor: User, campaign: Campaign, base_url: str = "") -> RemindersSent:
    """One e-mail per late customer of ``campaign``, in the interface's language, with the link to its submission."""
    if not access.can_manage_campaigns(actor):
        raise PermissionDenied(_("You may not do this."))
    outcome = RemindersSent(campaign=campaign)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for row in late_rows(actor, campaign):
            to = _addresses(row.customer)
            if not to:
                outcome.without_address.append(row.customer)
                continue
            messages.append(EmailMessage(subject=_subject(campaign), body=_body(campaign, row, base_url), to=to))
            outcome.sent.append(row.customer)
    if messages:
        get_connection().send_messages(messages)
    return outcome


def _subject(campaign: Campaign) -> str:
    return _("Reminder: your demand for «%(title)s» is overdue") % {"title": campaign.title}


def _body(campaign: Campaign, row: ProgressRow, base_url: str) -> str:
    deadline = formats.date_format(campaign.deadline, "SHORT_DATE_FORMAT") if campaign.deadline else ""
    link = f"{base_url.rstrip('/')}{campaign.get_absolute_url()}" if base_url else campaign.get_absolute_url()
    return _("Good day,\n\nthe deadline of the campaign «%(title)s» was %(deadline)s, and the department has not "
             "received the demand of %(customer)s yet (status: %(status)s).\nPlease upload your spreadsheets and "
             "submit them: %(link)s\n\nDepartment of industrial policy") % {
        "title": campaign.title, "deadline": deadline, "customer": row.customer.short_name,
        "status": row.status_label.lower(), "link": link}
