# Full-text search over published narratives: a GIN index on the Chinese-pair tokens (see search.py).
# PostgreSQL only; SQLite searches without an index.
from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS public_search ON public_publishedcomplaint "
                              "USING gin (to_tsvector('simple', search_tokens))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS public_search")


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
