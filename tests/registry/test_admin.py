from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from cityorder.accounts.models import User
from cityorder.demand.demo import load_demand_demo
from cityorder.registry.demo import load_demo

pytestmark = pytest.mark.django_db

MODELS = [
    f"{model._meta.app_label}_{model._meta.model_name}"
    for model in admin.site._registry
    if model._meta.app_label in ("registry", "accounts", "demand", "order", "jobs", "substitution")
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
    load_demand_demo(User.objects.get(username="analyst"))
    client.login(username="admin", password="demo-admin-2026")
    changelist = reverse(f"admin:{name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Москва"}).status_code == 200
    model = next(m for m in admin.site._registry if f"{m._meta.app_label}_{m._meta.model_name}" == name)
    obj = model.objects.order_by("pk").first()
    if obj is None:
        return  # nothing of this kind in the demo data: the list page above is what can be checked
    assert client.get(reverse(f"admin:{name}_change", args=[obj.pk])).status_code == 200
