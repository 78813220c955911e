"""Indexes for the global search on PostgreSQL (web.search): trigram indexes for its «contains, ignoring case»
(Django's ``icontains`` is ``UPPER(col) LIKE UPPER('%…%')``, which a GIN index of UPPER(col) with gin_trgm_ops
answers) and full-text indexes on the very ``to_tsvector('simple', …)`` expressions the search builds. Without
them every search read every demand line, position and catalog product. SQLite has neither and keeps its plain
scan, so the operations run on PostgreSQL only (and are not model indexes, which would reach SQLite too)."""

from django.db import migrations

TRIGRAM = {  # table: columns searched with icontains
    "demand_demandline": ["part_number", "name", "description"],
    "order_position": ["part_number", "name", "key"],
    "substitution_catalogitem": ["part_number", "manufacturer", "name", "key"],
}
WORDS = {  # table: the columns of its SearchVector, in the order web.search passes them
    "demand_demandline": ["name", "description"],
    "order_position": ["name"],
    "substitution_catalogitem": ["name"],
}


def _statements() -> list[tuple[str, str]]:
    found = []
    for table, columns in TRIGRAM.items():
        for column in columns:
            name = f"search_{table.split('_', 1)[1]}_{column}_trgm"
            found.append((name, f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" '
                                f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'))
    for table, columns in WORDS.items():
        name = f"search_{table.split('_', 1)[1]}_words"
        vector = " || ' ' || ".join(f"""COALESCE("{column}", '')""" for column in columns)
        found.append((name, f"CREATE INDEX IF NOT EXISTS {name} ON \"{table}\" "
                            f"USING gin (to_tsvector('simple'::regconfig, {vector}))"))
    return found


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for _name, sql in _statements():
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in _statements():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("demand", "0002_line_indexes_for_big_submissions"),
        ("order", "0002_version_figures"),
        ("substitution", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
