"""Reads of the review queue of probable matches: the pairs of a version left to decide, its automatic merges and
the decisions an analyst may undo there, each paged in the database.

A version of 100k positions holds tens of thousands of pairs, so nothing here reads every pair, position or
decision of a version: a page reads its own pairs (walking the index of the version's matches by score), the
positions and customers of those pairs and the decisions on them, a fixed number of queries. Its counts are the
version's stored figures (its open and merged pairs, counted when it was saved) less the pairs decided since,
found from the decisions' side: decisions are an analyst's work, their number does not grow with the pairs.

Positions name customers, so all of this is the department's (access.can_see_order, checked by the views).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cityorder.order.models import CityOrder, MatchDecision, MergedKey, Position, PositionLine, ProbableMatch, Verdict

PAIRS_PER_PAGE = 20
DECISIONS_PER_PAGE = 50
BY_SCORE = ("-score", "pk")  # the order of the index «match_by_score»: a page stops after its rows


def pair_of(key_a: str, key_b: str) -> tuple[str, str]:
    """A pair of keys as MatchDecision stores it (sorted: one row a pair)."""
    first, second = sorted((key_a, key_b))
    return first, second


def undecided_matches(matches: QuerySet[ProbableMatch]) -> QuerySet[ProbableMatch]:
    """The probable matches left for review: not merged, and no decision on their pair (stored with its keys
    sorted, so either order of the match's keys is looked up; each an index probe)."""
    same = MatchDecision.objects.filter(key_a=OuterRef("key_a"), key_b=OuterRef("key_b"))
    swapped = MatchDecision.objects.filter(key_a=OuterRef("key_b"), key_b=OuterRef("key_a"))
    return matches.filter(merged=False).exclude(Exists(same)).exclude(Exists(swapped))


def decisions_for(matches: Iterable[ProbableMatch]) -> dict[tuple[str, str], MatchDecision]:
    """The decisions on the pairs of some matches (a page's), by their sorted pair of keys: one query."""
    pairs = {pair_of(m.key_a, m.key_b) for m in matches}
    if not pairs:
        return {}
    wanted = Q()
    for key_a, key_b in pairs:
        wanted |= Q(key_a=key_a, key_b=key_b)
    return {(d.key_a, d.key_b): d for d in MatchDecision.objects.filter(wanted).select_related("decided_by")}


# Counts ---------------------------------------------------------------------------------------------------------


def decided_count(order: CityOrder, *, merged: bool) -> int:
    """How many of the version's matches (open or merged) have a decision, counted from the decisions: for each,
    its matches in the version by either order of its keys (index «match_by_key»)."""
    def matching(key_a: str, key_b: str) -> Subquery:
        found = (ProbableMatch.objects.filter(order=order, merged=merged, key_a=OuterRef(key_a),
                                              key_b=OuterRef(key_b))
                 .order_by().values("order").annotate(n=Count("pk")).values("n"))
        return Subquery(found, output_field=IntegerField())

    total = (MatchDecision.objects.order_by()
             .annotate(n=Coalesce(matching("key_a", "key_b"), 0) + Coalesce(matching("key_b", "key_a"), 0))
             .aggregate(total=Sum("n"))["total"])
    return int(total or 0)


def _stored_count(order: CityOrder, figure: str, merged: bool) -> int:
    """The version's open or merged pairs as counted when it was saved; counted now for a version without them."""
    stats = order.stats or {}
    if figure in stats:
        return int(stats[figure])
    return order.matches.filter(merged=merged).count()


def open_count(order: CityOrder) -> int:
    """The version's probable matches nobody has decided yet."""
    return _stored_count(order, "probable_matches", merged=False) - decided_count(order, merged=False)


def merged_count(order: CityOrder) -> int:
    return _stored_count(order, "auto_merged", merged=True)


class CountedPaginator(Paginator):
    """A paginator told its count, so it does not count the rows of a query that is dear to count."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


# Decisions ------------------------------------------------------------------------------------------------------


def decisions_on(order: CityOrder) -> QuerySet[MatchDecision]:
    """The decisions about keys this version holds (a position's key or a key joined into one: MergedKey), or
    taken in its campaign: the ones an analyst may undo here, newest first. Each decision's keys are looked up
    by the version's indexes; the version's positions are not read. (Scalar subqueries, not EXISTS: PostgreSQL
    turns an EXISTS under OR into a hash of every position of the version.)"""
    def first(model: type[Position] | type[MergedKey], field: str) -> Subquery:
        return Subquery(model.objects.filter(order=order, key=OuterRef(field)).order_by().values("pk")[:1])

    held = {f"held_{n}": first(model, field) for n, (model, field) in enumerate(
        (m, f) for f in ("key_a", "key_b") for m in (Position, MergedKey))}
    chosen = Q(campaign=order.campaign_id)
    for name in held:
        chosen |= Q(**{f"{name}__isnull": False})
    return (MatchDecision.objects.annotate(**held).filter(chosen).select_related("decided_by")
            .order_by("-decided_at", "-pk"))


# Pairs ----------------------------------------------------------------------------------------------------------


@dataclass
class Side:
    position: Position | None
    position_id: str
    key: str
    customers: list[str]
    quantities: list[tuple[int, float]]  # (year, quantity) over the version's years


@dataclass
class ReviewPair:
    match: ProbableMatch
    a: Side
    b: Side
    decision: MatchDecision | None

    @property
    def split_pending(self) -> bool:
        """An automatic merge the analysts split: the next version keeps the two apart."""
        return self.decision is not None and self.decision.verdict == Verdict.DIFFERENT


def review_pairs(order: CityOrder, matches: Sequence[ProbableMatch]) -> list[ReviewPair]:
    """Some matches of the version (a page, or the one an htmx decision swaps in) with both sides' positions,
    customers and the decision on each pair: three queries whatever the number of matches."""
    ids = {m.position_a for m in matches} | {m.position_b for m in matches}
    positions = {p.position_id: p for p in order.positions.filter(position_id__in=ids)} if ids else {}
    customers = customer_names(order, ids) if ids else {}
    decisions = decisions_for(matches)

    def side(position_id: str, key: str) -> Side:
        position = positions.get(position_id)
        quantities = [(y, position.quantity(y) if position else 0.0) for y in order.years]
        return Side(position, position_id, key, customers.get(position_id, []), quantities)

    return [ReviewPair(m, side(m.position_a, m.key_a), side(m.position_b, m.key_b),
                       decisions.get(pair_of(m.key_a, m.key_b))) for m in matches]


def review_pair(order: CityOrder, match: ProbableMatch) -> ReviewPair:
    [pair] = review_pairs(order, [match])
    return pair


def customer_names(order: CityOrder, position_ids: Iterable[str]) -> dict[str, list[str]]:
    """The names of the customers whose lines some positions of the version count, by position id."""
    found: dict[str, list[str]] = defaultdict(list)
    rows = (PositionLine.objects.filter(position__order=order, position__position_id__in=list(position_ids))
            .values_list("position__position_id", "customer__short_name").distinct()
            .order_by("position__position_id", "customer__short_name"))
    for position_id, name in rows:
        found[position_id].append(name)
    return found


# The queue ------------------------------------------------------------------------------------------------------


@dataclass
class ReviewQueue:
    """The three lists of the review page, each one page of pairs (ReviewPair) or decisions (MatchDecision); the
    full counts are each page's ``paginator.count``."""

    open: Page
    merged: Page
    decisions: Page


def review_queue(order: CityOrder, *, open_page: Any = 1, merged_page: Any = 1, decisions_page: Any = 1,
                 per_page: int = PAIRS_PER_PAGE) -> ReviewQueue:
    """Probable matches still to decide (highest score first), the automatic merges, and the decisions taken on
    keys of this version, each at its page (a number from the query string; out of range gives the last page).
    Decisions are global: they apply from the next consolidation of any campaign."""
    undecided = CountedPaginator(undecided_matches(order.matches.all()).order_by(*BY_SCORE), per_page,
                                 open_count(order)).get_page(open_page)
    merges = CountedPaginator(order.matches.filter(merged=True).order_by(*BY_SCORE), per_page,
                              merged_count(order)).get_page(merged_page)
    decisions = decisions_on(order)
    taken = CountedPaginator(decisions, DECISIONS_PER_PAGE, decisions.count()).get_page(decisions_page)
    to_decide, joined = list(undecided.object_list), list(merges.object_list)
    pairs = review_pairs(order, [*to_decide, *joined])  # the two lists' sides and decisions read together
    undecided.object_list, merges.object_list = pairs[:len(to_decide)], pairs[len(to_decide):]
    return ReviewQueue(open=undecided, merged=merges, decisions=taken)


def latest_versions_with_open_matches() -> list[tuple[CityOrder, int]]:
    """The latest version of each campaign with how many probable matches nobody has decided yet, where any is
    left (by campaign code): two queries whatever the number of campaigns, versions or matches."""
    latest = CityOrder.objects.filter(campaign=OuterRef("campaign")).order_by("-number").values("pk")[:1]
    undecided = (undecided_matches(ProbableMatch.objects.filter(order=OuterRef("pk"))).order_by()
                 .values("order").annotate(n=Count("pk")).values("n"))
    versions = (CityOrder.objects.filter(pk=Subquery(latest)).select_related("campaign")
                .annotate(open_count=Coalesce(Subquery(undecided, output_field=IntegerField()), Value(0)))
                .filter(open_count__gt=0).order_by("campaign__code"))
    return [(order, order.open_count) for order in versions]


def match_of(order: CityOrder, pk: int) -> ProbableMatch:
    return order.matches.select_related("order__campaign").get(pk=pk)
