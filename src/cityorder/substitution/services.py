"""State changes of import substitution: the catalog (from files and from the registry), cross-references,
manufacturers' offers, analog matching of an order version (a background job) and analysts' verdicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cityorder.engine import substitution as engine
from cityorder.engine.identity import identify
from cityorder.engine.messages import msg
from cityorder.engine.reading import UnreadableFile
from cityorder.engine.reading.isolated import ReadLimits, call_isolated
from cityorder.engine.substitution.xrefs import code_key
from cityorder.jobs.models import Job, JobKind
from cityorder.jobs.services import JobFailed, Progress, job_start
from cityorder.order.models import CityOrder, Position
from cityorder.registry.models import CUSTOMER_KINDS, Organization, Product
from cityorder.substitution import access, engine_io, stored, texts
from cityorder.substitution.models import (
    Analog,
    AnalogDecision,
    CatalogItem,
    CoverageChange,
    CrossReference,
    Offer,
    Origin,
)

if TYPE_CHECKING:
    from cityorder.accounts.models import User

REGISTRY_SOURCE = "registry"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


@dataclass(slots=True)
class ImportOutcome:
    """What an import of a reference file did; with errors, nothing was stored (fix the rows and upload again)."""

    file: str
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def catalog_import(*, actor: User, name: str, data: bytes) -> ImportOutcome:
    """Products from a catalog file (part_number, manufacturer, name, category, origin, registry_no, optional
    capacity_YYYY, price, readiness_year); all rows or none: a row error stores nothing."""
    _require(access.can_analyse(actor))
    outcome = ImportOutcome(file=name)
    items = _parsed(engine.parse_catalog, name, data, outcome)
    if not outcome.ok:
        return outcome
    with transaction.atomic():
        for item in items:
            created = _item_upsert(item, source=name)
            outcome.created += created
            outcome.updated += not created
        # Capacities, prices and readiness of products any version may count: every stored coverage is stale.
        stored.coverage_changed(None, CoverageChange.CATALOG)
    return outcome


def _parsed(parse: Any, name: str, data: bytes, outcome: ImportOutcome) -> list[Any]:
    """The records of a reference file, or none with every problem in ``outcome.errors`` (all rows or none)."""
    try:
        # In the limited reading process, like every uploaded file: a hostile one must not take this process down.
        records, errors = call_isolated(parse, data, name, filename=name, limits=ReadLimits.from_settings(settings))
    except (engine.SourceFileError, UnreadableFile) as exc:
        outcome.errors = [str(e) for e in getattr(exc, "errors", [exc])]
        return []
    outcome.errors = [str(e) for e in errors]
    return [] if errors else records


def _item_upsert(item: engine.CatalogItem, *, source: str) -> bool:
    key = engine.item_key(item)[:255]
    producer = None
    if item.origin == Origin.DOMESTIC:
        producer = Organization.objects.filter(short_name__iexact=item.manufacturer).first()
    _row, created = CatalogItem.objects.update_or_create(
        key=key, manufacturer=item.manufacturer[:255],
        defaults={
            "part_number": item.part_number[:255], "name": item.name[:1000], "category": item.category,
            "origin": item.origin, "registry_no": item.registry_no[:128], "parameters": dict(item.parameters),
            "capacities": {str(y): q for y, q in sorted(item.capacity.items())},
            "price": Decimal(str(item.price)) if item.price is not None else None,
            "readiness_year": item.readiness_year, "organization": producer, "source": source[:255],
        },
    )
    return created


def xref_import(*, actor: User, name: str, data: bytes) -> ImportOutcome:
    """Cross-references from a file (part_number, analog_part_number, compatibility, note); all rows or none."""
    _require(access.can_analyse(actor))
    outcome = ImportOutcome(file=name)
    xrefs = _parsed(engine.parse_xrefs, name, data, outcome)
    if outcome.ok:
        _store_xrefs(xrefs, name, outcome)
    return outcome


@transaction.atomic
def xrefs_store(xrefs: Iterable[engine.Xref], *, source: str) -> ImportOutcome:
    """Store cross-references read elsewhere (the Soviet/foreign analog table command)."""
    outcome = ImportOutcome(file=source)
    _store_xrefs(list(xrefs), source, outcome)
    return outcome


def _store_xrefs(xrefs: list[engine.Xref], source: str, outcome: ImportOutcome) -> None:
    with transaction.atomic():
        for xref in xrefs:
            key, analog_key = code_key(xref.part_number)[:255], code_key(xref.analog_part_number)[:255]
            # One row a pair, whichever way round it was written: the matcher reads both directions.
            if CrossReference.objects.filter(key=analog_key, analog_key=key).exists():
                outcome.updated += 1
                continue
            fields = {"part_number": xref.part_number[:255], "analog_part_number": xref.analog_part_number[:255],
                      "compatibility": xref.compatibility, "note": xref.note[:1000],
                      "source": (xref.source or source)[:255]}
            _row, created = CrossReference.objects.update_or_create(key=key, analog_key=analog_key, defaults=fields)
            outcome.created += created
            outcome.updated += not created


def catalog_key(*, part_number: str, manufacturer: str = "", name: str = "") -> str:
    """The catalog's key of a product is the engine's identity key, so positions and products meet on it."""
    return identify(part_number=part_number, manufacturer=manufacturer, name=name).key


@transaction.atomic
def catalog_sync_registry() -> int:
    """Every product of the registry's producers as a domestic catalog item, with its capacities and readiness;
    items whose product is gone are removed. Returns the number of items kept."""
    products = (Product.objects.exclude(organization__kind__in=CUSTOMER_KINDS)
                .select_related("organization", "category").prefetch_related("capacities"))
    kept = []
    for product in products:
        item = _item_from_product(product)
        kept.append(item.pk)
    CatalogItem.objects.filter(source=REGISTRY_SOURCE).exclude(pk__in=kept).delete()
    stored.coverage_changed(None, CoverageChange.CATALOG)
    return len(kept)


def _item_from_product(product: Product) -> CatalogItem:
    maker = product.organization.short_name
    fields = {
        "key": catalog_key(part_number=product.part_number, manufacturer=maker, name=product.name)[:255],
        "part_number": product.part_number or product.name[:255],
        "manufacturer": maker,
        "name": product.name,
        "category": product.category.code,
        "origin": Origin.DOMESTIC,
        "registry_no": product.registry_no,
        "capacities": {str(c.year): float(c.quantity) for c in product.capacities.all()},
        "readiness_year": product.readiness_date.year if product.readiness_date else None,
        "organization": product.organization,
        "source": REGISTRY_SOURCE,
    }
    item, _created = CatalogItem.objects.update_or_create(product=product, defaults=fields)
    return item


# Offers ---------------------------------------------------------------------------------------------------------


def _clean_volumes(volumes: Mapping[Any, Any], from_year: int) -> dict[str, float]:
    cleaned: dict[str, float] = {}
    for year_key, value in volumes.items():
        try:
            year, quantity = int(year_key), float(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"volumes": _("«%(year)s»: give a year and a number") % {"year": year_key}}) from exc
        if quantity < 0:
            raise ValidationError({"volumes": _("%(year)s: a volume cannot be negative") % {"year": year}})
        if year < from_year and quantity:
            raise ValidationError({"volumes": _("%(year)s is before the offer's first year %(first)s")
                                   % {"year": year, "first": from_year}})
        if quantity:
            cleaned[str(year)] = quantity
    if not cleaned:
        raise ValidationError({"volumes": _("give the volume for at least one year")})
    return cleaned


@transaction.atomic
def offer_create(*, actor: User, organization: Organization, item: CatalogItem, volumes: Mapping[Any, Any],
                 from_year: int, price: Decimal | None = None, note: str = "") -> Offer:
    """A manufacturer offers a product of its own to the city: volumes by year count as capacity in coverage."""
    _require(access.can_keep_offers_of(actor, organization))
    if item.organization_id not in (None, organization.pk) or item.origin != Origin.DOMESTIC:
        raise ValidationError({"item": _("Offer a domestic product of your own organization.")})
    offer = Offer(organization=organization, item=item, volumes=_clean_volumes(volumes, from_year), price=price,
                  from_year=from_year, note=note, created_by=actor)
    offer.full_clean()
    offer.save()
    _offers_changed(item)
    return offer


def _offers_changed(item: CatalogItem) -> None:
    """An offer counts as its product's capacity: the versions that have the product as an analog are stale."""
    stored.coverage_changed(CityOrder.objects.filter(analogs__item=item), CoverageChange.OFFERS)


@transaction.atomic
def offer_update(*, actor: User, offer: Offer, volumes: Mapping[Any, Any], from_year: int,
                 price: Decimal | None = None, note: str = "") -> Offer:
    _require(access.can_keep_offers_of(actor, offer.organization))
    offer.volumes = _clean_volumes(volumes, from_year)
    offer.from_year, offer.price, offer.note = from_year, price, note
    offer.full_clean()
    offer.save()
    _offers_changed(offer.item)
    return offer


@transaction.atomic
def offer_delete(*, actor: User, offer: Offer) -> None:
    _require(access.can_keep_offers_of(actor, offer.organization))
    item = offer.item
    offer.delete()
    _offers_changed(item)


# Analysts' verdicts ---------------------------------------------------------------------------------------------


@transaction.atomic
def analog_decide(*, actor: User, position_key: str, item: CatalogItem, verdict: str, comment: str = ""
                  ) -> AnalogDecision:
    """Confirm or reject «item replaces the position with this key»; kept for every later version."""
    _require(access.can_analyse(actor))
    decision, _created = AnalogDecision.objects.update_or_create(
        position_key=position_key, item=item, defaults={"verdict": verdict, "comment": comment, "decided_by": actor}
    )
    decision.full_clean()
    # The analogs already proposed show the verdict at once; ranks change with the next matching.
    Analog.objects.filter(position__key=position_key, item=item).update(verdict=verdict)
    stored.coverage_changed(CityOrder.objects.filter(positions__key=position_key), CoverageChange.VERDICT)
    return decision


# Matching --------------------------------------------------------------------------------------------------------


def matching_start(*, actor: User, order: CityOrder) -> Job:
    """Queue the matching of an order version's positions against the catalog and cross-references."""
    _require(access.can_analyse(actor))
    with transaction.atomic():
        return job_start(kind=JobKind.MATCH_ANALOGS,
                         title=msg(texts.MATCHING, order=order),
                         params={"order": order.pk}, user=actor)


def match_job(job: Job, progress: Progress) -> None:
    order = CityOrder.objects.filter(pk=job.params["order"]).first()
    if order is None:
        raise JobFailed(texts.ORDER_GONE)
    match_order(order, report=lambda done, total, stage: progress(done, total, stage, force=True))


def match_order(order: CityOrder, *, report: Any = None) -> list[engine.Analog]:
    """Ranked domestic analogs of every position of ``order``, replacing the version's earlier ones in one
    transaction (the analysts' verdicts are applied). Returns them as the engine ranked them."""
    def say(step: int, stage: str) -> None:
        if report:
            report(step, 3, stage)

    say(0, texts.STAGE_LOADING)
    loaded = engine_io.load_catalog()
    positions = list(Position.objects.filter(order=order))
    say(1, msg(texts.STAGE_MATCHING, count=len(positions)))
    found = engine.match_analogs(positions, loaded.catalog, engine_io.load_xrefs(),
                                 decisions=engine_io.load_decisions())
    by_id = {p.position_id: p for p in positions}
    verdicts = {(d.position_key, d.item_id): d.verdict for d in AnalogDecision.objects.all()}
    rows, kept = [], []
    for analog in found:
        item = loaded.rows.get(analog.item_id)
        position = by_id.get(analog.position_id)
        if item is None or position is None:
            continue
        kept.append(analog)
        rows.append(Analog(order=order, position=position, item=item, rank=analog.rank,
                           compatibility=analog.compatibility, score=analog.score, reason=analog.reason,
                           verdict=verdicts.get((position.key, item.pk), "")))
    say(2, texts.STAGE_SAVING)
    with transaction.atomic():
        Analog.objects.filter(order=order).delete()
        Analog.objects.bulk_create(rows, batch_size=2000)
        stored.coverage_changed([order.pk], CoverageChange.MATCHING)
    return kept
