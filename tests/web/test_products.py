"""Product list and product forms with capacities."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityorder.registry.models import Capacity, Product
from cityorder.registry.services import reference_data_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db


def _form(product, **extra):
    return {"name": product.name, "part_number": product.part_number, "category": product.category.pk,
            "unit": "pcs", "status": "serial", **extra}


def test_it_hides_other_customers(client, bob, carol):
    hidden = f.ProductFactory(organization=carol.organization, name="Закупаемая батарея")
    client.force_login(bob)
    assert "Закупаемая батарея" not in client.get(reverse("registry:product_list")).content.decode()
    assert client.get(reverse("registry:product_edit", args=[hidden.pk])).status_code == 404


def test_list_shows_capacity_columns_by_year(client, bob):
    f.CapacityFactory(year=2026, quantity=1000)
    f.CapacityFactory(year=2028, quantity=2500)
    client.force_login(bob)
    html = client.get(reverse("registry:product_list")).content.decode()
    assert "2026" in html and "2028" in html


def test_manufacturer_edits_own_products_not_others(client, max_maker):
    reference_data_ensure()
    own = f.ProductFactory(organization=max_maker.organization)
    other = f.ProductFactory()
    client.force_login(max_maker)
    response = client.post(reverse("registry:product_edit", args=[own.pk]), _form(own, cap_2027="1500"))
    assert response.status_code == 302
    assert Capacity.objects.get(product=own, year=2027).quantity == 1500
    assert client.get(reverse("registry:product_edit", args=[other.pk])).status_code == 403
    assert client.post(reverse("registry:product_edit", args=[other.pk]), _form(other, name="X")).status_code == 403
    assert client.get(reverse("registry:product_create", args=[other.organization.pk])).status_code == 403
    assert client.post(reverse("registry:product_delete", args=[other.pk])).status_code == 403
    assert Product.objects.get(pk=other.pk).name == other.name


def test_customer_cannot_add_products(client, bob):
    client.force_login(bob)
    assert client.get(reverse("registry:product_create", args=[bob.organization.pk])).status_code == 403


def test_analyst_edits_anyones_products(client, alice):
    product = f.ProductFactory()
    client.force_login(alice)
    response = client.post(reverse("registry:product_edit", args=[product.pk]), _form(product, name="Новое имя"))
    assert response.status_code == 302
    assert Product.objects.get(pk=product.pk).name == "Новое имя"


def test_list_filters_by_competency_and_status(client, alice):
    competency = f.CompetencyFactory()
    maker = f.OrganizationFactory()
    maker.competencies.add(competency)
    matching = f.ProductFactory(organization=maker, name="Силовой модуль", status="pilot")
    other = f.ProductFactory(name="Корпус зарядной станции")
    client.force_login(alice)
    url = reverse("registry:product_list")
    by_competency = client.get(url, {"competency": competency.pk}).content.decode()
    assert matching.name in by_competency and other.name not in by_competency
    by_status = client.get(url, {"status": "pilot"}).content.decode()
    assert matching.name in by_status and other.name not in by_status
