"""The global search box and the supplier search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_hides_other_customers(client, bob, carol):
    f.ProductFactory(organization=carol.organization, name="Секретная батарея")
    client.force_login(bob)
    found = client.get(reverse("web:search"), {"q": carol.organization.inn}).content.decode()
    assert carol.organization.short_name not in found
    products = client.get(reverse("web:search"), {"q": "Секретная"})
    assert products.context["products"] == []


def test_it_finds_organizations_and_products(client, bob):
    maker = f.OrganizationFactory(short_name="ООО «Приводная техника»")
    product = f.ProductFactory(organization=maker, name="Электропривод ЭП-40")
    client.force_login(bob)
    by_name = client.get(reverse("web:search"), {"q": "Приводная"})
    assert by_name.context["organizations"] == [maker]
    by_inn = client.get(reverse("web:search"), {"q": maker.inn[:6]})
    assert maker in by_inn.context["organizations"]
    by_product = client.get(reverse("web:search"), {"q": "ЭП-40"})
    assert by_product.context["products"] == [product]
    assert reverse("registry:organization_detail", args=[maker.pk]) in by_product.content.decode()


def test_supplier_search_by_competency_and_text(client, bob):
    batteries = f.CompetencyFactory(name="Аккумуляторы")
    drives = f.CompetencyFactory(name="Электроприводы")
    battery_maker = f.OrganizationFactory(short_name="ООО «Ячейка»")
    battery_maker.competencies.add(batteries)
    drive_maker = f.OrganizationFactory(short_name="ООО «Привод»")
    drive_maker.competencies.add(drives)
    f.ProductFactory(organization=drive_maker, name="Мотор-колесо")
    client.force_login(bob)
    by_competency = client.get(reverse("registry:supplier_search"), {"competency": batteries.pk})
    names = by_competency.content.decode()
    assert battery_maker.short_name in names and drive_maker.short_name not in names
    by_product = client.get(reverse("registry:supplier_search"), {"q": "мотор"}).content.decode()
    assert drive_maker.short_name in by_product and battery_maker.short_name not in by_product


def test_supplier_search_never_lists_customers(client, bob, carol):
    competency = f.CompetencyFactory()
    carol.organization.competencies.add(competency)
    bob.organization.competencies.add(competency)
    client.force_login(bob)
    response = client.get(reverse("registry:supplier_search"), {"competency": competency.pk})
    assert list(response.context["table"].data) == []
    assert carol.organization.short_name not in response.content.decode()
