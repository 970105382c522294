# The search words' tsvector stored beside them (a generated column), so a phrase match is rechecked against the
# stored vector instead of tokenising every candidate narrative again. PostgreSQL only; SQLite searches without it.
from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE public_publishedcomplaint ADD COLUMN IF NOT EXISTS search_vector tsvector "
                              "GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED")
        schema_editor.execute("CREATE INDEX IF NOT EXISTS public_search_vector ON public_publishedcomplaint "
                              "USING gin (search_vector)")
        schema_editor.execute("DROP INDEX IF EXISTS public_search")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS public_search ON public_publishedcomplaint "
                              "USING gin (to_tsvector('simple', search_tokens))")
        schema_editor.execute("ALTER TABLE public_publishedcomplaint DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("public", "0002_search_index")]
    operations = [migrations.RunPython(create, drop)]
