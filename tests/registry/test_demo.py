from __future__ import annotations

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
