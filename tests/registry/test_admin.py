from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from cityorder.registry.demo import load_demo

pytestmark = pytest.mark.django_db

MODELS = [
    f"{model._meta.app_label}_{model._meta.model_name}"
    for model in admin.site._registry
    if model._meta.app_label in ("registry", "accounts")
]


def test_every_registry_and_accounts_model_is_in_the_admin():
    assert set(MODELS) >= {
        "accounts_user", "registry_organization", "registry_zone", "registry_site", "registry_residency",
        "registry_competency", "registry_cluster", "registry_membership", "registry_category", "registry_product",
        "registry_capacity",
    }


@pytest.mark.parametrize("name", sorted(MODELS))
def test_admin_list_search_and_change_pages_open(client, name):
    load_demo()
    client.login(username="admin", password="demo-admin-2026")
    changelist = reverse(f"admin:{name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Москва"}).status_code == 200
    model = next(m for m in admin.site._registry if f"{m._meta.app_label}_{m._meta.model_name}" == name)
    obj = model.objects.order_by("pk").first()
    assert client.get(reverse(f"admin:{name}_change", args=[obj.pk])).status_code == 200
