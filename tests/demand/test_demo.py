"""The demo campaign: loaded by load_demo, consolidated and published, with customers still to send their demand."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cityorder.demand.models import Campaign, SubmissionStatus
from cityorder.order.models import CityOrder

pytestmark = pytest.mark.django_db


def test_demo_campaign_is_consolidated_once_and_published(capsys):
    call_command("load_demo")
    call_command("load_demo")
    campaign = Campaign.objects.get(code="ekb-2026")
    assert set(campaign.submissions.values_list("status", flat=True)) == {SubmissionStatus.ACCEPTED}
    assert campaign.invited.count() == 6
    order = CityOrder.objects.get(campaign=campaign)
    assert order.published
    # Both customers asked for STM32F103C8T6 and for NE555P (spelled differently): one position each, two customers.
    for part in ("STM32F103C8T6", "NE555P", "L7805CV"):
        position = order.positions.get(part_number=part)
        assert position.customers == 2, part
    mcu = order.positions.get(part_number="STM32F103C8T6")
    assert mcu.quantities["2026"] == 4800
    assert mcu.source_lines.filter(file__startswith="Мосгортранс", row=5).exists()
