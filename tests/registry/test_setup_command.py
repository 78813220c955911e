from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cityorder.registry.models import Category, Competency, Organization, Site

pytestmark = pytest.mark.django_db


def test_setup_loads_reference_data_without_demo_organizations():
    out = StringIO()
    call_command("setup", stdout=out, verbosity=0)
    call_command("setup", stdout=out, verbosity=0)
    assert Category.objects.exists() and Competency.objects.exists()
    assert Site.objects.filter(zone__code__isnull=False).count() == 5
    assert not Organization.objects.exists()
