"""Reads behind the order pages: the difference between two versions and the dashboard's figures."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse

from cityorder.accounts.roles import Role
from cityorder.demand import services as demand_services
from cityorder.demand.models import Campaign
from cityorder.order.diff import version_diff
from cityorder.order.models import CityOrder, Position
from tests import factories as f
from tests.order.helpers import BOB_ROWS, TIMER, accepted, consolidate, make_campaign, position_named

pytestmark = pytest.mark.django_db


def version_of(campaign: Campaign, number: int, positions: dict[str, tuple[str, dict[str, float]]]) -> CityOrder:
    """A version built by hand: position id → (unit, quantities by year)."""
    order = CityOrder.objects.create(campaign=campaign, number=number, years=[2026, 2027, 2028])
    for position_id, (unit, quantities) in positions.items():
        Position.objects.create(order=order, position_id=position_id, key=f"pn:{position_id}", name=position_id,
                                unit=unit, quantities=quantities, total=sum(quantities.values()))
    return order


@pytest.fixture
def bare_campaign(db):
    return Campaign.objects.create(code="diff", title="Diff", year_from=2026, year_to=2028)


def test_version_diff_finds_new_removed_and_changed_positions_by_id(bare_campaign):
    old = version_of(bare_campaign, 1, {
        "PA": ("pcs", {"2026": 10.0, "2027": 5.0}),
        "PB": ("pcs", {"2026": 1.0}),
        "PC": ("m", {"2026": 3.0}),
        "PE": ("pcs", {"2028": 7.0}),
    })
    new = version_of(bare_campaign, 2, {
        "PA": ("pcs", {"2026": 10.0, "2027": 7.0}),
        "PC": ("m", {"2026": 1.0 + 2.0}),  # the same quantity, added up in another order
        "PD": ("pcs", {"2028": 4.0}),
        "PE": ("pcs", {"2027": 7.0}),  # the same total, moved to another year
    })
    diff = version_diff(old, new)
    assert [c.position_id for c in diff.added] == ["PD"]
    assert [c.position_id for c in diff.removed] == ["PB"]
    assert [c.position_id for c in diff.changed] == ["PA", "PE"]  # the larger change first
    assert diff.unchanged == 1
    pa, pe = diff.changed
    assert (pa.year_delta(2026), pa.year_delta(2027), pa.delta) == (0.0, 2.0, 2.0)
    assert pa.by_year == [(2026, 10.0, 10.0, 0.0), (2027, 5.0, 7.0, 2.0), (2028, 0.0, 0.0, 0.0)]
    assert pe.delta == 0.0 and (pe.year_delta(2027), pe.year_delta(2028)) == (7.0, -7.0)
    assert diff.added[0].new_total == 4.0 and diff.removed[0].old_total == 1.0
    # Pieces only in the head of the page: PC in metres is left out of the sums.
    assert diff.year_totals() == [(2026, 11.0, 10.0, -1.0), (2027, 5.0, 14.0, 9.0), (2028, 7.0, 4.0, -3.0)]


def test_diff_page_compares_with_the_previous_version_by_default(client, alice, bob, carol, campaign,
                                                                 django_capture_on_commit_callbacks):
    from tests.order.helpers import CAROL_ROWS

    accepted(alice, bob, campaign, BOB_ROWS, django_capture_on_commit_callbacks)
    first = consolidate(campaign, alice)
    accepted(alice, carol, campaign, CAROL_ROWS, django_capture_on_commit_callbacks, name="hospital.xlsx")
    second = consolidate(campaign, alice)
    client.force_login(alice)

    assert 'id="no-previous"' in client.get(reverse("order:diff", args=[first.pk])).content.decode()
    response = client.get(reverse("order:diff", args=[second.pk]))
    diff = response.context["diff"]
    assert (diff.old, diff.new) == (first, second)
    added = {c.name for c in diff.added}
    assert {"Аккумулятор LiFePO4 12,8 В 100 А·ч", "Кабель питания сетевой чорный"} <= added
    timer = next(c for c in diff.changed if c.name == TIMER)
    assert timer.by_year[0] == (2026, 100.0, 120.0, 20.0) and timer.delta == 20.0
    page = response.content.decode()
    assert "+20" in page and "1,150 → 1,170" in page
    removed = set(first.positions.values_list("position_id", flat=True)) - set(
        second.positions.values_list("position_id", flat=True))
    # A position whose lines now count under another id is listed as renamed, not as removed.
    assert {c.position_id for c in diff.removed} | {c.old_position_id for c in diff.renamed} == removed

    # Either way round, the older version is the «before».
    back = client.get(reverse("order:diff", args=[first.pk]), {"against": second.pk}).context["diff"]
    assert (back.old, back.new) == (first, second)


def test_dashboard_carries_the_sums_its_charts_draw(client, alice, bob, carol, version):
    client.force_login(alice)
    page = client.get(reverse("order:dashboard", args=[version.pk])).content.decode()
    found = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page, re.S)
    assert found
    data = json.loads(found.group(1))
    assert data["years"] == ["2026", "2027", "2028"]
    by_category = {c["code"]: c["data"] for c in data["categories"]}
    assert by_category["ic"] == [120.0, 1000.0, 50.0]
    assert by_category["connector"] == [13.0, 13.0, 13.0]
    assert by_category["power"] == [6.0, 6.0, 1.0]
    assert by_category["battery"] == [4.0, 4.0, 0.0]
    # The wire is demanded in metres: it is in no sum of pieces (the 1 is Bob's line typed in the form).
    assert sum(sum(values) for values in by_category.values()) == 1170 + 39 + 13 + 8 + 1
    assert data["top"]["ids"][0] == position_named(version, TIMER).position_id and data["top"]["data"][0] == 1170
    assert position_named(version, "Провод").position_id not in data["top"]["ids"]
    shares = dict(zip(data["customers"]["labels"], data["customers"]["lines"], strict=True))
    assert shares == {bob.organization.short_name: 5, carol.organization.short_name: 4}
    progress = dict(zip(data["progress"]["statuses"], data["progress"]["counts"], strict=True))
    assert progress["accepted"] == 2 and progress["not_started"] == 0


def test_dashboard_names_invited_customers_who_are_late(client, alice, bob, django_capture_on_commit_callbacks):
    dave = f.CustomerOrganizationFactory(short_name="ГБУ «Опоздавший»")
    campaign = make_campaign(alice, bob, code="late", deadline=datetime.date(2020, 1, 31))
    demand_services.campaign_update(actor=alice, campaign=campaign, invited=[bob.organization, dave])
    accepted(alice, bob, campaign, BOB_ROWS, django_capture_on_commit_callbacks)
    order = consolidate(campaign, alice)
    client.force_login(alice)
    response = client.get(reverse("order:dashboard", args=[order.pk]))
    assert [row.customer for row in response.context["board"].late] == [dave]
    progress = response.context["chart"]["progress"]
    assert dict(zip(progress["statuses"], progress["counts"], strict=True))["not_started"] == 1
    assert "ГБУ «Опоздавший»" in response.content.decode()


def test_version_diff_gives_both_versions_totals_and_lists_renamed_positions_as_changes(bare_campaign):
    from cityorder.order.models import PositionLine

    customer = f.CustomerOrganizationFactory()
    old = version_of(bare_campaign, 1, {
        "PA": ("pcs", {"2026": 100.0}),  # unchanged: counted in the totals, not in the changes
        "PB": ("pcs", {"2026": 10.0}),
        "PC": ("pcs", {"2026": 5.0}),
    })
    new = version_of(bare_campaign, 2, {
        "PA": ("pcs", {"2026": 100.0}),
        "PX": ("pcs", {"2026": 12.0}),  # PB's row, now identified by a part number added to it
        "PD": ("pcs", {"2026": 1.0}),
    })
    for order, position_id, row in ((old, "PB", 7), (new, "PX", 7), (old, "PC", 8), (new, "PD", 9)):
        PositionLine.objects.create(position=order.positions.get(position_id=position_id), customer=customer,
                                    file="demand.xlsx", sheet="Лист1", row=row)
    diff = version_diff(old, new)
    assert [(c.old_position_id, c.position_id, c.delta) for c in diff.renamed] == [("PB", "PX", 2.0)]
    assert [c.position_id for c in diff.removed] == ["PC"] and [c.position_id for c in diff.added] == ["PD"]
    assert diff.totals[0] == (2026, 115.0, 113.0, -2.0)
    assert diff.year_totals()[0] == (2026, 15.0, 13.0, -2.0)


def test_diff_page_shows_the_totals_of_both_versions_and_the_renamed(client, bare_campaign):
    from cityorder.order.models import PositionLine

    customer = f.CustomerOrganizationFactory()
    old = version_of(bare_campaign, 1, {"PA": ("pcs", {"2026": 20000.0}), "PB": ("pcs", {"2026": 10.0})})
    new = version_of(bare_campaign, 2, {"PA": ("pcs", {"2026": 20000.0}), "PX": ("pcs", {"2026": 10.0})})
    for order, position_id in ((old, "PB"), (new, "PX")):
        PositionLine.objects.create(position=order.positions.get(position_id=position_id), customer=customer,
                                    file="demand.xlsx", row=3)
    client.force_login(f.UserFactory(role=Role.ANALYST))
    html = client.get(reverse("order:diff", args=[new.pk])).content.decode()
    totals = html[html.index('id="diff-totals"'):]
    assert "20,010" in totals[:totals.index("</table>")] or "20\xa0010" in totals[:totals.index("</table>")]
    renamed = html[html.index('id="diff-renamed"'):]
    assert 'data-position="PX"' in renamed and 'data-old="PB"' in renamed


def test_dashboard_names_the_largest_customers_and_sums_the_others(alice, bob, carol, version):
    from cityorder.order import queries

    shown, others = queries.customer_shares(version, limit=1)
    assert [(s.customer, s.lines) for s in shown] == [(bob.organization, 5)]
    assert (others.count, others.lines) == (1, 4)
    board = queries.dashboard(alice, version)
    board.customers, board.other_customers = shown, others
    assert board.chart()["customers"]["lines"] == [5, 4]
    assert board.chart()["customers"]["labels"][1] == "Other customers (1)"


def test_the_dashboards_progress_agrees_with_the_campaigns(alice, bob, carol, django_capture_on_commit_callbacks):
    from cityorder.demand import queries as demand_queries

    dave = f.CustomerOrganizationFactory(short_name="ГБУ «Опоздавший»")
    campaign = make_campaign(alice, bob, code="agree", deadline=datetime.date(2020, 1, 31))
    demand_services.campaign_update(actor=alice, campaign=campaign,
                                    invited=[bob.organization, dave, carol.organization])
    accepted(alice, bob, campaign, BOB_ROWS, django_capture_on_commit_callbacks)
    demand_services.submission_open(actor=carol, campaign=campaign)  # a draft after the deadline: late too
    full = demand_queries.campaign_progress(alice, campaign, line_counts=False)
    summary = demand_queries.progress_summary(alice, campaign)
    assert summary.counts == full.counts
    assert [(r.customer, r.status, r.invited) for r in summary.late] == [
        (r.customer, r.status, r.invited) for r in full.rows if r.late]
    assert {r.customer for r in summary.late} == {dave, carol.organization}
