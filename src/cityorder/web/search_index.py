"""The SQLite index of the global search (web.search): FTS5 tables with the trigram tokenizer over the fields the
search looks in, so that its «contains» finds the few matching rows without reading every demand line, position
and catalog product (a plain scan of 1M demand lines took 4 s a request).

The tables are external-content: the index holds the trigrams, the text stays in the model's table, and triggers
keep the two in step on insert, on an update of a searched field and on delete (``bulk_create``'s INSERTs fire
them too). The index only proposes candidate ids: web.search still applies its own «contains» and the user's scope
to them, so a stale index could miss a row but never show one the user may not see.

Django alters a SQLite table by remaking it (a new table filled from the old one, the old one dropped), and
dropping a table drops its triggers: ``ensure``, run after every ``migrate``, puts back what is missing (or was
built from an older list of columns) and rebuilds that index. PostgreSQL has its own trigram and full-text indexes
(migrations/0001_search_indexes.py); nothing here runs there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

# A query of fewer characters has no trigram, so the index cannot answer it (FTS5 finds no rows for it).
MIN_LENGTH = 3
# More candidates than this and the text is common: the plain scan finds the first matches at once, while reading
# every id out of the index and looking each row up costs seconds at a million rows.
MAX_CANDIDATES = 1000


@dataclass(frozen=True, slots=True)
class Index:
    model: str  # app_label.ModelName of the indexed model
    source: str  # its table, the external content
    columns: tuple[str, ...]  # every field web.search looks in, for that model

    @property
    def table(self) -> str:
        return "search_" + self.source.split("_", 1)[1]

    def statements(self) -> list[str]:
        """The FTS5 table and the triggers that keep it in step with the model's table."""
        columns = ", ".join(f'"{c}"' for c in self.columns)
        new = ", ".join(f'new."{c}"' for c in self.columns)
        old = ", ".join(f'old."{c}"' for c in self.columns)
        insert = f'INSERT INTO "{self.table}"(rowid, {columns}) VALUES (new.id, {new});'
        # An external-content index forgets a row by being told the values it indexed for it.
        delete = f'INSERT INTO "{self.table}"("{self.table}", rowid, {columns}) VALUES (\'delete\', old.id, {old});'
        return [
            f'CREATE VIRTUAL TABLE IF NOT EXISTS "{self.table}" USING fts5({columns}, content="{self.source}", '
            f"content_rowid=\"id\", tokenize='trigram')",
            f'CREATE TRIGGER IF NOT EXISTS "{self.table}_insert" AFTER INSERT ON "{self.source}" BEGIN {insert} END',
            f'CREATE TRIGGER IF NOT EXISTS "{self.table}_delete" AFTER DELETE ON "{self.source}" BEGIN {delete} END',
            # Only a change of a searched field touches the index: a line's status or quantities do not.
            f'CREATE TRIGGER IF NOT EXISTS "{self.table}_update" AFTER UPDATE OF {columns} ON "{self.source}" '
            f"BEGIN {delete} {insert} END",
        ]

    @property
    def triggers(self) -> tuple[str, ...]:
        return tuple(f"{self.table}_{event}" for event in ("insert", "delete", "update"))


INDEXES = (
    Index("demand.DemandLine", "demand_demandline", ("part_number", "name", "description")),
    Index("order.Position", "order_position", ("part_number", "name", "key")),
    Index("substitution.CatalogItem", "substitution_catalogitem", ("part_number", "manufacturer", "name", "key")),
    Index("substitution.CrossReference", "substitution_crossreference",
          ("part_number", "analog_part_number", "note", "key", "analog_key")),
)
BY_MODEL = {index.model: index for index in INDEXES}


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the indexes and their triggers and fill them from the rows already there (SQLite only)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for index in INDEXES:
            for sql in index.statements():
                cursor.execute(sql)
    rebuild(connection)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for index in INDEXES:
            _drop(cursor, index)


def rebuild(connection: BaseDatabaseWrapper, indexes: tuple[Index, ...] = INDEXES) -> None:
    """Index every row of the models' tables again: after rows were written past the triggers, or the triggers
    were lost."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for index in indexes:
            cursor.execute(f'INSERT INTO "{index.table}"("{index.table}") VALUES (\'rebuild\')')


def ensure(using: str = "default", **_kwargs: Any) -> None:
    """After ``migrate``: put back the tables and triggers a remade model table lost, and rebuild those indexes.
    Nothing happens before this app's migration has installed them, nor on PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        if not any(index.table in present or present.intersection(index.triggers) for index in INDEXES):
            return
        broken = tuple(index for index in INDEXES
                       if not {index.table, *index.triggers} <= present or _columns(cursor, index) != index.columns)
        for index in broken:
            _drop(cursor, index)  # the table too: its columns may be an older list's
            for sql in index.statements():
                cursor.execute(sql)
    rebuild(connection, broken)


def _columns(cursor: Any, index: Index) -> tuple[str, ...]:
    cursor.execute(f'PRAGMA table_info("{index.table}")')
    return tuple(row[1] for row in cursor.fetchall())


def _drop(cursor: Any, index: Index) -> None:
    for trigger in index.triggers:
        cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    cursor.execute(f'DROP TABLE IF EXISTS "{index.table}"')


def candidate_ids(connection: BaseDatabaseWrapper, model: str,
                  needles: list[tuple[tuple[str, ...], list[str]]]) -> list[int] | None:
    """The ids of the rows of ``model`` where one of the columns of a needle contains one of its texts (ignoring
    case), as far as the index can tell — a superset of what the same «contains» finds by a plain scan — or None
    when the index cannot answer: not SQLite, a text shorter than the trigram, or more than MAX_CANDIDATES rows."""
    if connection.vendor != "sqlite" or model not in BY_MODEL:
        return None
    index = BY_MODEL[model]
    clauses = []
    for columns, texts in needles:
        if not columns or not texts:
            continue
        if any(c not in index.columns for c in columns):
            raise ValueError(f"{index.table} does not index all of {columns}")
        phrases = _phrases(texts)
        if any(len(p) < MIN_LENGTH or "\x00" in p for p in phrases):
            return None
        quoted = " OR ".join('"' + p.replace('"', '""') + '"' for p in phrases)
        clauses.append(f"{{{' '.join(columns)}}} : ({quoted})")
    if not clauses:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT rowid FROM "{index.table}" WHERE "{index.table}" MATCH %s LIMIT %s',
                       [" OR ".join(clauses), MAX_CANDIDATES + 1])
        ids = [pk for (pk,) in cursor.fetchall()]
    return ids if len(ids) <= MAX_CANDIDATES else None


def _phrases(texts: list[str]) -> list[str]:
    """The texts to look for in the index. The trigram tokenizer folds case itself, code point by code point; for
    ASCII and the Russian alphabet that fold is ``str.lower``, so the case variants of such a text are one phrase.
    Other scripts keep every variant: «ß» upper-cases to «SS», which no fold makes of «ß»."""
    if all(ch.isascii() or "\u0400" <= ch <= "\u045f" for text in texts for ch in text):
        return list(dict.fromkeys(text.lower() for text in texts))
    return list(dict.fromkeys(texts))
