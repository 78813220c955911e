"""The catalog's first page is read from an index in the catalog's order, not by sorting every product (1M in a
real catalog: 1.3 s a page on PostgreSQL without it, bench.pages)."""

from __future__ import annotations

import pytest
from django.db import connection

from cityorder.substitution.models import CatalogItem, Origin

pytestmark = pytest.mark.django_db


def test_the_catalog_page_reads_its_order_from_an_index() -> None:
    CatalogItem.objects.bulk_create([CatalogItem(key=f"pn:X{n}", part_number=f"X{n}", manufacturer="Завод",
                                                 name="Изделие", origin=Origin.DOMESTIC) for n in range(30)])
    page = CatalogItem.objects.select_related("organization")[:50]  # the page's query: the model's ordering
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a table of 30 rows is cheaper to sort: ask for the plan a big one gets
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = page.explain()
    assert "catalogitem_in_order" in plan
    assert [item.part_number for item in page][:3] == ["X0", "X1", "X10"]
