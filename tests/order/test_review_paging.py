"""The review queue pages in the database: its page asks the same number of queries and builds the same number
of rows whatever the number of pairs of the version, while its counts, pages and decisions stay right.

Versions are written as consolidation saves them (positions with a source line each, probable matches open and
merged, the figures counted at saving, the keys joined into positions as MergedKey rows), at two sizes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cityorder.order import review
from cityorder.order.models import (
    CityOrder,
    MatchDecision,
    MergedKey,
    Position,
    PositionLine,
    ProbableMatch,
    Verdict,
)
from tests.order.helpers import make_campaign

pytestmark = pytest.mark.django_db

PER_PAGE = review.PAIRS_PER_PAGE


def _version(alice, bob, code: str, pairs: int, merges: int, decided: int) -> CityOrder:
    """A version with ``pairs`` open probable matches (the first ``decided`` of them decided «different») and
    ``merges`` automatic merges, each merge's second key joined into its position; keys start with the code."""
    campaign = make_campaign(alice, bob, code=code)
    order = CityOrder.objects.create(campaign=campaign, number=1, years=[2026],
                                     stats={"probable_matches": pairs, "auto_merged": merges})
    positions = [Position(order=order, position_id=f"{code}-o{n}{side}", key=f"{code}:open:{n}:{side}",
                          name=f"Изделие {n}{side}", unit="pcs", total=1, quantities={"2026": 1})
                 for n in range(pairs) for side in "ab"]
    positions += [Position(order=order, position_id=f"{code}-m{n}", key=f"{code}:merge:{n}:a", name=f"Сборка {n}",
                           unit="pcs", total=2, quantities={"2026": 2},
                           merged_keys=[f"{code}:merge:{n}:a", f"{code}:merge:{n}:b"]) for n in range(merges)]
    Position.objects.bulk_create(positions)
    saved = {p.position_id: p for p in order.positions.all()}
    PositionLine.objects.bulk_create([PositionLine(position=p, customer=bob.organization, name=p.name, unit="pcs",
                                                   quantities={"2026": 1}, total=1) for p in saved.values()])
    MergedKey.objects.bulk_create([MergedKey(order=order, position=saved[f"{code}-m{n}"], key=key)
                                   for n in range(merges) for key in saved[f"{code}-m{n}"].merged_keys])
    # Scores fall with n; a match stores its keys in either order (the engine's, not sorted).
    ProbableMatch.objects.bulk_create(
        [ProbableMatch(order=order, position_a=f"{code}-o{n}a", position_b=f"{code}-o{n}b",
                       key_a=f"{code}:open:{n}:{'ab'[n % 2]}", key_b=f"{code}:open:{n}:{'ba'[n % 2]}",
                       score=90 - n % 40, reason="same words", merged=False) for n in range(pairs)]
        + [ProbableMatch(order=order, position_a=f"{code}-m{n}", position_b=f"{code}-m{n}",
                         key_a=f"{code}:merge:{n}:a", key_b=f"{code}:merge:{n}:b", score=99, reason="merged",
                         merged=True) for n in range(merges)])
    MatchDecision.objects.bulk_create([MatchDecision(key_a=f"{code}:open:{n}:a", key_b=f"{code}:open:{n}:b",
                                                     verdict=Verdict.DIFFERENT, campaign=campaign)
                                       for n in range(decided)])
    return order


@contextmanager
def _rows_built() -> Iterator[Counter[str]]:
    """How many model instances of each kind the code inside builds from the database."""
    built: Counter[str] = Counter()

    def count(sender: type, **_kwargs: object) -> None:
        built[sender.__name__] += 1

    post_init.connect(count, weak=False)
    try:
        yield built
    finally:
        post_init.disconnect(count)


def _review_page(client, order: CityOrder, query: str = "") -> tuple[int, Counter[str], review.ReviewQueue]:
    url = reverse("order:review", args=[order.pk]) + query
    client.get(url)  # the session settles on the first request
    with CaptureQueriesContext(connection) as queries, _rows_built() as built:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), built, response.context["queue"]


def test_the_review_page_asks_and_builds_as_much_for_many_pairs_as_for_few(client, alice, bob):
    client.force_login(alice)
    small = _version(alice, bob, "small", pairs=PER_PAGE + 5, merges=PER_PAGE + 1, decided=3)
    large = _version(alice, bob, "large", pairs=12 * PER_PAGE, merges=10 * PER_PAGE, decided=3)
    small_queries, small_built, _queue = _review_page(client, small)
    large_queries, large_built, queue = _review_page(client, large)
    assert large_queries == small_queries
    assert large_built == small_built
    # a page of each list: its pairs, their two sides, one decision list's page; nothing counted by the row
    assert large_built["ProbableMatch"] == 2 * PER_PAGE and large_built["Position"] <= 3 * PER_PAGE
    assert queue.open.paginator.count == 12 * PER_PAGE - 3 and queue.merged.paginator.count == 10 * PER_PAGE
    assert queue.decisions.paginator.count == 3 and len(queue.decisions) == 3


def test_the_decisions_taken_are_paged_too(client, alice, bob):
    client.force_login(alice)
    order = _version(alice, bob, "many", pairs=review.DECISIONS_PER_PAGE + 5, merges=0,
                     decided=review.DECISIONS_PER_PAGE + 2)
    _n, built, queue = _review_page(client, order, "?decisions_page=2")
    assert queue.decisions.paginator.count == review.DECISIONS_PER_PAGE + 2 and len(queue.decisions) == 2
    assert built["MatchDecision"] == 2 and queue.open.paginator.count == 3


def test_the_pages_of_the_queue_hold_every_undecided_pair_once_by_score(client, alice, bob):
    client.force_login(alice)
    order = _version(alice, bob, "paged", pairs=2 * PER_PAGE + 7, merges=3, decided=5)
    decided = {f"paged-o{n}a" for n in range(5)}
    seen: list[review.ReviewPair] = []
    for number in (1, 2, 3):
        _n, _built, queue = _review_page(client, order, f"?page={number}")
        assert queue.open.number == number and queue.open.paginator.num_pages == 3
        seen += list(queue.open)
    ids = [p.match.position_a for p in seen]
    assert len(ids) == len(set(ids)) == 2 * PER_PAGE + 2 and not decided & set(ids)
    assert [p.match.score for p in seen] == sorted((p.match.score for p in seen), reverse=True)
    assert all(p.a.position and p.b.position and p.a.customers == [str(bob.organization.short_name)]
               for p in seen)
    _n, _built, beyond = _review_page(client, order, "?page=99")
    assert beyond.open.number == 3  # a page past the end shows the last


def test_a_decision_takes_its_pair_off_the_count_and_undo_puts_it_back(client, alice, bob):
    client.force_login(alice)
    order = _version(alice, bob, "decide", pairs=PER_PAGE + 1, merges=2, decided=0)
    first = review.review_queue(order).open[0].match
    client.post(reverse("order:decide", args=[order.pk, first.pk]), {"verdict": "same"}, HTTP_HX_REQUEST="true")
    _n, _built, queue = _review_page(client, order)
    assert queue.open.paginator.count == PER_PAGE and first.pk not in {p.match.pk for p in queue.open}
    [decision] = queue.decisions
    client.post(reverse("order:decision_clear", args=[order.pk, decision.pk]))
    _n, _built, queue = _review_page(client, order)
    assert queue.open.paginator.count == PER_PAGE + 1 and queue.open[0].match == first


def test_a_split_merge_shows_on_its_page_and_its_decision_is_found_by_the_joined_key(client, alice, bob):
    """A decision on a key that only a position's merged keys hold is the version's, one on another campaign's
    keys is not."""
    client.force_login(alice)
    order = _version(alice, bob, "joined", pairs=1, merges=PER_PAGE + 2, decided=0)
    other = _version(alice, bob, "other", pairs=2, merges=0, decided=1)
    merged = order.matches.get(key_b="joined:merge:21:b")
    client.post(reverse("order:decide", args=[order.pk, merged.pk]), {"verdict": "different"})
    decision = MatchDecision.objects.get(key_b="joined:merge:21:b")
    MatchDecision.objects.filter(pk=decision.pk).update(campaign=None)  # its campaign since deleted

    _n, _built, queue = _review_page(client, order, "?merged_page=2")
    [split] = [p for p in queue.merged if p.match == merged]
    assert split.split_pending and queue.merged.paginator.count == PER_PAGE + 2
    assert [d.pk for d in queue.decisions] == [decision.pk]
    _n, _built, elsewhere = _review_page(client, other)
    assert decision.pk not in {d.pk for d in elsewhere.decisions} and elsewhere.decisions.paginator.count == 1
    assert elsewhere.open.paginator.count == 1


def test_a_version_saved_without_its_figures_is_counted_from_its_rows(alice, bob):
    order = _version(alice, bob, "old", pairs=4, merges=2, decided=1)
    CityOrder.objects.filter(pk=order.pk).update(stats={})
    order.refresh_from_db()
    queue = review.review_queue(order)
    assert (queue.open.paginator.count, queue.merged.paginator.count) == (3, 2)
