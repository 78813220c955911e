"""The tender's full audit log: paged, filtered by action and person, exported as formula-safe CSV, read by the
committee and the analysts only."""

from __future__ import annotations

import csv
import io

import pytest

from cityorder.tenders import audit, services
from cityorder.tenders.models import AuditEntry
from tests.tenders.helpers import values


@pytest.fixture
def logged(published, tess, vera, boris):
    lot = published.lots.get(number=1)
    for price in range(audit.PER_PAGE):
        services.bid_submit(actor=vera, lot=lot, values=values(900 - price, 3000, 24))
    services.bid_submit(actor=boris, lot=lot, values=values(800, 3000, 24))
    services.question_ask(actor=boris, tender=published, text="=HYPERLINK(\"http://evil\")")
    return published


def test_the_committee_pages_the_whole_log(logged, client, tess):
    client.force_login(tess)
    total = AuditEntry.objects.filter(tender=logged).count()
    assert total > audit.PER_PAGE > 30  # more than the tender page shows, on two pages
    first = client.get(f"/tenders/{logged.code}/audit/").content.decode()
    second = client.get(f"/tenders/{logged.code}/audit/", {"page": 2}).content.decode()
    rows = first.count("<tr") - 1 + second.count("<tr") - 1
    assert first.count("<tr") - 1 == audit.PER_PAGE and rows == total
    assert 'id="audit-link"' in client.get(logged.get_absolute_url()).content.decode()


def test_the_log_is_filtered_by_action_and_person(logged, client, alice, boris):
    client.force_login(alice)
    page = client.get(f"/tenders/{logged.code}/audit/", {"action": "bid.replaced"}).content.decode()
    assert page.count("bid.replaced") >= audit.PER_PAGE - 1 and "bid.submitted</td>" not in page
    by_boris = client.get(f"/tenders/{logged.code}/audit.csv", {"actor": boris.pk}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(by_boris)))
    assert [r[3] for r in rows[1:]] == ["bid.submitted", "question.asked"]
    assert {r[2] for r in rows[1:]} == {boris.username}


def test_the_csv_never_runs_a_formula(logged, client, tess):
    AuditEntry.objects.create(tender=logged, actor=tess, action="=cmd|' /C calc'!A0")
    client.force_login(tess)
    rows = list(csv.reader(io.StringIO(client.get(f"/tenders/{logged.code}/audit.csv")
                                       .content.decode("utf-8-sig"))))
    assert rows[-1][3] == "'=cmd|' /C calc'!A0"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("who", ["vera", "boris"])
def test_bidders_do_not_see_the_log(logged, client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/tenders/{logged.code}/audit/").status_code == 403
    assert client.get(f"/tenders/{logged.code}/audit.csv").status_code == 403
    assert 'id="audit-link"' not in client.get(logged.get_absolute_url()).content.decode()


def test_the_log_is_read_only(logged, client, tess):
    client.force_login(tess)
    assert client.post(f"/tenders/{logged.code}/audit/").status_code == 405
