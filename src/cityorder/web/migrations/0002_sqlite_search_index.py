"""The global search's full-text index on SQLite (web.search_index): FTS5 trigram tables over the searched fields
of demand lines, positions, catalog products and cross-references, their triggers, and the rows already there
indexed. PostgreSQL has 0001's indexes instead, so this does nothing there."""

from django.db import migrations

from cityorder.web import search_index


def create(apps, schema_editor):
    search_index.install(schema_editor.connection)


def drop(apps, schema_editor):
    search_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0001_search_indexes"),
        ("demand", "0005_file_deleting_status"),
        ("order", "0003_position_in_order"),
        ("substitution", "0002_stored_coverage"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
