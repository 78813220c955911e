"""The review queue: the analysts' verdicts on probable matches are stored at once and honoured by the next
consolidation; an automatic merge can be split; a decision can be undone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cityorder.order.models import MatchDecision, Verdict
from tests.order.helpers import consolidate, position_named

pytestmark = pytest.mark.django_db


def test_queue_shows_the_undecided_pair_side_by_side_with_the_engines_reason(client, alice, version):
    client.force_login(alice)
    response = client.get(reverse("order:review", args=[version.pk]))
    queue = response.context["queue"]
    [pair] = queue.open
    assert (queue.open.paginator.count, queue.merged.paginator.count, queue.decisions.paginator.count) == (1, 1, 0)
    assert {pair.a.position.name, pair.b.position.name} == {"Кабель питания сетевой черный",
                                                            "Кабель питания сетевой чорный"}
    assert pair.a.customers and pair.b.customers and pair.a.customers != pair.b.customers
    [merged] = queue.merged
    assert merged.match.reason.startswith("merged automatically")
    page = response.content.decode()
    assert "«черный» / «чорный»" in page and 'value="same"' in page and 'value="different"' in page
    assert "apply from the next consolidation" in page


def test_same_position_is_stored_and_joins_the_pair_in_the_next_version(client, alice, version, two_customers):
    client.force_login(alice)
    match = version.matches.get(merged=False)
    response = client.post(reverse("order:decide", args=[version.pk, match.pk]), {"verdict": "same"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert f'id="pair-{match.pk}"' in fragment and 'data-verdict="same"' in fragment
    decision = MatchDecision.objects.get()
    assert (decision.key_a, decision.key_b) == tuple(sorted((match.key_a, match.key_b)))
    assert decision.verdict == Verdict.SAME and decision.decided_by == alice

    queue = client.get(reverse("order:review", args=[version.pk])).context["queue"]
    assert list(queue.open) == [] and queue.open.paginator.count == 0
    assert [d.pk for d in queue.decisions] == [decision.pk] and queue.decisions.paginator.count == 1
    following = consolidate(two_customers, alice)
    [cable] = following.positions.filter(name__startswith="Кабель")
    assert cable.quantities == {"2026": 13.0, "2027": 13.0, "2028": 13.0} and cable.customers == 2
    assert sorted(cable.merged_keys) == sorted((match.key_a, match.key_b))
    assert not following.matches.filter(merged=False).exists()


def test_splitting_an_automatic_merge_gives_two_positions_next_time_and_undo_joins_them_again(
        client, alice, version, two_customers):
    client.force_login(alice)
    merge = version.matches.get(merged=True)
    response = client.post(reverse("order:decide", args=[version.pk, merge.pk]), {"verdict": "different"})
    assert response.status_code == 302
    page = client.get(reverse("order:review", args=[version.pk])).content.decode()
    assert "Split from the next consolidation" in page
    assert version.positions.filter(name__startswith="Блок питания").count() == 1  # this version stays as it is

    split = consolidate(two_customers, alice)
    supplies = split.positions.filter(name__startswith="Блок питания")
    assert sorted(p.total for p in supplies) == [3.0, 10.0] and not split.matches.filter(merged=True).exists()

    decision = MatchDecision.objects.get(verdict=Verdict.DIFFERENT)
    response = client.get(reverse("order:review", args=[split.pk]))
    assert decision in response.context["queue"].decisions
    client.post(reverse("order:decision_clear", args=[split.pk, decision.pk]))
    assert not MatchDecision.objects.exists()
    again = consolidate(two_customers, alice)
    assert position_named(again, "Блок питания").total == 13.0


def test_a_decision_needs_a_verdict_and_a_match_of_the_version(client, alice, version, two_customers):
    client.force_login(alice)
    match = version.matches.get(merged=False)
    assert client.post(reverse("order:decide", args=[version.pk, match.pk]), {"verdict": "maybe"}).status_code == 400
    other = consolidate(two_customers, alice)
    assert client.post(reverse("order:decide", args=[other.pk, match.pk]), {"verdict": "same"}).status_code == 404
    assert not MatchDecision.objects.exists()
