"""Storing and deleting a big file's lines, hundreds of thousands at a time.

The ORM's bulk_create builds one INSERT per ~45 rows on SQLite (999 variables a statement), and delete() of
lines that other tables point at lists every id, first in memory, then in one statement SQLite refuses («too many
SQL variables»). Here one prepared INSERT is run for a batch of rows (executemany), with the values the ORM itself
prepares, and a delete is two statements whatever the number of lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django.db import connection, models
from django.db.models import QuerySet

from cityorder.demand.models import DemandLine


def insert_lines(lines: Sequence[DemandLine]) -> None:
    """Insert new lines (no ids yet) as the ORM would, defaults and auto_now included."""
    if not lines:
        return
    fields = [f for f in DemandLine._meta.concrete_fields if not isinstance(f, models.AutoField)]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(DemandLine._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    rows = [[f.get_db_prep_save(f.pre_save(line, True), connection) for f in fields] for line in lines]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def delete_lines(lines: QuerySet[DemandLine]) -> int:
    """Delete the lines; what points at them (the order's source lines, SET_NULL) lets go of them first."""
    ids = lines.order_by().values("pk")
    for relation in DemandLine._meta.related_objects:
        model = cast(type[models.Model], relation.related_model)
        if relation.on_delete is not models.SET_NULL:  # a new kind of reference must be thought about here
            raise NotImplementedError(f"{model.__name__}.{relation.field.name}: {relation.on_delete}")
        model._base_manager.filter(**{f"{relation.field.name}__in": ids}).update(**{relation.field.name: None})
    subquery, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(DemandLine._meta.db_table)} "
                       f"WHERE {connection.ops.quote_name('id')} IN ({subquery})", params)
        return cursor.rowcount
