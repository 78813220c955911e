"""One coverage computation behind the Coverage, Capacity, Gaps and Roadmap pages and the API: on one order they
tell the same story — a domestic position is covered by itself, a name-only suggestion covers nothing and is
never netted, and a category's shortfall is the same figure everywhere."""

from __future__ import annotations

import re

import pytest
from tests.substitution.helpers import demo_order

from cityorder.order.models import Position
from cityorder.substitution.models import Analog, CatalogItem, Compatibility

pytestmark = pytest.mark.django_db

YEARS = (2026, 2027, 2028, 2029, 2030)


@pytest.fixture
def order():
    order = demo_order()
    Position.objects.create(order=order, position_id="Pown142en5", key="pn:КР142ЕН5А", name="Стабилизатор КР142ЕН5А",
                            category="ic.regulator", kind="part", part_number="КР142ЕН5А", unit="pcs", customers=1,
                            lines=1, total=2500, quantities={str(y): 500 for y in YEARS})
    lm317 = order.positions.get(part_number="LM317T")
    fixed = CatalogItem.objects.get(part_number="СМЭ-1142ЕН5")
    # A name that reads alike, not confirmed: a suggestion, not capacity for an adjustable regulator.
    Analog.objects.create(order=order, position=lm317, item=fixed, rank=1, compatibility=Compatibility.TEXT,
                          score=40, reason="")
    return order


def cell_of(html: str, table_id: str, row_attr: str, year: int) -> str:
    table = html[html.index(f'id="{table_id}"'):]
    row = table[table.index(row_attr):]
    row = row[:row.index("</tr>")]
    return row[row.index(f'data-year="{year}"'):]


def test_the_four_pages_and_the_api_agree(client, order):
    assert client.login(username="analyst", password="demo-analyst-2026")
    base = f"/substitution/versions/{order.pk}"
    lm317 = order.positions.get(part_number="LM317T")
    l7805 = order.positions.get(part_number="L7805CV")
    data = client.get(f"/api/v1/orders/{order.pk}/coverage/").json()

    # API: КР142ЕН5А is covered by itself, LM317T is a gap of its whole demand, and the shares say so.
    gaps = {g["position"]: g for g in data["gaps"]}
    assert "Pown142en5" not in gaps
    assert gaps[lm317.position_id]["statuses"] == {str(y): "none" for y in YEARS}
    regulators = next(s for s in data["shares"] if s["category"] == "ic.regulator" and s["year"] == 2026)
    assert (regulators["positions"], regulators["positions_covered"], regulators["positions_own"]) == (3, 2, 1)
    shortfall_2026 = regulators["quantity"] - regulators["quantity_covered"]
    assert shortfall_2026 == lm317.quantity(2026) == 3000
    # The fixed 5 V product serves L7805CV only: LM317T's demand is not netted against it.
    product = next(c for c in data["capacity"] if c["product"].startswith("СМЭ-1142ЕН5"))
    assert product["demand"]["2026"] == l7805.quantity(2026)
    roadmap = {r["category"]: r for r in data["roadmap"]}
    assert roadmap["ic.regulator"]["first_full_year"] is None

    # Gaps page: the same gaps, in the same order.
    html = client.get(f"{base}/gaps/").content.decode()
    listed = re.findall(r'<tr data-position="([^"]+)"', html)
    assert listed == [g["position"] for g in data["gaps"]]

    # Coverage page: the same counts for the category in 2026.
    html = client.get(f"{base}/coverage/").content.decode()
    table = html[html.index('id="coverage-table"'):]
    row = table[table.index('data-category="ic.regulator"'):]
    first_year = row[:row.index("</tr>")].split("</td>")[1]
    assert 'data-status="covered">2<' in first_year and 'data-status="none">1<' in first_year
    assert 'data-own="1"' in first_year

    # Capacity page: the category's balance is the same shortfall, the product's demand the same as the API's.
    html = client.get(f"{base}/capacity/").content.decode()
    for year in YEARS:
        share = next(s for s in data["shares"] if s["category"] == "ic.regulator" and s["year"] == year)
        balance = cell_of(html, "capacity-categories", 'data-row="ic.regulator"', year)
        assert f'data-balance="{round(share["quantity_covered"] - share["quantity"])}"' in balance
    product_cell = cell_of(html, "capacity-products", 'data-row="СМЭ-1142ЕН5"', 2026)
    capacity = product["capacity"]["2026"]
    assert f'data-balance="{round(capacity - product["demand"]["2026"])}"' in product_cell

    # Roadmap page: not within the horizon, as the API says.
    html = client.get(f"{base}/roadmap/").content.decode()
    row = html[html.index('data-category="ic.regulator"'):]
    assert 'data-year=""' in row[:row.index("</tr>")]


def test_value_coverage_says_how_much_of_the_demand_has_a_price(client, order):
    assert client.login(username="analyst", password="demo-analyst-2026")
    data = client.get(f"/api/v1/orders/{order.pk}/coverage/").json()
    everything = next(s for s in data["shares"] if s["category"] == "" and s["year"] == 2026)
    assert 0 < everything["priced_share"] < 1
    assert everything["priced_quantity"] < everything["quantity"]
    html = client.get(f"/substitution/versions/{order.pk}/coverage/").content.decode()
    row = html[html.index('data-category="all"'):]
    first_year = row[:row.index("</tr>")].split("</td>")[1]
    # The value share is said of the priced part, with that part's size beside it.
    priced = f"{round(100 * everything['priced_quantity'] / everything['quantity'], 1)}"
    assert f"of the priced {priced}% of quantity" in first_year
