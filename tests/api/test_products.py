"""/api/v1/products/ and their capacities: a manufacturer keeps its own catalog only."""

from __future__ import annotations

import pytest

from cityorder.registry.models import Capacity, Product
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"


@pytest.fixture
def category(db):
    return f.CategoryFactory()


def new_product(organization, **extra):
    return {"organization": organization.pk, "name": "Ячейка LFP", "part_number": "LFP-280",
            "category": "battery.lfp", **extra}


def test_manufacturer_creates_and_updates_its_product(api, max_maker, category):
    client = api(max_maker)
    created = client.post(URL, new_product(max_maker.organization), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["category"] == "battery.lfp" and created.json()["capacities"] == []
    changed = client.patch(f"{URL}{pk}/", {"name": "Ячейка LFP 280 А·ч"}, format="json")
    assert changed.status_code == 200
    assert Product.objects.get(pk=pk).name == "Ячейка LFP 280 А·ч"


def test_manufacturer_sets_and_removes_a_capacity(api, max_maker):
    product = f.ProductFactory(organization=max_maker.organization)
    client = api(max_maker)
    first = client.post(f"{URL}{product.pk}/capacity/", {"year": 2027, "quantity": "5000"}, format="json")
    assert first.status_code == 200
    assert first.json()["capacities"] == [{"year": 2027, "quantity": "5000.000"}]
    client.post(f"{URL}{product.pk}/capacity/", {"year": 2027, "quantity": "6000"}, format="json")
    assert Capacity.objects.get(product=product, year=2027).quantity == 6000
    removed = client.post(f"{URL}{product.pk}/capacity/", {"year": 2027, "quantity": None}, format="json")
    assert removed.status_code == 200 and removed.json()["capacities"] == []


def test_it_forbids_products_of_another_organization(api, max_maker, category):
    other = f.OrganizationFactory()
    client = api(max_maker)
    assert client.post(URL, new_product(other), format="json").status_code == 403
    assert not Product.objects.filter(organization=other).exists()
    theirs = f.ProductFactory(organization=other, name="Их изделие")
    assert client.patch(f"{URL}{theirs.pk}/", {"name": "Моё"}, format="json").status_code == 403
    assert client.post(f"{URL}{theirs.pk}/capacity/", {"year": 2027, "quantity": 1}, format="json").status_code == 403
    assert client.delete(f"{URL}{theirs.pk}/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.name == "Их изделие" and not theirs.capacities.exists()


def test_it_forbids_customers_to_add_products(api, bob, category):
    assert api(bob).post(URL, new_product(bob.organization), format="json").status_code == 403


def test_it_treats_a_hidden_manufacturer_as_unknown(api, bob, carol, category):
    response = api(bob).post(URL, new_product(carol.organization), format="json")
    assert response.status_code == 400 and "organization" in response.json()


def test_analyst_manages_any_catalog(api, alice, category):
    producer = f.OrganizationFactory()
    created = api(alice).post(URL, new_product(producer), format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api(alice).post(f"{URL}{pk}/capacity/", {"year": 2026, "quantity": 10}, format="json").status_code == 200
    assert api(alice).delete(f"{URL}{pk}/").status_code == 204
    assert not Product.objects.filter(pk=pk).exists()


def test_it_rejects_a_bad_capacity(api, max_maker):
    product = f.ProductFactory(organization=max_maker.organization)
    response = api(max_maker).post(f"{URL}{product.pk}/capacity/", {"year": 1990, "quantity": "-1"}, format="json")
    assert response.status_code == 400 and {"year", "quantity"} <= set(response.json())


def test_it_names_a_duplicate_product(api, max_maker, category):
    client = api(max_maker)
    assert client.post(URL, new_product(max_maker.organization), format="json").status_code == 201
    again = client.post(URL, new_product(max_maker.organization), format="json")
    assert again.status_code == 400, again.json()


def test_it_hides_products_of_other_customers(api, bob, carol):
    own = f.ProductFactory(organization=bob.organization)
    hidden = f.ProductFactory(organization=carol.organization)
    listed = {p["id"] for p in api(bob).get(URL).json()["results"]}
    assert own.pk in listed and hidden.pk not in listed
    assert api(bob).get(f"{URL}{hidden.pk}/").status_code == 404


def test_it_filters_by_category_cluster_and_search(api, alice):
    lfp = f.ProductFactory(name="Батарея тяговая", category=f.CategoryFactory(code="battery.lfp"))
    drive = f.ProductFactory(name="Электропривод", category=f.CategoryFactory(code="drive", name="Приводы"))
    f.MembershipFactory(cluster=f.ClusterFactory(code="ev"), organization=drive.organization)

    def ids(**params):
        return {p["id"] for p in api(alice).get(URL, params).json()["results"]}

    assert ids(category="battery") == {lfp.pk}
    assert ids(category="batt") == set()
    assert ids(cluster="ev") == {drive.pk}
    assert ids(search="БАТАРЕЯ") == {lfp.pk}
    assert ids(organization=lfp.organization.pk) == {lfp.pk}
