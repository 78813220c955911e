"""The department's main pages ask the database a fixed number of queries, however many customers, lines and
positions a campaign has: two campaigns of different sizes, made through the services, are requested page by
page and their query counts compared (a count that grows with the rows is an N+1 or a scan per row)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cityorder.accounts.roles import Role
from cityorder.demand import services
from cityorder.demand.models import Campaign, DemandLine, LineStatus, Submission
from cityorder.order import services as order_services
from cityorder.order.models import CityOrder
from tests import factories as f

pytestmark = pytest.mark.django_db

CABLES = ["Кабель питания сетевой черный", "Кабель питания сетевой чорный"]  # the engine proposes the pair


def _campaign(alice, code: str, customers: int, lines: int) -> tuple[Campaign, CityOrder]:
    """A campaign whose customers each send ``lines`` lines (their cables spelled two ways, so the version has a
    probable match to review), accepted and consolidated."""
    users = [f.UserFactory(username=f"{code}-{n}", role=Role.CUSTOMER, organization=f.CustomerOrganizationFactory())
             for n in range(customers)]
    campaign = services.campaign_create(actor=alice, code=code, title=f"Кампания {code}", year_from=2026,
                                        year_to=2027, kinds=["components"], invited=[u.organization for u in users])
    for n, user in enumerate(users):
        submission = services.submission_open(actor=user, campaign=campaign)
        services.line_add(actor=user, submission=submission, name=CABLES[n % 2],
                          unit="шт", quantities={"2026": "3"})
        for j in range(lines):
            services.line_add(actor=user, submission=submission, name=f"Таймер серии {j}",
                              part_number=f"NE{555 + j}P", unit="шт", quantities={"2026": str(10 + n), "2027": "5"})
        services.submission_submit(actor=user, submission=submission)
        services.submission_accept(actor=alice, submission=services.submission_open(actor=user, campaign=campaign))
    order = order_services.consolidate_campaign(campaign, actor=alice).order
    return campaign, order


def _pages(campaign: Campaign, order: CityOrder) -> dict[str, str]:
    submission = campaign.submissions.order_by("pk").first()
    assert submission is not None
    return {
        "home": "/", "campaign": f"/demand/campaigns/{campaign.code}/",
        "submission": f"/demand/submissions/{submission.pk}/",
        "version": f"/order/versions/{order.pk}/", "version by customer": f"/order/versions/{order.pk}/?customer="
                                                                          f"{submission.customer_id}",
        "matches review": f"/order/versions/{order.pk}/review/", "dashboard": f"/order/versions/{order.pk}/dashboard/",
        "search": "/search/?q=NE556P", "api submissions": "/api/v1/submissions/",
        "api organizations": "/api/v1/organizations/",
        "version customers search": f"/order/versions/{order.pk}/customers/?term=",
        "api submission": f"/api/v1/submissions/{submission.pk}/",
    }


def _query_counts(client: Client, pages: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in pages.items():
        client.get(url)  # sessions and caches settle on the first request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries.captured_queries)
    return counts


def test_the_query_count_of_each_page_does_not_grow_with_the_rows(client, alice):
    client.force_login(alice)
    small = _query_counts(client, _pages(*_campaign(alice, "small", customers=2, lines=2)))
    large = _query_counts(client, _pages(*_campaign(alice, "large", customers=7, lines=9)))
    assert large == small


def test_the_pages_of_the_larger_campaign_show_all_of_it(client, alice):
    """The counts above are of full pages: every customer's lines are counted in the version's figures."""
    client.force_login(alice)
    campaign, order = _campaign(alice, "large", customers=7, lines=3)
    dashboard = client.get(f"/order/versions/{order.pk}/dashboard/").content.decode()
    for submission in campaign.submissions.select_related("customer"):
        assert submission.customer.short_name in dashboard
    assert order.figures["customers"] and sum(lines for _c, lines, _p in order.figures["customers"]) == 7 * 4
    review = client.get(f"/order/versions/{order.pk}/review/").content.decode()
    assert "Кабель питания сетевой" in review


def test_the_api_counts_each_submissions_lines_by_status(client, alice):
    """The list counts the lines of its page's submissions in one grouped query: each count stays its own."""
    client.force_login(alice)
    campaign, _order = _campaign(alice, "counted", customers=3, lines=2)
    first, second, third = campaign.submissions.order_by("pk")
    DemandLine.objects.create(submission=first, status=LineStatus.ERROR, name="x", message="bad")
    for n in range(2):
        DemandLine.objects.create(submission=second, status=LineStatus.SKIPPED, name=f"skipped {n}")
    rows = client.get("/api/v1/submissions/", {"campaign": campaign.code}).json()["results"]
    assert len(rows) == 3
    for row in rows:
        lines = Submission.objects.get(pk=row["id"]).lines
        assert (row["ok_count"], row["skipped_count"], row["error_count"]) == (
            lines.filter(status=LineStatus.OK).count(), lines.filter(status=LineStatus.SKIPPED).count(),
            lines.filter(status=LineStatus.ERROR).count())
        assert client.get(f"/api/v1/submissions/{row['id']}/").json()["ok_count"] == row["ok_count"] > 0
    by_id = {row["id"]: (row["skipped_count"], row["error_count"]) for row in rows}
    assert (by_id[first.pk], by_id[second.pk], by_id[third.pk]) == ((0, 1), (2, 0), (0, 0))


def test_the_campaign_page_reads_one_page_of_customers_whatever_their_number(client, alice):
    """The progress table is sorted and paged by the database: a campaign of 120 invited customers (more than two
    pages of 50) asks as many queries as one of 3, and its first page shows 50 rows in the names' order."""
    client.force_login(alice)
    counts, pages = [], {}
    for code, size in (("few", 3), ("many", 120)):
        invited = [f.CustomerOrganizationFactory(short_name=f"Заказчик {code} {n:03}") for n in range(size)]
        campaign = services.campaign_create(actor=alice, code=code, title=code, year_from=2026, year_to=2026,
                                            kinds=["components"], invited=invited)
        for organization in invited[::2]:
            submission = services.submission_open(actor=alice, campaign=campaign, customer=organization)
            services.line_add(actor=alice, submission=submission, name="Таймер", unit="шт", quantities={"2026": "1"})
        url = f"/demand/campaigns/{code}/"
        counts.append(_query_counts(client, {code: url})[code])
        pages[code] = client.get(url).content.decode()
    assert counts[0] == counts[1]
    shown = [n for n in range(120) if f"Заказчик many {n:03}" in pages["many"]]
    assert shown == list(range(50))
    assert client.get("/demand/campaigns/many/?page=3").content.decode().count('data-customer="') == 20
