"""State changes of accounts: users with their role and organization, kept by administrators."""

from __future__ import annotations

from typing import Any, Protocol

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cityorder.accounts import access
from cityorder.accounts.models import User
from cityorder.accounts.roles import Role


class Organization(Protocol):
    """What accounts needs of a user's organization (registry.Organization; accounts imports no app)."""

    pk: Any

    @property
    def is_customer(self) -> bool: ...


def _require_admin(actor: Any) -> None:
    if not access.can_manage_users(actor):
        raise PermissionDenied(_("Only an administrator manages users."))


def _check_role_fits_organization(user: User) -> None:
    """A customer works for a city body or a subordinate organization; a manufacturer for a producer."""
    organization = user.organization
    if user.role in (Role.CUSTOMER, Role.MANUFACTURER) and organization is None:
        raise ValidationError({"organization": _("A customer or a manufacturer works for an organization; choose it.")})
    if user.role == Role.CUSTOMER and organization is not None and not organization.is_customer:
        raise ValidationError({"organization": _(
            "A customer works for a government body or a subordinate organization; choose one of those "
            "or give the user the manufacturer role.")})
    if user.role == Role.MANUFACTURER and organization is not None and organization.is_customer:
        raise ValidationError({"organization": _(
            "A manufacturer works for a company or a research institute; choose one of those "
            "or give the user the customer role.")})


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str, role: str, organization: Any = None,
    **fields: Any,
) -> User:
    """Create a user; an administrator role also makes the user staff and superuser."""
    _require_admin(actor)
    user = User(username=username, role=role, organization=organization, **fields)
    user.is_staff = user.is_superuser = role == Role.ADMIN
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    _check_role_fits_organization(user)
    user.save()
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, **fields: Any) -> User:
    """Change a user's role, organization, names or contacts (not the password: see user_set_password)."""
    _require_admin(actor)
    if "password" in fields:
        raise ValueError("use user_set_password to change a password")
    if user.pk == getattr(actor, "pk", None) and fields.get("role", user.role) != Role.ADMIN:
        raise ValidationError({"role": _("You cannot take the administrator role from yourself.")})
    for name, value in fields.items():
        setattr(user, name, value)
    if "role" in fields:
        user.is_staff = user.is_superuser = user.role == Role.ADMIN
    user.full_clean()
    _check_role_fits_organization(user)
    user.save()
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """An administrator sets anyone's password; every user may set their own."""
    if getattr(actor, "pk", None) != user.pk:
        _require_admin(actor)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
