"""The version's customer filter renders only the chosen customer and finds the others by a search (a version of
a thousand customers rendered a thousand options on every page)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def options(html: str, select_id: str = "id_customer") -> list[tuple[str, str]]:
    select = re.search(rf'<select name="customer"[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, html
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def test_the_filter_renders_the_chosen_customer_only_and_a_search(client, alice, bob, carol, version):
    client.force_login(alice)
    url = version.get_absolute_url()
    html = client.get(url).content.decode()
    assert [value for value, _label in options(html)] == [""]
    search = reverse("order:version_customers", args=[version.pk])
    assert f'hx-get="{search}"' in html and 'hx-target="#id_customer"' in html

    html = client.get(url, {"customer": carol.organization.pk}).content.decode()
    assert options(html)[1:] == [(str(carol.organization.pk), carol.organization.short_name)]
    assert re.search(rf'<option value="{carol.organization.pk}" selected>', html)


def test_the_search_offers_the_versions_customers_that_match(client, alice, bob, carol, version):
    client.force_login(alice)
    url = reverse("order:version_customers", args=[version.pk])
    everyone = client.get(url).content.decode()
    found = re.findall(r'<option value="(\d+)">', everyone)
    assert sorted(found) == sorted([str(bob.organization.pk), str(carol.organization.pk)])

    term = carol.organization.short_name
    one = client.get(url, {"term": term}).content.decode()
    assert re.findall(r'<option value="(\d+)">', one) == [str(carol.organization.pk)]
    assert "Nothing found" in client.get(url, {"term": "no such customer at all"}).content.decode()


def test_the_search_is_the_versions_readers_only(client, bob, version):
    client.force_login(bob)
    assert client.get(reverse("order:version_customers", args=[version.pk])).status_code in (403, 404)
