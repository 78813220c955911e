"""Every route of the project, found by walking Django's URL resolver, with the methods its view answers; and the
scoped query of each model, which forms and API lists must stay inside."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.urls import URLPattern, URLResolver, get_resolver

from cityorder.cooperation import access as cooperation_access
from cityorder.cooperation.models import Project, RegistryEntry
from cityorder.demand import access as demand_access
from cityorder.demand.models import Campaign, DemandLine, SourceFile, Submission
from cityorder.jobs import access as jobs_access
from cityorder.jobs.models import Job
from cityorder.order import access as order_access
from cityorder.order.models import CityOrder, MatchDecision, Position, ProbableMatch
from cityorder.registry import access as registry_access
from cityorder.registry.models import Category, Cluster, Competency, Membership, Organization, Product, Site, Zone
from cityorder.substitution import access as substitution_access
from cityorder.substitution.models import Analog, CatalogItem, Offer
from cityorder.tenders import access as tenders_access
from cityorder.tenders.models import Bid, OffsetTender

SKIPPED_METHODS = {"head", "options", "trace"}


@dataclass(frozen=True)
class Route:
    pattern: str  # the full pattern, e.g. "api/v1/^orders/(?P<pk>\d+)/$"
    name: str | None  # "namespace:name"
    callback: Any
    parameters: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.name or self.pattern

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")

    @property
    def methods(self) -> list[str]:
        return view_methods(self.callback)


def routes() -> Iterator[Route]:
    yield from _walk(get_resolver().url_patterns, "", None)


def _walk(patterns: list[Any], prefix: str, namespace: str | None) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or None
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            parameters = tuple(re.findall(r"\(\?P<(\w+)>", pattern) + re.findall(r"<(?:\w+:)?(\w+)>", pattern))
            yield Route(pattern, name, entry.callback, parameters)


def view_methods(callback: Callable[..., Any]) -> list[str]:
    """The HTTP methods a view answers: a DRF viewset's routed actions, a class-based view's handlers, a function
    view's ``require_http_methods`` list (found through the decorators' ``__wrapped__``), else GET and POST."""
    actions = getattr(callback, "actions", None)
    if actions:
        return sorted(method.upper() for method in actions if method not in SKIPPED_METHODS)
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None:
        return [m.upper() for m in view_class.http_method_names if m not in SKIPPED_METHODS and hasattr(view_class, m)]
    function: Any = callback
    while function is not None:
        if inspect.isfunction(function):
            listed = inspect.getclosurevars(function).nonlocals.get("request_method_list")
            if listed is not None:
                return [m.upper() for m in listed if m.lower() not in SKIPPED_METHODS]
        function = getattr(function, "__wrapped__", None)
    return ["GET", "POST"]


def _all(model: type[Model]) -> Callable[[Any], QuerySet[Any]]:
    return lambda user: model.objects.all()


def _orders(user: Any) -> QuerySet[CityOrder]:
    """The versions are the department's; the tender committee is offered the published ones to put out to
    tender (the order field of a new tender)."""
    orders = order_access.visible_orders(user)
    if tenders_access.can_manage_tenders(user):
        orders = orders | CityOrder.objects.filter(published=True)
    return orders


# What each model's objects a user may be offered or shown: the apps' own scoped queries. Reference data is the
# same for everyone. A form field or an API list of a model missing here fails the tests until it is classified.
SCOPES: dict[type[Model], Callable[[Any], QuerySet[Any]]] = {
    Organization: registry_access.visible_organizations,
    Product: registry_access.visible_products,
    Membership: registry_access.visible_memberships,
    Cluster: _all(Cluster),
    Competency: _all(Competency),
    Category: _all(Category),
    Zone: _all(Zone),
    Site: _all(Site),
    # Campaigns are seen by the customers invited and the department; a cluster's project manager is offered the
    # open ones to send its derived demand to.
    Campaign: lambda user: Campaign.objects.filter(
        Q(pk__in=demand_access.visible_campaigns(user).values("pk"))
        | Q(pk__in=cooperation_access.campaigns_for_derived_demand(user).values("pk"))),
    Submission: demand_access.visible_submissions,
    DemandLine: demand_access.visible_demand_lines,
    SourceFile: demand_access.visible_files,
    Job: jobs_access.visible_jobs,
    CityOrder: lambda user: _orders(user),
    Position: lambda user: Position.objects.filter(order__in=order_access.visible_orders(user)),
    ProbableMatch: lambda user: ProbableMatch.objects.filter(order__in=order_access.visible_orders(user)),
    MatchDecision: order_access.visible_decisions,
    CatalogItem: substitution_access.visible_catalog_items,
    Offer: substitution_access.visible_offers,
    Analog: lambda user: Analog.objects.filter(order__in=substitution_access.analysed_orders(user)),
    Project: cooperation_access.visible_projects,
    RegistryEntry: _all(RegistryEntry),
    OffsetTender: tenders_access.visible_tenders,
    Bid: tenders_access.visible_bids,  # the PP 719 registry: public reference data
}


def scoped_pks(model: type[Model], user: Any) -> set[Any] | None:
    """The pks of ``model`` the user may be offered; None for a model nobody classified."""
    scope = SCOPES.get(model)
    return None if scope is None else set(scope(user).values_list("pk", flat=True))
