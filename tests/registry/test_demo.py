from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from cityorder.registry.identifiers import inn_is_valid, ogrn_is_valid
from cityorder.registry.models import Cluster, Organization

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_matches_the_public_facts(capsys):
    call_command("load_demo")
    counts = Organization.objects.count()
    call_command("load_demo")
    assert Organization.objects.count() == counts
    ev = Cluster.objects.get(code="ev")
    members = ev.memberships.count()
    residents = ev.memberships.filter(organization__residencies__isnull=False).distinct().count()
    assert 38 <= members <= 42
    assert residents == members // 2
    assert Cluster.objects.get(code="pharma").memberships.count() == 9
    assert all(inn_is_valid(o.inn) and ogrn_is_valid(o.ogrn) for o in Organization.objects.all())
    invented = Organization.objects.exclude(description__contains="демонстрационные").exclude(kind="government_body")
    assert all("демо" in o.short_name for o in invented.exclude(short_name__contains="Мосгортранс"))
    out = capsys.readouterr().out
    for username in ("admin", "analyst", "mosgortrans", "battery", "coordinator"):
        assert username in out


def test_demo_clusters_sites_and_logins(capsys):
    from django.contrib.auth import authenticate

    from cityorder.accounts.models import User
    from cityorder.registry import access
    from cityorder.registry.models import Residency

    call_command("load_demo")
    out = capsys.readouterr().out
    assert re.search(r"^\s+analyst\s+/ demo-analyst-2026\s", out, re.M)
    ev, photonics = Cluster.objects.get(code="ev"), Cluster.objects.get(code="photonics")
    assert ev.founded_on.year == photonics.founded_on.year == 2022
    assert photonics.memberships.count() == 15
    sites = set(Residency.objects.filter(organization__memberships__cluster=ev).values_list("site__name", flat=True))
    assert sites == {"Печатники", "Алабушево", "Руднево", "Зеленоград", "Старое Крюково"}
    named = {"ООО «Приводная техника»", "Дизайн-центр «Союз»", "ООО «Аддитивные технологии»"}
    assert named <= set(ev.members.values_list("short_name", flat=True))
    assert ev.memberships.get(organization__short_name__contains="Москвич").role == "anchor"
    coordinator = User.objects.get(username="coordinator")
    assert access.can_manage_cluster(coordinator, ev)
    assert not access.can_manage_cluster(coordinator, photonics)
    admin = authenticate(username="admin", password="demo-admin-2026")
    assert admin is not None and admin.is_superuser
    for username in ("analyst", "mosgortrans", "hospital", "battery", "coordinator"):
        user = User.objects.get(username=username)
        assert user.organization is not None
        assert user.check_password(out.split(f"{username} ")[1].split("/")[1].split()[0])
    battery_maker = User.objects.get(username="battery").organization
    assert battery_maker.products.filter(category__code__startswith="battery").exists()
    assert battery_maker.products.first().capacities.filter(year__range=(2025, 2030)).count() == 6
