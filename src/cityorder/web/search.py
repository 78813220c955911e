"""Global search: parts wherever they are (demand lines, order positions, the catalog, cross-references) and the
registry's organizations and products, each scoped by who may see it.

On PostgreSQL the words of a name are found by full-text search (the «simple» configuration: part numbers and
Russian words alike, no stemming that would mangle codes), beside a plain «contains» on part numbers; on SQLite a
plain «contains» over both (the matching rows of a rare text found through the GIN indexes first: below), on SQLite a
plain «contains» over both, with the case variants SQLite needs for Cyrillic (registry.queries.text_q), over the
candidates its trigram index (web.search_index) gives for a text of three characters or more, or over every row
the user sees when the index cannot narrow them (a shorter text, or one so common the first rows match). A query
that looks like a part number (a digit, at most two words) is also compared by the engine's part key, so
«kr142en5a» finds КР142ЕН5А and «LM 317T» finds LM317T.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet

from cityorder.accounts import access
from cityorder.demand import access as demand_access
from cityorder.demand.models import DemandLine
from cityorder.engine.identity import normalize_part_number, part_key
from cityorder.order import queries as order_queries
from cityorder.order.models import Position
from cityorder.registry import queries as registry_queries
from cityorder.registry.models import Organization, Product
from cityorder.substitution import access as substitution_access
from cityorder.substitution.models import CatalogItem, CrossReference
from cityorder.web import search_index

LIMIT = 20
# Up to this many matching rows by PostgreSQL's estimate, they are found through the indexes before being ordered.
FEW_ROWS = 5000


@dataclass(slots=True)
class SearchResults:
    text: str
    organizations: list[Organization] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    lines: list[DemandLine] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    catalog: list[CatalogItem] = field(default_factory=list)
    xrefs: list[CrossReference] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any((self.organizations, self.products, self.lines, self.positions, self.catalog, self.xrefs))


def global_search(user: Any, text: str, limit: int = LIMIT) -> SearchResults:
    text = " ".join(text.split())[:200]
    found = SearchResults(text)
    if not text:
        return found
    found.organizations, found.products = registry_queries.global_search(user, text, limit)
    key = _part_key(text)
    found.lines = _first(_matching(demand_access.visible_demand_lines(user), text, key, words=("name", "description"),
                                   codes=("part_number",)), limit, "submission__customer", "submission__campaign",
                         "source")
    orders = _current_versions(user)
    found.positions = _first(_matching(Position.objects.filter(order__in=orders), text, key, words=("name",),
                                       codes=("part_number",), key_fields=("key",)).order_by("-total", "pk"),
                             limit, "order__campaign")
    found.catalog = _first(_matching(substitution_access.visible_catalog_items(user), text, key, words=("name",),
                                     codes=("part_number", "manufacturer"), key_fields=("key",)), limit, "organization")
    if access.is_department(user):  # cross-references are the department's reference data
        found.xrefs = list(_matching(CrossReference.objects.all(), text, key, words=("note",),
                                     codes=("part_number", "analog_part_number"),
                                     key_fields=("key", "analog_key"))[:limit])
    return found


def _first(queryset: QuerySet[Any], limit: int, *related: str) -> list[Any]:
    """The first ``limit`` rows of ``queryset`` in its order, with their related rows joined for those rows only.
    Joined before the limit, SQLite began its plan with the smallest table and sorted every match (a common word:
    all 1M lines, 6 s); alone, the rows' own query walks their index and stops at ``limit``."""
    ids = list(queryset.values_list("pk", flat=True)[:limit])
    return list(queryset.filter(pk__in=ids).select_related(*related)) if ids else []


def _current_versions(user: Any) -> QuerySet[Any]:
    """The published version of each campaign and its latest one: older versions would repeat every part."""
    from django.db.models import OuterRef, Subquery

    visible = order_queries.orders_for(user)
    latest = visible.model.objects.filter(campaign=OuterRef("campaign")).order_by("-number").values("pk")[:1]
    return visible.filter(Q(published=True) | Q(pk=Subquery(latest))).values("pk")


def _part_key(text: str) -> str:
    if not any(ch.isdigit() for ch in text) or len(text.split()) > 2:
        return ""
    return part_key(normalize_part_number(text, ""))


def _matching(queryset: QuerySet[Any], text: str, key: str, *, words: tuple[str, ...], codes: tuple[str, ...],
              key_fields: tuple[str, ...] = ()) -> QuerySet[Any]:
    condition = registry_queries.text_q(text, *codes, *words)
    if key:
        for name in key_fields:
            condition |= Q(**{f"{name}__icontains": key})
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        queryset = queryset.annotate(_search=SearchVector(*words, config="simple"))
        condition |= Q(_search=SearchQuery(text, config="simple", search_type="websearch"))
        return _pg_narrowed(queryset, condition)
    # The index narrows the rows to a few candidates; the condition above still decides which of them match,
    # so the results are the plain scan's.
    ids = search_index.candidate_ids(connection, queryset.model._meta.label, [
        (codes + words, registry_queries.text_variants(text)), (key_fields, [key] if key else [])])
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.filter(condition)


def _pg_narrowed(queryset: QuerySet[Any], condition: Q) -> QuerySet[Any]:
    """The rows of ``queryset`` that meet ``condition``, in the queryset's order, with a plan that stays fast.

    Asked for the first rows in order, PostgreSQL walks the order's index and tests each row, expecting the matches
    spread evenly; a rare text whose few matches lie at the end (one customer's lines) made it read all 1M lines
    (1.9 s). So when its estimate says the matches are few, they are collected first through the GIN indexes
    (17 ms for that text) and then ordered; a common text keeps the walk, which meets its
    first rows at once. Either way the rows are the same as the plain query's."""
    matching = queryset.filter(condition).order_by().values("pk")
    try:
        sql, params = matching.query.sql_with_params()
    except EmptyResultSet:  # the user sees none of these rows: no query to plan
        return queryset.none()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        estimate = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
    if estimate > FEW_ROWS:
        return queryset.filter(condition)
    # Unordered, the query has no index to walk: the planner reaches the few rows by the GIN indexes' bitmaps.
    ids = [row["pk"] for row in matching[:FEW_ROWS + 1]]
    if len(ids) > FEW_ROWS:  # the estimate was wrong: so many matches that the walk meets them early
        return queryset.filter(condition)
    return queryset.filter(pk__in=ids)
