"""Bulk loading of benchmark databases: PostgreSQL's COPY where the database is PostgreSQL, bulk_create elsewhere.

At the issue's full size (1M demand lines and their 1M position links, a 1M-product catalog) Django's bulk_create
on PostgreSQL spends most of the build compiling and sending INSERTs of 5,000 rows and updating the search's
trigram and full-text GIN indexes one row at a time: a build on the loaded two-core machine took about half an
hour. COPY sends the rows as a stream, and the GIN indexes are built once after the load from all the rows
(``search_indexes_dropped``), which PostgreSQL does far faster than it maintains them row by row. The tables stay
logged: they are the ones the pages are timed on.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


def insert(model: type[M], objects: list[M], batch_size: int = 5000) -> list[M]:
    """Write these new objects and give them their primary keys (both ways), returning them."""
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=batch_size)
    if not objects:
        return objects
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        # the ids are taken from the table's own sequence in one step, so later inserts by the app go on from them
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, pk.column])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + len(objects) - 1])
    for n, obj in enumerate(objects):
        obj.pk = first + n
        obj._state.adding = False
    fields = meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in _rows(fields, objects):
            copy.write_row(row)
    return objects


def _rows(fields: Iterable[Any], objects: Iterable[models.Model]) -> Iterator[list[Any]]:
    fields = list(fields)
    for obj in objects:
        # pre_save fills auto_now dates as save() would; get_db_prep_save adapts JSON as an INSERT would
        yield [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]


@contextmanager
def search_indexes_dropped() -> Iterator[None]:
    """On PostgreSQL, the search's GIN indexes (web/migrations/0001_search_indexes.py) are dropped for the load and
    built again after it, inside the caller's transaction; elsewhere nothing happens."""
    if connection.vendor != "postgresql":
        yield
        return
    statements = importlib.import_module("cityorder.web.migrations.0001_search_indexes")._statements()
    with connection.cursor() as cursor:
        for name, _sql in statements:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    yield
    with connection.cursor() as cursor:
        # an index is not built over rows whose deferred foreign-key checks are pending: they are run first
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # one pass over the rows per index
        for _name, sql in statements:
            cursor.execute(sql)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def fast_session() -> None:
    """The build commits once, but its session need not wait for the WAL flush of each of the helpers' commits
    (migrations, collectstatic's, the stored figures): a crash loses only a bench database built again."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
