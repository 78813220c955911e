"""The roles of cityorder users (DESIGN.md, «Who uses it and for what»)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    ANALYST = "analyst", _("City analyst")
    CUSTOMER = "customer", _("Customer")
    MANUFACTURER = "manufacturer", _("Manufacturer")
    COORDINATOR = "coordinator", _("Cluster coordinator")
    TENDER_COMMITTEE = "tender_committee", _("Tender committee")
    BIDDER = "bidder", _("Bidder")


# Roles that work for the department itself and so see every organization's data.
DEPARTMENT_ROLES = frozenset({Role.ADMIN, Role.ANALYST})
