"""The layout: login everywhere, navigation of existing sections only, user menu, language switch, dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

PAGES = ["web:home", "web:search", "registry:cluster_list", "registry:organization_list", "registry:product_list",
         "registry:supplier_search", "registry:organization_create", "registry:import"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_is_sent_to_login_from_object_pages(client):
    org = f.OrganizationFactory()
    product = f.ProductFactory(organization=org)
    cluster = f.ClusterFactory()
    urls = [
        reverse("registry:cluster_detail", args=[cluster.code]),
        reverse("registry:membership_add", args=[cluster.code]),
        reverse("registry:organization_detail", args=[org.pk]),
        reverse("registry:organization_edit", args=[org.pk]),
        reverse("registry:product_create", args=[org.pk]),
        reverse("registry:product_edit", args=[product.pk]),
        reverse("registry:export", args=["organizations", "csv"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("name", ["web:home", "web:search", "registry:cluster_list", "registry:organization_list",
                                  "registry:product_list", "registry:supplier_search"])
def test_pages_open_for_a_customer(client, bob, name):
    client.force_login(bob)
    assert client.get(reverse(name)).status_code == 200


def test_login_page_uses_the_layout_and_logs_in(client, bob):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "vendor/bootstrap/css/bootstrap.min.css" in page.content.decode()
    response = client.post(reverse("login"), {"username": "bob", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response.url == reverse("web:home")


def test_navigation_links_only_to_pages_that_exist(client, bob):
    client.force_login(bob)
    response = client.get(reverse("web:home"))
    sections = response.context["nav_sections"]
    assert [str(s["label"]) for s in sections] == ["Реестр"]
    for item in (item for section in sections for item in section["items"]):
        assert client.get(item["url"]).status_code == 200, item["url"]
    html = response.content.decode()
    assert reverse("registry:supplier_search") in html


def test_navigation_marks_the_current_section(client, bob):
    client.force_login(bob)
    sections = client.get(reverse("registry:product_list")).context["nav_sections"]
    assert sections[0]["active"]
    assert [str(i["label"]) for i in sections[0]["items"] if i["active"]] == ["Продукция"]


def test_user_menu_shows_role_and_organization(client, bob):
    client.force_login(bob)
    html = client.get(reverse("web:home")).content.decode()
    assert "Заказчик" in html
    assert bob.organization.short_name in html


def test_dashboard_counts_what_the_user_may_see(client, bob, carol):
    cluster = f.ClusterFactory()
    f.MembershipFactory(cluster=cluster)
    f.ProductFactory(organization=carol.organization)
    client.force_login(bob)
    stats = {str(label): value for label, value, _url in client.get(reverse("web:home")).context["stats"]}
    assert stats["Кластеры"] == 1
    assert stats["Участники кластеров"] == 1
    assert stats["Продукция"] == 0


def test_language_switch_to_english(client, bob):
    client.force_login(bob)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html and "Overview" in html


def test_inner_pages_have_breadcrumbs(client, alice):
    org = f.OrganizationFactory(short_name="ООО «Союз»")
    client.force_login(alice)
    for url in (reverse("registry:organization_list"), reverse("registry:organization_edit", args=[org.pk]),
                reverse("registry:import"), reverse("registry:supplier_search")):
        html = client.get(url).content.decode()
        assert 'class="breadcrumb' in html and reverse("web:home") in html, url
    card = client.get(reverse("registry:organization_detail", args=[org.pk])).content.decode()
    assert f'aria-current="page">{org.short_name}' in card.replace("&laquo;", "«").replace("&raquo;", "»")
