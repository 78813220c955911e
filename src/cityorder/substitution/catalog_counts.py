"""The catalog's products counted by origin, stored (CatalogCount) rather than counted over 1M rows per request.

Every write of a catalog product through the ORM moves the counts, in the writer's transaction: the catalog
import, the registry sync, a product added or deleted in the admin, a tender's awarded product, and the cascade
when a registry product or producer is deleted all save or delete CatalogItem rows one by one, which sends the
signals connected here (SubstitutionConfig.ready). Loaders that bypass the ORM (PostgreSQL COPY, bulk_create,
QuerySet.update of the origin) call recount() after them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F

from cityorder.substitution.models import CatalogCount, CatalogItem, Origin


def counts() -> dict[str, int]:
    """{origin: products} for every origin, 0 where none is stored."""
    stored = dict(CatalogCount.objects.values_list("origin", "items"))
    return {origin: stored.get(origin, 0) for origin in Origin.values}


def total() -> int:
    return sum(counts().values())


def recount() -> dict[str, int]:
    """Count the catalog afresh and store it (after loads that bypass the ORM)."""
    found = dict(CatalogItem.objects.values("origin").annotate(n=Count("pk")).values_list("origin", "n"))
    for origin in Origin.values:
        CatalogCount.objects.update_or_create(origin=origin, defaults={"items": found.get(origin, 0)})
    return counts()


def _add(origin: str, delta: int) -> None:
    # an UPDATE of one row, atomic under concurrent writers; the row is made on the first product of an origin
    if not CatalogCount.objects.filter(origin=origin).update(items=F("items") + delta):
        CatalogCount.objects.get_or_create(origin=origin, defaults={"items": max(delta, 0)})


def remember_origin(sender: Any, instance: CatalogItem, raw: bool = False, **kwargs: Any) -> None:
    """pre_save: the origin the row has in the database, so post_save can tell an origin that changed."""
    stored = None
    if instance.pk is not None and not instance._state.adding:
        stored = CatalogItem.objects.filter(pk=instance.pk).values_list("origin", flat=True).first()
    instance._counted_origin = stored  # type: ignore[attr-defined]


def saved(sender: Any, instance: CatalogItem, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    if not created and update_fields is not None and "origin" not in update_fields:
        return  # the origin was not written, whatever the instance holds
    before = getattr(instance, "_counted_origin", None)
    if created or before is None:
        _add(instance.origin, 1)
    elif before != instance.origin:
        _add(before, -1)
        _add(instance.origin, 1)


def deleted(sender: Any, instance: CatalogItem, **kwargs: Any) -> None:
    _add(instance.origin, -1)
