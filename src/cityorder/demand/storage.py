"""Storing and deleting a big file's lines, hundreds of thousands at a time; and the stored files nobody
references any more.

The ORM's bulk_create builds one INSERT per ~45 rows on SQLite (999 variables a statement), and delete() of
lines that other tables point at lists every id, first in memory, then in one statement SQLite refuses («too many
SQL variables»). Here one prepared INSERT is run for a batch of rows (executemany), with the values the ORM itself
prepares, and a delete is two statements whatever the number of lines.

An upload's bytes are stored before its row is committed (the row must name them), and a removed file's bytes
go once its removal has committed; a process killed in between leaves bytes no row names.
``unreferenced_files_remove`` (the command ``cityorder sweep_uploads``) finds and removes them, and the
working folders of readings and imports whose process was killed (a copy of the file is made in one when the
storage is remote, and for every file imported by mail).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.files.storage import Storage
from django.db import connection, models
from django.db.models import QuerySet
from django.utils import timezone

from cityorder.demand.models import DemandLine, SourceFile

UPLOADS = "demand"  # where SourceFile.content stores (its upload_to)
# An upload in flight stores its bytes and commits its row within seconds; a file this old that no row names
# is left over.
GRACE = timedelta(hours=1)
# The temporary folders a reading or an import works in (tempfile.TemporaryDirectory's prefixes).
WORKDIR_PREFIXES = ("cityorder-read-", "cityorder-import-")


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


def unreferenced_files_remove(*, older_than: timedelta = GRACE) -> list[str]:
    """Remove the stored uploads no SourceFile names, older than ``older_than``; their names."""
    storage = SourceFile._meta.get_field("content").storage
    referenced = set(SourceFile.objects.values_list("content", flat=True))
    cutoff = timezone.now() - older_than
    removed = []
    for name in _stored(storage, UPLOADS):
        if name in referenced or storage.get_modified_time(name) > cutoff:
            continue
        storage.delete(name)
        removed.append(name)
    return removed + _left_workdirs_remove(older_than)


def _left_workdirs_remove(older_than: timedelta) -> list[str]:
    """Working folders of readings and imports older than any reading may run: their process was killed."""
    cutoff = time.time() - max(older_than.total_seconds(), settings.CITYORDER_READ_SECONDS,
                               settings.CITYORDER_READ_WALL_SECONDS)
    removed = []
    for folder in Path(tempfile.gettempdir()).iterdir():
        if folder.name.startswith(WORKDIR_PREFIXES) and folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(str(folder))
    return removed


def _stored(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored(storage, f"{folder}/{sub}")
