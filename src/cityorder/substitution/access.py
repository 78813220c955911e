"""Who may see and change import substitution: the catalog, the analysis of an order version, producers'
forecasts and offers.

The catalog (with every producer's capacities) and the analysis are the department's; a manufacturer sees its
own domestic products, its offers and its forecast (aggregates of the published order, no customer named).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cityorder.accounts.access import acts_for, is_department, is_manufacturer, organization_id_of
from cityorder.order.access import visible_orders
from cityorder.order.models import CityOrder
from cityorder.registry.access import can_edit_products_of, visible_organizations
from cityorder.registry.models import CUSTOMER_KINDS, Organization
from cityorder.substitution.models import CatalogItem, Offer, Origin

if TYPE_CHECKING:
    from cityorder.accounts.access import AnyUser


def can_analyse(user: AnyUser) -> bool:
    """The catalog, cross-references, matching, verdicts, coverage and gaps: the department's work."""
    return is_department(user)


def analysed_orders(user: AnyUser) -> QuerySet[CityOrder]:
    """The order versions whose analysis the user may open; for anyone else it does not exist."""
    if not can_analyse(user):
        return CityOrder.objects.none()
    return visible_orders(user)


def visible_catalog_items(user: AnyUser) -> QuerySet[CatalogItem]:
    """The whole catalog is the department's; a manufacturer sees the domestic products of its own organization,
    the ones it may make offers for."""
    if is_department(user):
        return CatalogItem.objects.all()
    own = organization_id_of(user)
    if is_manufacturer(user) and own is not None:
        return CatalogItem.objects.filter(organization_id=own, origin=Origin.DOMESTIC)
    return CatalogItem.objects.none()


def offerable_items(user: AnyUser, organization: Organization) -> QuerySet[CatalogItem]:
    """The products an offer of ``organization`` may name: its domestic catalog products the user sees."""
    return visible_catalog_items(user).filter(organization=organization, origin=Origin.DOMESTIC)


def can_see_forecast_of(user: AnyUser, organization: Organization) -> bool:
    """A producer's forecast and its offers: the department and the producer's own manufacturer users."""
    if organization.kind in CUSTOMER_KINDS:
        return False
    return is_department(user) or (is_manufacturer(user) and acts_for(user, organization))


def producers_for(user: AnyUser) -> QuerySet[Organization]:
    """The producers whose forecast page the user may open (the same rule as can_see_forecast_of)."""
    producers = visible_organizations(user).exclude(kind__in=CUSTOMER_KINDS)
    if is_department(user):
        return producers
    own = organization_id_of(user)
    if is_manufacturer(user) and own is not None:
        return producers.filter(pk=own)
    return producers.none()


def can_keep_offers_of(user: AnyUser, organization: Organization) -> bool:
    """Offers are a producer's capacity, kept by whoever keeps its products."""
    return can_see_forecast_of(user, organization) and can_edit_products_of(user, organization)


def can_make_offers(user: AnyUser) -> bool:
    """Offers are made by manufacturers for their organization, and by the department for any producer."""
    return is_department(user) or is_manufacturer(user)


def visible_offers(user: AnyUser) -> QuerySet[Offer]:
    """Offers feed the department's coverage; a manufacturer sees and keeps its own organization's."""
    if is_department(user):
        return Offer.objects.all()
    own = organization_id_of(user)
    if is_manufacturer(user) and own is not None:
        return Offer.objects.filter(organization_id=own)
    return Offer.objects.none()


def editable_offers(user: AnyUser) -> QuerySet[Offer]:
    """The offers the user may change or withdraw; another producer's offer is not found."""
    return visible_offers(user).filter(organization__in=offer_organizations(user))


def offer_organizations(user: AnyUser) -> QuerySet[Organization]:
    """The producers the user may make offers for: the department any producer, a manufacturer its own."""
    return producers_for(user)
