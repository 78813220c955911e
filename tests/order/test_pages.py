"""The department's pages of the city order: versions and their consolidation, positions with filters, a position's
trace to its files, publishing and the printable summary."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.order.models import CityOrder
from tests.order.helpers import BOB_ROWS, TIMER, WIRE, accepted, make_campaign, position_named

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [row.record.position_id for row in response.context["table"].paginated_rows]


def test_consolidate_from_the_index_makes_a_version_and_lists_it(client, alice, bob, campaign,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(alice)
    response = client.get(reverse("order:index"))
    assert "Not consolidated yet." in response.content.decode()

    response = client.post(reverse("order:consolidate", args=[campaign.code]), follow=True)
    assert "No submission of this campaign is accepted yet" in response.content.decode()
    assert not CityOrder.objects.exists()

    accepted(alice, bob, campaign, BOB_ROWS, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("order:consolidate", args=[campaign.code]))
    assert response.status_code == 302 and response["Location"].endswith(f"#campaign-{campaign.code}")
    order = CityOrder.objects.get(campaign=campaign)
    job = Job.objects.get(kind=JobKind.CONSOLIDATE, params__campaign=campaign.pk)
    assert job.status == JobStatus.DONE and order.created_by == alice

    page = client.get(reverse("order:index")).content.decode()
    assert order.get_absolute_url() in page and 'data-version="1"' in page
    assert f'id="job-{job.pk}"' not in page  # a finished consolidation leaves its version, not its progress bar


def test_index_polls_a_running_consolidation_and_shows_a_failed_one(client, alice, campaign):
    job = Job.objects.create(kind=JobKind.CONSOLIDATE, params={"campaign": campaign.pk}, title="Consolidating",
                             created_by=alice)
    client.force_login(alice)
    page = client.get(reverse("order:index")).content.decode()
    assert f'id="job-{job.pk}"' in page and 'hx-trigger="every 1s"' in page
    assert f'data-consolidate="{campaign.code}"' in page and "disabled" in page

    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="No accepted demand in «x»")
    page = client.get(reverse("order:index")).content.decode()
    assert "No accepted demand in «x»" in page and 'hx-trigger="every 1s"' not in page


def test_version_lists_positions_with_their_quantity_in_every_year(client, alice, version):
    client.force_login(alice)
    response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    timer = position_named(version, TIMER)
    rows = {row.record.position_id: row.record for row in response.context["table"].paginated_rows}
    assert (rows[timer.position_id].q_2026, rows[timer.position_id].q_2027, rows[timer.position_id].q_2028) == (
        120, 1000, 50)
    assert listed(response)[0] == timer.position_id  # largest total first
    page = response.content.decode()
    assert "1,000" in page and "1,170" in page
    figures = response.context["figures"]
    assert (figures["positions"], figures["lines"], figures["customers"]) == (7, 9, 2)
    assert (figures["probable_matches"], figures["auto_merged"]) == (1, 1)


def test_version_filters_by_category_customer_year_and_text(client, alice, carol, version):
    client.force_login(alice)
    url = version.get_absolute_url()
    cables = set(version.positions.filter(name__startswith="Кабель").values_list("position_id", flat=True))
    assert len(cables) == 2
    assert set(listed(client.get(url, {"category": "connector"}))) == cables
    assert listed(client.get(url, {"category": "ic"})) == [position_named(version, TIMER).position_id]

    carols = set(version.positions.filter(source_lines__customer=carol.organization).values_list("position_id",
                                                                                                 flat=True))
    assert len(carols) == 4
    assert set(listed(client.get(url, {"customer": carol.organization.pk}))) == carols

    response = client.get(url, {"year": "2028"})
    in_2028 = set(version.positions.filter(quantities__has_key="2028").values_list("position_id", flat=True))
    assert set(listed(response)) == in_2028 and position_named(version, "Аккумулятор").position_id not in in_2028
    columns = [column.name for column in response.context["table"].columns]
    assert "q_2028" in columns and "q_2026" not in columns

    assert listed(client.get(url, {"q": "ne555"})) == [position_named(version, TIMER).position_id]
    assert listed(client.get(url, {"sort": "q_2028"}))[-1] == position_named(version, WIRE).position_id


def test_position_card_traces_lines_to_file_sheet_row_and_gives_the_reasons(client, alice, bob, carol, version):
    client.force_login(alice)
    timer = position_named(version, TIMER)
    response = client.get(timer.get_absolute_url())
    card = response.context["card"]
    assert sorted((line.customer_id, line.file, line.sheet, line.row) for line in card.lines) == sorted([
        (bob.organization.pk, "demand.xlsx", "Потребность", 4),
        (carol.organization.pk, "hospital.xlsx", "Потребность", 4),
    ])
    assert card.quantities == [(2026, 120.0), (2027, 1000.0), (2028, 50.0)]
    assert "hospital.xlsx" in response.content.decode()

    power = position_named(version, "Блок питания")
    page = client.get(power.get_absolute_url()).content.decode()
    assert "merged automatically: token_sort_ratio" in page and "универсальнй" in page
    assert len(power.merged_keys) == 2

    black = position_named(version, "Кабель", key_end="черный")
    other = position_named(version, "Кабель", key_end="чорный")
    response = client.get(black.get_absolute_url())
    [view] = response.context["card"].matches
    assert view.other == other and "«черный» / «чорный»" in view.match.reason
    assert other.get_absolute_url() in response.content.decode()

    assert client.get(reverse("order:position", args=[version.pk, "Pnothing"])).status_code == 404


def test_publish_marks_the_version_and_unpublishes_the_earlier_one(client, alice, version, two_customers):
    from tests.order.helpers import consolidate

    client.force_login(alice)
    client.post(reverse("order:publish", args=[version.pk]))
    second = consolidate(two_customers, alice)
    response = client.post(reverse("order:publish", args=[second.pk]), follow=True)
    assert 'id="published-badge"' in response.content.decode()
    version.refresh_from_db()
    second.refresh_from_db()
    assert second.published and not version.published


def test_campaign_dashboard_opens_the_published_version_else_the_latest(client, alice, version, two_customers):
    from tests.order.helpers import consolidate

    client.force_login(alice)
    latest = consolidate(two_customers, alice)
    url = reverse("order:campaign_dashboard", args=[two_customers.code])
    assert client.get(url)["Location"] == reverse("order:dashboard", args=[latest.pk])
    client.post(reverse("order:publish", args=[version.pk]))
    assert client.get(url)["Location"] == reverse("order:dashboard", args=[version.pk])
    assert client.get(reverse("order:campaign_dashboard", args=["nope"])).status_code == 404


def test_summary_is_printable_with_figures_and_categories(client, alice, version):
    client.force_login(alice)
    response = client.get(reverse("order:summary", args=[version.pk]))
    page = response.content.decode()
    assert "@media print" in page and "nav, .navbar" in page
    assert 'id="count-positions">7<' in page
    assert response.context["top"][0][0] == position_named(version, TIMER)
    categories = {row.code: row for row in response.context["categories"]}
    assert categories["ic"].pieces == {2026: 120.0, 2027: 1000.0, 2028: 50.0}
    assert categories["other"].other_units == 1  # the wire, in metres, is counted but not added to pieces


def test_an_empty_campaign_has_no_versions_to_show(client, alice, bob):
    campaign = make_campaign(alice, bob, code="empty")
    client.force_login(alice)
    page = client.get(reverse("order:index")).content.decode()
    assert f'id="campaign-{campaign.code}"' in page
    assert client.get(reverse("order:campaign_dashboard", args=[campaign.code])).status_code == 404


def test_the_navigation_offers_the_city_order_to_the_department_only(client, alice, bob):
    def entries(user):
        client.force_login(user)
        sections = client.get(reverse("web:home")).context["nav_sections"]
        return [item["url"] for section in sections for item in section["items"]]

    assert reverse("order:index") in entries(alice)
    assert reverse("order:index") not in entries(bob)
