"""The campaign's progress table is ordered and paged by the database (demand.queries.ProgressRows) exactly as it
was when every row was built and sorted in Python: by the name folded to lower case, compared by code point, then
by id. Names that a collation or SQLite's ASCII-only LOWER would order otherwise are among them."""

from __future__ import annotations

import datetime

import pytest

from cityorder.demand import queries, services
from tests import factories as f

pytestmark = pytest.mark.django_db

NAMES = ["Бета", "альфа", "АЛЬФА", "Альфа-2", "Альфа 10", "ёлка", "Ель", "Яблоко", "zeta", "Zeta", "apple",
         "Ørsted", "_подчерк", "1-я школа", "10-я школа", "ЭКБ", "экб", "Škoda"]


@pytest.fixture
def campaign(alice):
    invited = [f.CustomerOrganizationFactory(short_name=name) for name in NAMES]
    campaign = services.campaign_create(actor=alice, code="order", title="Порядок", year_from=2026, year_to=2027,
                                        deadline=datetime.date(2000, 1, 1), invited=invited)
    for organization in invited[::3]:
        services.submission_open(actor=alice, campaign=campaign, customer=organization)
    for name in ("альфа", "Я не приглашён"):  # senders who were not invited, one named as an invited customer
        services.submission_open(actor=alice, campaign=campaign, customer=f.CustomerOrganizationFactory(
            short_name=name))
    return campaign


def _python_order(campaign) -> list[int]:
    """The customers as campaign_progress sorted its rows before: invited and senders, by the Python key."""
    customers = {*campaign.invited.all(), *(s.customer for s in campaign.submissions.select_related("customer"))}
    return [c.pk for c in sorted(customers, key=lambda c: (c.short_name.lower(), c.pk))]


def test_the_rows_are_in_the_python_sorts_order(campaign, alice):
    progress = queries.campaign_progress(alice, campaign)
    expected = _python_order(campaign)
    assert [row.customer.pk for row in progress.rows] == expected
    assert progress.total == len(expected) == len(NAMES) + 2
    for start, stop in ((0, 5), (5, 11), (11, 50), (3, 4)):
        assert [row.customer.pk for row in progress.rows[start:stop]] == expected[start:stop]
    assert progress.rows[-1].customer.pk == expected[-1]


def test_each_row_is_the_customers_own_and_the_counts_agree(campaign, alice):
    progress = queries.campaign_progress(alice, campaign)
    rows = list(progress.rows)
    invited = set(campaign.invited.values_list("pk", flat=True))
    for row in rows:
        assert row.invited == (row.customer.pk in invited)
        assert row.submission is None or row.submission.customer_id == row.customer.pk
    assert dict((s, n) for s, _label, n in progress.counts) == {
        status: sum(1 for row in rows if row.status == status) for status, _label in queries.PROGRESS_STATUSES}
    assert progress.late_count == sum(1 for row in rows if row.late) == len(rows)
