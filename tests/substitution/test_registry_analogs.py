"""The analogs of a position, on its card and on the analog page, show their producer's PP 719 entry."""

from __future__ import annotations

import datetime

from tests.substitution.helpers import demo_order

from cityorder.cooperation.models import RegistryEntry
from cityorder.substitution.models import Analog, CatalogItem


def test_an_analogs_registry_entry_and_its_validity_show_on_the_card_and_the_analog_page(client, db):
    order = demo_order()
    ebus = order.positions.get(name="Электробус 12 м")
    item = CatalogItem.objects.select_related("organization").get(part_number="ЭБС-12")
    assert Analog.objects.filter(position=ebus, item=item).exists() and item.organization is not None
    RegistryEntry.objects.filter(inn=item.organization.inn).delete()
    RegistryEntry.objects.create(registry_no="99\\9\\9\\2025", organization_name=item.organization.full_name,
                                 inn=item.organization.inn, product_name="Электробус",
                                 valid_until=datetime.date.today() - datetime.timedelta(days=3))
    assert client.login(username="analyst", password="demo-analyst-2026")
    for url in (ebus.get_absolute_url(), f"/substitution/versions/{order.pk}/positions/{ebus.position_id}/analogs/"):
        html = client.get(url).content.decode()
        row = html[html.index("ЭБС-12", html.index('id="analogs"')):]
        row = row[:row.index("</tr>")]
        assert 'data-registry="99\\9\\9\\2025"' in row and "expired" in row and 'data-valid="0"' in row, url
