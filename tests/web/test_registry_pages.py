"""Registry pages: who sees and may change what (the rules live in accounts.access)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityorder.registry.models import Capacity, Membership, Organization
from cityorder.registry.services import reference_data_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db

PAGES = ["web:home", "registry:cluster_list", "registry:organization_list", "registry:product_list",
         "registry:supplier_search", "web:search"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_pages_open_for_a_customer(client, bob, name):
    client.force_login(bob)
    assert client.get(reverse(name)).status_code == 200


def test_it_hides_other_customers(client, bob, carol):
    client.force_login(bob)
    assert client.get(reverse("registry:organization_detail", args=[carol.organization.pk])).status_code == 404
    assert client.get(reverse("registry:organization_detail", args=[bob.organization.pk])).status_code == 200
    listing = client.get(reverse("registry:organization_list")).content.decode()
    assert carol.organization.short_name not in listing
    found = client.get(reverse("web:search"), {"q": carol.organization.inn}).content.decode()
    assert carol.organization.short_name not in found


def test_cluster_overview_shows_members_sez_share_and_coverage(client, alice):
    reference_data_ensure()
    cluster = f.ClusterFactory(code="ev", name="Кластер электромобилестроения")
    batteries = f.CompetencyFactory(code="batt", name="Аккумуляторы")
    resident = f.MembershipFactory(cluster=cluster).organization
    resident.competencies.add(batteries)
    f.MembershipFactory(cluster=cluster)
    from cityorder.registry.models import Residency, Site

    Residency.objects.create(organization=resident, site=Site.objects.get(name="Печатники"))
    client.force_login(alice)
    response = client.get(reverse("registry:cluster_detail", args=["ev"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert resident.short_name in html and "Печатники" in html
    assert 'id="sez-share">50%' in html
    assert response.context["chart"] == {"labels": ["Аккумуляторы"], "counts": [1]}


def test_manufacturer_edits_own_products_not_others(client, max_maker):
    reference_data_ensure()
    own = f.ProductFactory(organization=max_maker.organization)
    other = f.ProductFactory()
    client.force_login(max_maker)
    form = {"name": own.name, "part_number": own.part_number, "category": own.category.pk, "unit": "pcs",
            "status": "serial", "cap_2027": "1500"}
    response = client.post(reverse("registry:product_edit", args=[own.pk]), form)
    assert response.status_code == 302
    assert Capacity.objects.get(product=own, year=2027).quantity == 1500
    assert client.get(reverse("registry:product_edit", args=[other.pk])).status_code == 403
    assert client.get(reverse("registry:product_create", args=[other.organization.pk])).status_code == 403


def test_customer_cannot_edit_organizations_or_import(client, bob):
    client.force_login(bob)
    assert client.get(reverse("registry:organization_create")).status_code == 403
    assert client.get(reverse("registry:import")).status_code == 403
    assert client.get(reverse("registry:organization_edit", args=[bob.organization.pk])).status_code == 200


def test_coordinator_manages_members_of_her_cluster_only(client, cora):
    own = f.ClusterFactory(coordinator=cora.organization)
    foreign = f.ClusterFactory()
    newcomer = f.OrganizationFactory()
    client.force_login(cora)
    response = client.post(reverse("registry:membership_add", args=[own.code]),
                           {"organization": newcomer.pk, "role": "industrial", "joined_on": "2024-05-01"})
    assert response.status_code == 302
    assert Membership.objects.filter(cluster=own, organization=newcomer).exists()
    assert client.get(reverse("registry:membership_add", args=[foreign.code])).status_code == 403
    membership = f.MembershipFactory(cluster=foreign)
    assert client.post(reverse("registry:membership_remove", args=[membership.pk])).status_code == 403


def test_analyst_creates_an_organization_and_sees_field_errors(client, alice):
    client.force_login(alice)
    url = reverse("registry:organization_create")
    bad = client.post(url, {"inn": "7707083894", "full_name": "ПАО X", "short_name": "X", "kind": "company"})
    assert bad.status_code == 200
    assert "не проходит проверку контрольной суммы" in bad.content.decode()
    good = client.post(url, {"inn": "7707083893", "full_name": "ПАО X", "short_name": "X", "kind": "company"})
    assert good.status_code == 302
    assert Organization.objects.filter(inn="7707083893").exists()


def test_import_page_previews_then_applies(client, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(alice)
    csv = "ИНН;Полное наименование;Вид\n7707083893;ПАО «Сбербанк»;Компания\n".encode("cp1251")
    response = client.post(reverse("registry:import"), {"kind": "organizations",
                                                        "file": SimpleUploadedFile("orgs.csv", csv)})
    assert response.status_code == 200
    assert not Organization.objects.filter(inn="7707083893").exists()
    assert 'data-action="create"' in response.content.decode()
    applied = client.post(reverse("registry:import_confirm"))
    assert applied.status_code == 302
    assert Organization.objects.filter(inn="7707083893").exists()


def test_import_page_reports_bad_rows(client, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(alice)
    csv = "ИНН;Полное наименование;Вид\n7707083894;Ошибка;Компания\n".encode()
    response = client.post(reverse("registry:import"), {"kind": "organizations",
                                                        "file": SimpleUploadedFile("orgs.csv", csv)})
    html = response.content.decode()
    assert "table-danger" in html and "ИНН" in html
    assert "Import all rows" not in html and "Импортировать все строки" not in html


def test_language_switch_to_english(client, bob):
    client.force_login(bob)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
