"""The database's catalog, cross-references, offers and verdicts as the engine takes them, and back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cityorder.engine import substitution as engine
from cityorder.engine.substitution.coverage import Supply
from cityorder.substitution.models import AnalogDecision, CatalogItem, CrossReference, Offer, Origin


@dataclass(slots=True)
class EngineCatalog:
    """The engine's catalog built from the database, with the way back from an engine item id to the row."""

    catalog: engine.Catalog
    rows: dict[str, CatalogItem]  # engine item id -> database row


def engine_item(row: CatalogItem) -> engine.CatalogItem:
    return engine.CatalogItem(
        part_number=row.part_number, manufacturer=row.manufacturer, name=row.name, category=row.category,
        origin=row.origin, registry_no=row.registry_no, parameters=dict(row.parameters or {}),
        capacity={int(y): float(q) for y, q in (row.capacities or {}).items() if q},
        price=float(row.price) if row.price is not None else None, readiness_year=row.readiness_year,
        source=row.source,
    )


def load_catalog(rows: Iterable[CatalogItem] | None = None) -> EngineCatalog:
    rows = list(CatalogItem.objects.all() if rows is None else rows)
    items = [engine_item(row) for row in rows]
    return EngineCatalog(catalog=engine.Catalog(items),
                         rows={engine.item_id(item): row for item, row in zip(items, rows, strict=True)})


def load_xrefs() -> list[engine.Xref]:
    return [
        engine.Xref(part_number=x.part_number, analog_part_number=x.analog_part_number,
                    compatibility=x.compatibility, note=x.note, source=x.source)
        for x in CrossReference.objects.all()
    ]


def load_decisions() -> list[engine.AnalogDecision]:
    # The app's verdicts are the engine's words («confirmed», «rejected»).
    return [
        engine.AnalogDecision(position=d.position_key, part_number=d.item.key, verdict=engine.AnalogVerdict(d.verdict),
                              manufacturer=d.item.manufacturer)
        for d in AnalogDecision.objects.select_related("item")
    ]


def supplies(rows: dict[str, CatalogItem]) -> dict[str, Supply]:
    """What each domestic product can supply by year: its declared capacity plus its maker's offers (an offer's
    price stands in where the catalog has none; the earliest of readiness and the offer's first year counts)."""
    offers: dict[int, list[Offer]] = {}
    for offer in Offer.objects.all():
        offers.setdefault(offer.item_id, []).append(offer)
    result = {}
    for item_id, row in rows.items():
        if row.origin != Origin.DOMESTIC:
            continue
        capacity = {int(y): float(q) for y, q in (row.capacities or {}).items() if q}
        price = float(row.price) if row.price is not None else None
        ready = row.readiness_year
        for offer in offers.get(row.pk, []):
            for year, quantity in offer.volumes.items():
                capacity[int(year)] = capacity.get(int(year), 0.0) + float(quantity)
            if price is None and offer.price is not None:
                price = float(offer.price)
            ready = offer.from_year if ready is None else min(ready, offer.from_year)
        result[item_id] = Supply(capacity=capacity, readiness_year=ready, price=price)
    return result
