"""The submission page's lines table is counted by the lines-by-status figures it shows anyway, unless a file or a
text narrows it: the paginator's count is the number of rows the filter leaves in every case."""

from __future__ import annotations

import pytest

from cityorder.demand import services
from cityorder.demand.models import DemandLine, LineStatus

pytestmark = pytest.mark.django_db


def test_the_lines_tables_count_is_the_filtered_rows_count(client, alice, bob):
    campaign = services.campaign_create(actor=alice, code="count", title="Счёт", year_from=2026, year_to=2026,
                                        kinds=["components"], invited=[bob.organization])
    submission = services.submission_open(actor=bob, campaign=campaign)
    for n in range(60):
        services.line_add(actor=bob, submission=submission, name=f"Таймер {n}", unit="шт", quantities={"2026": "1"})
    DemandLine.objects.filter(pk__in=list(submission.lines.values_list("pk", flat=True)[:7])).update(
        status=LineStatus.ERROR)
    client.force_login(bob)
    for query, expected in (({}, 60), ({"status": "error"}, 7), ({"status": "ok"}, 53), ({"status": "skipped"}, 0),
                            ({"q": "Таймер 1"}, 11), ({"status": "nonsense"}, None)):
        response = client.get(f"/demand/submissions/{submission.pk}/", query)
        assert response.status_code == 200
        table = response.context["table"]
        filtered = response.context["filter"].qs.count()
        assert table.paginator.count == filtered == (filtered if expected is None else expected), query
