"""The catalog's stored counts by origin stay right after every kind of change (the substitution page shows them,
the unfiltered catalog lists page by them), and the lists count only what they must."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.substitution.helpers import demo_order
from tests.substitution.test_services import CATALOG_HEAD, csv_bytes

from cityorder.registry.models import Organization, Product
from cityorder.substitution import catalog_counts, queries, services
from cityorder.substitution.models import Analog, CatalogItem, Origin

pytestmark = pytest.mark.django_db


def counted() -> dict[str, int]:
    """The catalog counted now, to hold the stored counts against."""
    return {origin: CatalogItem.objects.filter(origin=origin).count() for origin in Origin.values}


def assert_right() -> dict[str, int]:
    stored = catalog_counts.counts()
    assert stored == counted()
    return stored


def test_the_counts_follow_the_catalog_import_and_an_origin_changed_by_it(alice):
    rows = [CATALOG_HEAD, ["КР142ЕН5А", "Демо-завод", "Стабилизатор 5 В", "ic.regulator", "domestic", "", 1000],
            ["L7805CV", "STMicroelectronics", "Regulator", "ic.regulator", "foreign", "", ""]]
    assert services.catalog_import(actor=alice, name="catalog.csv", data=csv_bytes(rows)).ok
    assert assert_right() == {Origin.DOMESTIC: 1, Origin.FOREIGN: 1}
    rows[2][4] = "domestic"  # the same product imported again, now known to be made here
    assert services.catalog_import(actor=alice, name="catalog.csv", data=csv_bytes(rows)).updated == 2
    assert assert_right() == {Origin.DOMESTIC: 2, Origin.FOREIGN: 0}
    bad = rows + [["X1", "Y", "Z", "ic.regulator", "местный", "", ""]]
    assert not services.catalog_import(actor=alice, name="catalog.csv", data=csv_bytes(bad)).ok
    assert assert_right() == {Origin.DOMESTIC: 2, Origin.FOREIGN: 0}  # a refused file changes nothing


def test_the_counts_follow_the_registry_sync_and_the_deletion_of_registry_products():
    demo_order()  # loads the demo catalog and syncs the registry's products into it
    before = assert_right()
    assert before[Origin.DOMESTIC] > 0 and before[Origin.FOREIGN] > 0
    item = CatalogItem.objects.filter(product__isnull=False).select_related("product").first()
    assert item is not None
    item.product.delete()  # the catalog item goes with its product (cascade)
    assert assert_right()[Origin.DOMESTIC] == before[Origin.DOMESTIC] - 1
    services.catalog_sync_registry()
    assert assert_right() == catalog_counts.recount()
    producer = Organization.objects.filter(products__catalog_item__isnull=False).first()
    assert producer is not None
    gone = CatalogItem.objects.filter(product__organization=producer).count()
    Product.objects.filter(organization=producer).delete()
    services.catalog_sync_registry()
    assert assert_right()[Origin.DOMESTIC] == before[Origin.DOMESTIC] - 1 - gone


def test_the_counts_follow_products_added_changed_and_deleted_one_by_one_or_together():
    item = CatalogItem.objects.create(key="pn:A1", part_number="A1", origin=Origin.FOREIGN)
    CatalogItem.objects.create(key="pn:A2", part_number="A2", origin=Origin.FOREIGN)
    assert assert_right() == {Origin.DOMESTIC: 0, Origin.FOREIGN: 2}
    item.origin = Origin.DOMESTIC
    item.save()
    assert assert_right() == {Origin.DOMESTIC: 1, Origin.FOREIGN: 1}
    item.origin = Origin.FOREIGN
    item.save(update_fields=["name"])  # the origin not written: the counts stay
    assert assert_right() == {Origin.DOMESTIC: 1, Origin.FOREIGN: 1}
    item.refresh_from_db()
    item.delete()
    CatalogItem.objects.filter(part_number="A2").delete()
    assert assert_right() == {Origin.DOMESTIC: 0, Origin.FOREIGN: 0}


def test_recount_repairs_the_counts_after_a_load_past_the_orm():
    CatalogItem.objects.bulk_create([CatalogItem(key=f"pn:B{n}", part_number=f"B{n}", origin=Origin.DOMESTIC)
                                     for n in range(3)])
    assert catalog_counts.counts() == {Origin.DOMESTIC: 0, Origin.FOREIGN: 0}  # bulk_create sends no signals
    assert catalog_counts.recount() == {Origin.DOMESTIC: 3, Origin.FOREIGN: 0}
    assert_right()


def _catalog_counts(queries_run: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries_run.captured_queries
            if "COUNT(" in q["sql"].upper() and "substitution_catalogitem" in q["sql"]]


def test_the_unfiltered_catalog_lists_take_the_stored_count_and_a_filtered_one_counts(client, alice):
    demo_order()
    client.force_login(alice)
    total = sum(assert_right().values())
    with CaptureQueriesContext(connection) as whole:
        page = client.get(reverse("substitution:catalog"))
        api = client.get("/api/v1/catalog/")
    assert page.status_code == api.status_code == 200
    assert page.context["table"].paginator.count == api.json()["count"] == total
    assert not _catalog_counts(whole)
    with CaptureQueriesContext(connection) as filtered:
        page = client.get(reverse("substitution:catalog"), {"origin": Origin.FOREIGN})
        api = client.get("/api/v1/catalog/", {"origin": Origin.FOREIGN})
    foreign = counted()[Origin.FOREIGN]
    assert page.context["table"].paginator.count == api.json()["count"] == foreign < total
    assert len(_catalog_counts(filtered)) == 2
    assert queries.catalog_count(CatalogItem.objects.filter(origin=Origin.FOREIGN)) is None


def test_the_api_analogs_count_without_the_positions_and_page_through_their_order(client, alice):
    order = demo_order()
    services.matching_start(actor=alice, order=order)
    analogs = Analog.objects.filter(order=order).count()
    assert analogs
    client.force_login(alice)
    with CaptureQueriesContext(connection) as run:
        answer = client.get(f"/api/v1/orders/{order.pk}/analogs/")
    assert answer.status_code == 200 and answer.json()["count"] == analogs
    count = next(q["sql"] for q in run.captured_queries
                 if "COUNT(" in q["sql"].upper() and "substitution_analog" in q["sql"])
    assert "order_position" not in count  # the count reads the analogs alone
    page = next(q["sql"] for q in run.captured_queries
                if "substitution_analog" in q["sql"] and "LIMIT" in q["sql"].upper())
    assert f'"order_position"."order_id" = {order.pk}' in page, page
    positions = [row["position"] for row in answer.json()["results"]]
    assert positions == sorted(positions)
