"""One word for one action in Russian («Сведение», never «Консолидация»), and numbers grouped by the locale."""

from __future__ import annotations

from pathlib import Path

import pytest

import cityorder
from tests.substitution.helpers import demo_order

PO = Path(cityorder.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def test_consolidation_is_called_svedenie_everywhere_in_russian():
    translations = [line for line in PO.read_text(encoding="utf-8").splitlines() if line.startswith("msgstr")]
    assert not [line for line in translations if "онсолид" in line]
    assert any("Сведение" in line for line in translations)


@pytest.mark.django_db
def test_numbers_are_grouped_as_russian_writes_them(client):
    order = demo_order()
    assert client.login(username="analyst", password="demo-analyst-2026")
    html = client.get(f"/substitution/versions/{order.pk}/gaps/").content.decode()
    timer = order.positions.get(part_number="NE555P")
    shown = f"{int(timer.quantity(2026)):,}".replace(",", "\u00a0")  # 2 500
    row = html[html.index(f'data-position="{timer.position_id}"'):]
    assert shown in row[:row.index("</tr>")]
    producer = client.get(f"/substitution/versions/{order.pk}/capacity/").content.decode()
    assert "13\u00a0500" in producer and "13,500" not in producer and "13500" not in producer.replace(
        'data-balance="', "")
