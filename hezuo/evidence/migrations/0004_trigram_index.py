"""On SQLite, a trigram index over the entries' text for terms of three characters or more."""

from django.db import migrations


def create(apps, schema_editor):
    from hezuo.evidence import search_index

    if schema_editor.connection.vendor == "sqlite":
        for statement in search_index.SQLITE_TRIGRAM_SCHEMA:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    from hezuo.evidence import search_index

    if schema_editor.connection.vendor == "sqlite":
        for statement in search_index.SQLITE_TRIGRAM_TEARDOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0003_search_index")]

    operations = [migrations.RunPython(create, drop)]
