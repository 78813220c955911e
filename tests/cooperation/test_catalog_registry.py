"""Catalog products show their producer's PP 719 registry entry and whether it is in force, on the page and in
the API, fetched for the whole page at once."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from cityorder.accounts.roles import Role
from cityorder.cooperation.models import RegistryEntry
from cityorder.cooperation.suppliers import catalog_registry_entries
from cityorder.substitution.models import CatalogItem, Origin
from tests import factories as f

TODAY = datetime.date.today()


def product(maker, part_number: str, registry_no: str = "") -> CatalogItem:
    return CatalogItem.objects.create(key=part_number, part_number=part_number, manufacturer=maker.short_name,
                                      name="Контроллер", category="ic.mcu", origin=Origin.DOMESTIC,
                                      registry_no=registry_no, organization=maker)


def entry(maker, number: str, valid_until: datetime.date | None) -> RegistryEntry:
    return RegistryEntry.objects.create(registry_no=number, organization_name=maker.full_name, inn=maker.inn,
                                        product_name="Контроллер", valid_until=valid_until)


@pytest.fixture
def catalog(db):
    valid_maker, expired_maker, unlisted_maker = (f.OrganizationFactory() for _ in range(3))
    entry(valid_maker, "10\\1\\1\\2024", TODAY + datetime.timedelta(days=400))
    entry(valid_maker, "10\\1\\2\\2024", TODAY + datetime.timedelta(days=10))  # named by the product
    entry(expired_maker, "20\\1\\1\\2021", TODAY - datetime.timedelta(days=1))
    return {"valid": product(valid_maker, "MK-VALID", registry_no="10\\1\\2\\2024"),
            "expired": product(expired_maker, "MK-EXPIRED"),
            "none": product(unlisted_maker, "MK-NONE")}


@pytest.fixture
def analyst(db):
    return f.UserFactory(username="analyst1", role=Role.ANALYST)


def cell(html: str, part_number: str) -> str:
    row = html[html.index(part_number):]
    return row[:row.index("</tr>")]


def test_the_entry_the_product_names_is_chosen_and_validity_is_read_against_today(catalog):
    found = catalog_registry_entries(CatalogItem.objects.select_related("organization"))
    valid = found[catalog["valid"].pk]
    assert (valid.number, valid.valid) == ("10\\1\\2\\2024", True)
    assert valid.valid_until == TODAY + datetime.timedelta(days=10)
    assert found[catalog["expired"].pk].valid is False
    assert catalog["none"].pk not in found
    assert catalog_registry_entries([catalog["valid"]], today=TODAY + datetime.timedelta(days=11)
                                    )[catalog["valid"].pk].valid is False


def test_the_catalog_page_shows_each_products_entry_and_validity(client, catalog, analyst):
    client.force_login(analyst)
    html = client.get("/substitution/catalog/").content.decode()
    valid = cell(html, "MK-VALID")
    until = (TODAY + datetime.timedelta(days=10)).strftime("%d.%m.%Y")
    assert "10\\1\\2\\2024" in valid and f"valid until {until}" in valid and 'data-valid="1"' in valid
    expired = cell(html, "MK-EXPIRED")
    assert "20\\1\\1\\2021" in expired and "expired" in expired and 'data-valid="0"' in expired
    assert "data-registry" not in cell(html, "MK-NONE")


def test_the_catalog_page_reads_the_registry_once_for_many_products(client, catalog, analyst,
                                                                     django_assert_max_num_queries):
    for n in range(40):
        maker = f.OrganizationFactory()
        entry(maker, f"30\\{n}\\1\\2024", TODAY + datetime.timedelta(days=n - 20))
        product(maker, f"MK-MANY-{n:02d}")
    client.force_login(analyst)
    with django_assert_max_num_queries(12):
        html = client.get("/substitution/catalog/").content.decode()
    assert html.count("data-registry=") == 42


def test_the_catalog_api_gives_the_registry_entry_or_null(catalog, analyst):
    api = APIClient()
    api.force_authenticate(analyst)
    items = {i["part_number"]: i for i in api.get("/api/v1/catalog/").json()["results"]}
    until = (TODAY + datetime.timedelta(days=10)).isoformat()
    assert items["MK-VALID"]["registry_entry"] == {"number": "10\\1\\2\\2024", "valid_until": until, "valid": True}
    assert items["MK-EXPIRED"]["registry_entry"]["valid"] is False
    assert items["MK-NONE"]["registry_entry"] is None
    one = api.get(f"/api/v1/catalog/{catalog['expired'].pk}/").json()
    assert one["registry_entry"]["number"] == "20\\1\\1\\2021"


def test_the_catalog_api_reads_the_registry_once_for_a_page(catalog, analyst, django_assert_max_num_queries):
    for n in range(30):
        maker = f.OrganizationFactory()
        entry(maker, f"40\\{n}\\1\\2024", None)
        product(maker, f"MK-API-{n:02d}")
    api = APIClient()
    api.force_authenticate(analyst)
    with django_assert_max_num_queries(8):
        results = api.get("/api/v1/catalog/").json()["results"]
    assert sum(1 for i in results if i["registry_entry"] is not None) == 32
    assert all(i["registry_entry"]["valid"] for i in results if i["part_number"].startswith("MK-API-"))
