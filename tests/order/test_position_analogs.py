from __future__ import annotations

import pytest

from tests.substitution.helpers import demo_order

pytestmark = pytest.mark.django_db


def test_position_card_lists_the_domestic_analogs_with_their_reason(client):
    order = demo_order()
    mcu = order.positions.get(part_number="STM32F103C8T6")
    client.login(username="analyst", password="demo-analyst-2026")
    page = client.get(mcu.get_absolute_url()).content.decode()
    table = page[page.index('id="analogs"'):]
    assert "МЭЗ-32F103" in table and "STM32F103" in table
    timer = order.positions.get(part_number="NE555P")
    assert 'id="analogs"' not in client.get(timer.get_absolute_url()).content.decode()
