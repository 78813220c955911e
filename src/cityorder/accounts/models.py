from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityorder.accounts.roles import DEPARTMENT_ROLES, Role


class User(AbstractUser):
    """A person working in cityorder on behalf of one organization, in one role."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.CUSTOMER)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_department(self) -> bool:
        """Administrators and city analysts act for the department and see all organizations."""
        return self.is_superuser or self.role in DEPARTMENT_ROLES

    def display_name(self) -> str:
        full = " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
        return full or self.username
