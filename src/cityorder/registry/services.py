"""State changes of the registry: one keyword-only function per use case, each in one transaction.

Every function asks accounts.access whether the actor may do it and validates with full_clean,
so the pages, the API and the importers share the same rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cityorder.accounts.access import is_department
from cityorder.registry import access
from cityorder.registry.models import (
    Capacity,
    Cluster,
    Competency,
    Membership,
    Organization,
    Product,
    Residency,
    Site,
)
from cityorder.registry.reference import reference_data_ensure  # noqa: F401  (re-exported use case)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this."))


def _saved(obj: Any) -> Any:
    """Validate with the model's own rules (checksums, constraints), then save."""
    obj.full_clean()
    obj.save()
    return obj


def _assign(obj: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


def _check_registration(actor: Any, organization: Organization, fields: dict[str, Any]) -> None:
    """The fields that say which organization it is and who sees it are the department's (registry.access); a
    parent body must be one the actor may name."""
    changed = access.registration_changes(organization, fields) if organization.pk else [
        name for name in access.DEPARTMENT_FIELDS if fields.get(name)]
    if changed and not access.can_edit_registration(actor, organization):
        labels = ", ".join(str(getattr(Organization._meta.get_field(name), "verbose_name", name)) for name in changed)
        raise PermissionDenied(_("Only the department changes these fields of an organization: %(fields)s.")
                               % {"fields": labels})
    parent = fields.get("parent")
    if "parent" in changed and parent is not None and not access.parent_bodies(actor, organization).filter(
            pk=getattr(parent, "pk", parent)).exists():
        raise ValidationError({"parent": _("Choose a government body from the list as the parent body.")})


@transaction.atomic
def organization_create(*, actor: Any, competencies: Iterable[Competency] | None = None, **fields: Any) -> Organization:
    _require(access.can_create_organization(actor))
    _check_registration(actor, Organization(), fields)
    organization = Organization(**fields)
    _saved(organization)
    if competencies is not None:
        organization.competencies.set(competencies)
    return organization


@transaction.atomic
def organization_update(
    *, actor: Any, organization: Organization, competencies: Iterable[Competency] | None = None, **fields: Any
) -> Organization:
    _require(access.can_edit_organization(actor, organization))
    _check_registration(actor, organization, fields)
    _assign(organization, fields)
    _saved(organization)
    if competencies is not None:
        organization.competencies.set(competencies)
    return organization


@transaction.atomic
def organization_set_competencies(
    *, actor: Any, organization: Organization, competencies: Iterable[Competency]
) -> Organization:
    _require(access.can_edit_organization(actor, organization))
    organization.competencies.set(competencies)
    return organization


@transaction.atomic
def residency_set(
    *,
    actor: Any,
    organization: Organization,
    site: Site,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    agreement_no: str = "",
) -> Residency:
    _require(access.can_edit_organization(actor, organization))
    residency, _created = Residency.objects.get_or_create(organization=organization, site=site)
    _assign(residency, {"since": since, "until": until, "agreement_no": agreement_no})
    return _saved(residency)


@transaction.atomic
def cluster_create(*, actor: Any, **fields: Any) -> Cluster:
    _require(is_department(actor))
    cluster = Cluster(**fields)
    return _saved(cluster)


@transaction.atomic
def cluster_update(*, actor: Any, cluster: Cluster, **fields: Any) -> Cluster:
    _require(access.can_manage_cluster(actor, cluster))
    if "coordinator" in fields and not is_department(actor):
        raise PermissionDenied(_("Only the department appoints a cluster's coordinator."))
    _assign(cluster, fields)
    return _saved(cluster)


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    cluster: Cluster,
    organization: Organization,
    role: str = "industrial",
    joined_on: datetime.date | None = None,
    note: str = "",
) -> Membership:
    _require(access.can_manage_cluster(actor, cluster))
    membership = Membership(cluster=cluster, organization=organization, role=role, joined_on=joined_on, note=note)
    return _saved(membership)


@transaction.atomic
def membership_update(*, actor: Any, membership: Membership, **fields: Any) -> Membership:
    _require(access.can_manage_cluster(actor, membership.cluster))
    fields.pop("cluster", None)
    _assign(membership, fields)
    return _saved(membership)


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    _require(access.can_manage_cluster(actor, membership.cluster))
    membership.delete()


@transaction.atomic
def product_create(
    *, actor: Any, organization: Organization, capacities: dict[int, Decimal | float | int] | None = None,
    **fields: Any,
) -> Product:
    _require(access.can_edit_products_of(actor, organization))
    product = Product(organization=organization, **fields)
    product.full_clean()
    product.save()
    for year, quantity in (capacities or {}).items():
        _capacity_upsert(product, year, quantity)
    return product


@transaction.atomic
def product_update(*, actor: Any, product: Product, **fields: Any) -> Product:
    _require(access.can_edit_products_of(actor, product.organization))
    if "organization" in fields:
        _require(access.can_edit_products_of(actor, fields["organization"]))
    _assign(product, fields)
    return _saved(product)


@transaction.atomic
def product_delete(*, actor: Any, product: Product) -> None:
    _require(access.can_edit_products_of(actor, product.organization))
    product.delete()


@transaction.atomic
def capacity_set(*, actor: Any, product: Product, year: int, quantity: Decimal | float | int | None) -> Capacity | None:
    """Set a year's capacity; None removes it."""
    _require(access.can_edit_products_of(actor, product.organization))
    if quantity is None:
        Capacity.objects.filter(product=product, year=year).delete()
        return None
    return _capacity_upsert(product, year, quantity)


def _capacity_upsert(product: Product, year: int, quantity: Decimal | float | int) -> Capacity:
    capacity = Capacity.objects.filter(product=product, year=year).first() or Capacity(product=product, year=year)
    capacity.quantity = Decimal(str(quantity))
    return _saved(capacity)
