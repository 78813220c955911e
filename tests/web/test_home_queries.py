"""The department's home page asks a fixed number of queries however many submissions wait for review: the shown
ones' lines are counted by one grouped query (demand.queries.count_submission_lines), not per submission."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityorder.accounts.roles import Role
from cityorder.demand import services
from tests import factories as f

pytestmark = pytest.mark.django_db


def _handed_in(alice, code: str, customers: int) -> dict[int, int]:
    """A campaign whose customers hand in 1, 2, … lines each; {submission pk: its lines}."""
    users = [f.UserFactory(username=f"{code}-{n}", role=Role.CUSTOMER, organization=f.CustomerOrganizationFactory())
             for n in range(customers)]
    campaign = services.campaign_create(actor=alice, code=code, title=f"Кампания {code}", year_from=2026,
                                        year_to=2026, kinds=["components"], invited=[u.organization for u in users])
    lines = {}
    for n, user in enumerate(users):
        submission = services.submission_open(actor=user, campaign=campaign)
        for j in range(n + 1):
            services.line_add(actor=user, submission=submission, name=f"Таймер {j}", unit="шт",
                              quantities={"2026": "1"})
        services.submission_submit(actor=user, submission=submission)
        lines[submission.pk] = n + 1
    return lines


def _home(client) -> tuple[int, str]:
    client.get("/")  # the session and caches settle on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_the_review_queue_on_the_home_page_costs_the_same_for_one_or_many(client, alice):
    client.force_login(alice)
    _handed_in(alice, "one", customers=1)
    one, _ = _home(client)
    waiting = _handed_in(alice, "many", customers=6)
    many, html = _home(client)
    assert many == one
    for pk, lines in waiting.items():
        row = re.search(rf'data-submission="{pk}">(.*?)</li>', html, re.S)
        assert row and re.search(rf"· {lines} ", row.group(1)), (pk, lines)
