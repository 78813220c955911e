"""Organization list, card and forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityorder.registry.models import Organization, Residency, Site
from cityorder.registry.services import reference_data_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_hides_other_customers(client, bob, carol):
    client.force_login(bob)
    assert client.get(reverse("registry:organization_detail", args=[carol.organization.pk])).status_code == 404
    assert client.get(reverse("registry:organization_edit", args=[carol.organization.pk])).status_code == 404
    assert client.get(reverse("registry:organization_detail", args=[bob.organization.pk])).status_code == 200
    listing = client.get(reverse("registry:organization_list")).content.decode()
    assert carol.organization.short_name not in listing
    assert bob.organization.short_name in listing


def test_analyst_sees_customers(client, alice, carol):
    client.force_login(alice)
    assert client.get(reverse("registry:organization_detail", args=[carol.organization.pk])).status_code == 200
    assert carol.organization.short_name in client.get(reverse("registry:organization_list")).content.decode()


def test_list_filters_by_kind_competency_and_inn(client, alice):
    competency = f.CompetencyFactory()
    maker = f.OrganizationFactory(short_name="ООО «Союз»")
    maker.competencies.add(competency)
    research = f.OrganizationFactory(short_name="НИИ «Точность»", kind="research")
    client.force_login(alice)
    url = reverse("registry:organization_list")
    by_kind = client.get(url, {"kind": "research"}).content.decode()
    assert research.short_name in by_kind and maker.short_name not in by_kind
    by_competency = client.get(url, {"competency": competency.pk}).content.decode()
    assert maker.short_name in by_competency and research.short_name not in by_competency
    by_inn = client.get(url, {"q": research.inn}).content.decode()
    assert research.short_name in by_inn and maker.short_name not in by_inn


def test_card_shows_products_with_capacities_by_year(client, bob):
    maker = f.OrganizationFactory()
    f.CapacityFactory(product=f.ProductFactory(organization=maker, name="Батарея Т-1"), year=2027, quantity=4200)
    client.force_login(bob)
    response = client.get(reverse("registry:organization_detail", args=[maker.pk]))
    html = response.content.decode()
    assert maker.inn in html and "Батарея Т-1" in html
    assert response.context["years"] == [2027]
    assert reverse("registry:organization_edit", args=[maker.pk]) not in html


def test_customer_cannot_create_organizations_or_edit_others(client, bob):
    other = f.OrganizationFactory()
    client.force_login(bob)
    assert client.get(reverse("registry:organization_create")).status_code == 403
    assert client.get(reverse("registry:organization_edit", args=[other.pk])).status_code == 403
    assert client.get(reverse("registry:organization_edit", args=[bob.organization.pk])).status_code == 200


def test_analyst_creates_an_organization_and_sees_field_errors(client, alice):
    client.force_login(alice)
    url = reverse("registry:organization_create")
    bad = client.post(url, {"inn": "7707083894", "full_name": "ПАО X", "short_name": "X", "kind": "company"})
    assert bad.status_code == 200
    assert "не проходит проверку контрольной суммы" in bad.content.decode()
    good = client.post(url, {"inn": "7707083893", "full_name": "ПАО X", "short_name": "X", "kind": "company"})
    assert good.status_code == 302
    assert Organization.objects.filter(inn="7707083893").exists()


def test_list_filters_sez_residents(client, alice):
    reference_data_ensure()
    resident = f.OrganizationFactory(short_name="ООО «Резидент»")
    Residency.objects.create(organization=resident, site=Site.objects.get(name="Печатники"))
    outsider = f.OrganizationFactory(short_name="ООО «Вне зоны»")
    client.force_login(alice)
    url = reverse("registry:organization_list")
    residents = client.get(url, {"sez": "true"}).content.decode()
    assert resident.short_name in residents and outsider.short_name not in residents
    others = client.get(url, {"sez": "false"}).content.decode()
    assert outsider.short_name in others and resident.short_name not in others
    assert 'class="form-select"' in residents
